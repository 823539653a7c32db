"""What the portal offers each side for a meeting at a given moment (meetings.queries.meeting_actions_for)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from meetings.enums import MeetingStatus
from meetings.queries import meeting_actions_for
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _at(meeting, minutes_from_start: int):
    return meeting.slot.starts_at + timedelta(minutes=minutes_from_start)


def test_proposed_meeting_before_its_slot_can_be_accepted_moved_or_cancelled_by_the_exhibitor():
    meeting = MeetingFactory(status=MeetingStatus.PROPOSED)
    assert meeting_actions_for(meeting=meeting, side="exhibitor", now=_at(meeting, -120)) == {
        "confirm",
        "move",
        "cancel",
    }
    # Only the exhibitor accepts a slot unless the event asks both sides.
    assert meeting_actions_for(meeting=meeting, side="buyer", now=_at(meeting, -120)) == {"move", "cancel"}


def test_confirmed_meeting_opens_check_in_half_an_hour_before_and_feedback_after_its_end():
    meeting = MeetingFactory(status=MeetingStatus.CONFIRMED)
    length = int((meeting.slot.ends_at - meeting.slot.starts_at).total_seconds() // 60)
    assert meeting_actions_for(meeting=meeting, side="buyer", now=_at(meeting, -31)) == {"cancel"}
    assert meeting_actions_for(meeting=meeting, side="buyer", now=_at(meeting, -30)) == {"cancel", "check_in"}
    assert meeting_actions_for(meeting=meeting, side="buyer", now=_at(meeting, 0)) == {
        "cancel",
        "check_in",
        "no_show",
    }
    assert meeting_actions_for(meeting=meeting, side="buyer", now=_at(meeting, length)) == {
        "check_in",
        "no_show",
        "feedback",
    }
    assert meeting_actions_for(meeting=meeting, side="buyer", now=_at(meeting, length + 61)) == {
        "no_show",
        "feedback",
    }


def test_cancelled_meeting_offers_nothing():
    meeting = MeetingFactory(status=MeetingStatus.CANCELLED)
    assert meeting_actions_for(meeting=meeting, side="exhibitor", now=_at(meeting, 0)) == frozenset()
