"""Moving or cancelling a confirmed meeting e-mails the other side, after commit, in their language."""

from datetime import time

import pytest
from django.core import mail

from meetings.enums import MeetingStatus
from meetings.models import Slot
from meetings.services import meeting_cancel, meeting_reschedule, slots_generate
from meetings.tasks import notify_meeting_change
from tests.factories import (
    EventDayFactory,
    EventFactory,
    MeetingFactory,
    OrganiserFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed():
    event = EventFactory()
    EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    slots = list(Slot.objects.filter(event=event))
    meeting = MeetingFactory(
        request__event=event,
        request__buyer__company="Metro Toshkent",
        request__exhibitor__company="CamCo LLC",
        slot=slots[0],
        status=MeetingStatus.CONFIRMED,
    )
    meeting.slots = slots
    meeting.buyer_user = TeamMemberFactory(
        exhibitor=None, buyer=meeting.buyer, user=UserFactory(email="b@t.example", language="ru")
    ).user
    meeting.exhibitor_user = TeamMemberFactory(exhibitor=meeting.exhibitor, user=UserFactory(email="e@t.example")).user
    return meeting


def test_cancel_by_the_buyer_emails_the_exhibitor_after_commit(confirmed, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=confirmed, by_user=confirmed.buyer_user, reason="Flight changed")
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [confirmed.pk, "cancelled", confirmed.buyer_user.pk]
    assert notify_meeting_change.call(*task.args_kwargs["args"]) == 1  # what the worker runs
    (email,) = mail.outbox
    assert email.to == ["e@t.example"]
    assert email.subject == "Your meeting with Metro Toshkent is cancelled"
    assert "Flight changed" in email.body


def test_move_by_an_organiser_emails_both_sides_in_their_language(confirmed, django_capture_on_commit_callbacks):
    organiser = OrganiserFactory(event=confirmed.event).user
    with django_capture_on_commit_callbacks(execute=True):
        meeting_reschedule(meeting=confirmed, slot=confirmed.slots[2], by_user=organiser)
    assert notify_meeting_change.call(confirmed.pk, "moved", organiser.pk) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "10:50" in by_address["e@t.example"].body  # 10:50 in Tashkent, not 05:50 UTC
    assert by_address["e@t.example"].subject == "Your meeting with Metro Toshkent has moved"


def test_nothing_is_sent_when_a_proposed_meeting_is_cancelled(confirmed, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    confirmed.status = MeetingStatus.PROPOSED
    confirmed.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=confirmed, by_user=confirmed.buyer_user)
    assert not DBTaskResult.objects.exists()
    assert mail.outbox == []
