"""Meeting actions from the portal (both roles): accept the slot, ask for another, cancel, check in, no-show,
rate. Shown only when allowed; a stranger gets 404; a refusal is a message, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from matchmaking.enums import EventPhase, SlotConfirmation
from meetings.enums import MeetingStatus
from meetings.models import Meeting, MeetingFeedback
from meetings.services import slots_generate
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    SlotFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def _slot(event, *, hours_from_now: float):
    start = timezone.now() + timedelta(hours=hours_from_now)
    return SlotFactory(event=event, starts_at=start, ends_at=start + timedelta(minutes=20))


@pytest.fixture
def parties():
    event = EventFactory(phase=EventPhase.PUBLISHED)
    exhibitor = ExhibitorFactory(event=event, company="CamCo LLC")
    buyer = BuyerFactory(event=event, company="Metro Toshkent")
    return {
        "event": event,
        "exhibitor_user": TeamMemberFactory(exhibitor=exhibitor).user,
        "buyer_user": TeamMemberFactory(exhibitor=None, buyer=buyer).user,
        "exhibitor": exhibitor,
        "buyer": buyer,
    }


def _meeting(parties, *, status=MeetingStatus.PROPOSED, hours_from_now: float = 48, **kwargs):
    event = parties["event"]
    return MeetingFactory(
        request__event=event,
        request__buyer=kwargs.pop("buyer", None) or parties["buyer"],
        request__exhibitor=parties["exhibitor"],
        slot=_slot(event, hours_from_now=hours_from_now),
        status=status,
        **kwargs,
    )


def _action(meeting, action: str) -> str:
    return reverse("meeting-action", kwargs={"slug": meeting.event.slug, "pk": meeting.pk, "action": action})


def _buttons(meeting, viewer: str) -> set[str]:
    html = render_to_string("frontend/_meeting_actions.html", {"meeting": meeting, "viewer": viewer})
    return {a for a in ("confirm", "move", "cancel", "check-in", "no-show", "feedback") if _action(meeting, a) in html}


# --- What is shown ------------------------------------------------------------------------------------------


def test_actions_for_a_future_proposed_meeting(parties):
    meeting = _meeting(parties)
    assert _buttons(meeting, "exhibitor") == {"confirm", "move", "cancel"}
    assert _buttons(meeting, "buyer") == {"move", "cancel"}  # the exhibitor confirms on this event


def test_buyer_may_accept_the_slot_when_the_event_asks_both_sides(parties):
    parties["event"].slot_confirmation = SlotConfirmation.BOTH
    parties["event"].save()
    meeting = _meeting(parties, exhibitor_confirmed_at=timezone.now())
    assert _buttons(meeting, "buyer") == {"confirm", "move", "cancel"}
    assert _buttons(meeting, "exhibitor") == {"move", "cancel"}


def test_actions_for_a_confirmed_meeting_about_to_start(parties):
    meeting = _meeting(parties, status=MeetingStatus.CONFIRMED, hours_from_now=0.25)
    assert _buttons(meeting, "exhibitor") == {"check-in", "cancel"}


def test_actions_for_a_meeting_that_is_running(parties):
    meeting = _meeting(parties, status=MeetingStatus.CONFIRMED, hours_from_now=-0.1)
    assert _buttons(meeting, "buyer") == {"check-in", "no-show", "cancel"}


def test_actions_after_a_confirmed_meeting(parties):
    meeting = _meeting(parties, status=MeetingStatus.CONFIRMED, hours_from_now=-0.5)
    assert _buttons(meeting, "exhibitor") == {"check-in", "no-show", "feedback"}
    long_ago = _meeting(
        parties, status=MeetingStatus.CONFIRMED, hours_from_now=-30, buyer=BuyerFactory(event=parties["event"])
    )
    assert _buttons(long_ago, "exhibitor") == {"no-show", "feedback"}


def test_actions_after_a_held_meeting_are_rating_only_once_checked_in(parties):
    now = timezone.now()
    meeting = _meeting(
        parties,
        status=MeetingStatus.COMPLETED,
        hours_from_now=-3,
        buyer_checked_in_at=now,
        exhibitor_checked_in_at=now,
    )
    assert _buttons(meeting, "buyer") == {"feedback"}


def test_no_actions_for_a_cancelled_meeting(parties):
    meeting = _meeting(parties, status=MeetingStatus.CANCELLED)
    assert _buttons(meeting, "exhibitor") == set()


# --- Doing them ---------------------------------------------------------------------------------------------


def test_exhibitor_accepts_the_proposed_slot_by_htmx(client, parties):
    meeting = _meeting(parties)
    client.force_login(parties["exhibitor_user"])
    response = client.post(_action(meeting, "confirm"), {"viewer": "exhibitor"}, **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Slot accepted: the meeting is confirmed." in body
    assert _action(meeting, "confirm") not in body
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED


def test_plain_post_redirects_back_with_a_message(client, parties):
    meeting = _meeting(parties)
    client.force_login(parties["exhibitor_user"])
    page = reverse("exhibitor-proposed", kwargs={"slug": parties["event"].slug})
    response = client.post(_action(meeting, "confirm"), HTTP_REFERER=f"http://testserver{page}")
    assert response.status_code == 302
    assert response.url == f"http://testserver{page}"
    assert "Slot accepted" in client.get(page).content.decode()


def test_plain_post_without_referer_goes_to_the_role_home(client, parties):
    meeting = _meeting(parties)
    client.force_login(parties["buyer_user"])
    response = client.post(_action(meeting, "cancel"), {"reason": "Flight changed"})
    assert response.url == reverse("buyer-home", kwargs={"slug": parties["event"].slug})
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == (MeetingStatus.CANCELLED, "Flight changed")


def test_ask_for_another_slot_moves_the_meeting(client, parties):
    event = parties["event"]
    day = EventDayFactory(event=event)
    slots_generate(event=event)
    parties["buyer"].days_attending.add(day)
    slot = event.slots.order_by("starts_at").first()
    meeting = MeetingFactory(
        request__event=event,
        request__buyer=parties["buyer"],
        request__exhibitor=parties["exhibitor"],
        slot=slot,
        status=MeetingStatus.PROPOSED,
    )
    client.force_login(parties["buyer_user"])
    response = client.post(_action(meeting, "move"), {"viewer": "buyer"}, **HX)
    assert "Moved to" in response.content.decode()
    new = Meeting.objects.get(request=meeting.request, status=MeetingStatus.PROPOSED)
    assert new.slot_id != slot.pk


def test_ask_for_another_slot_without_one_free_shows_the_reason(client, parties):
    meeting = _meeting(parties)  # the event has no other slot
    client.force_login(parties["exhibitor_user"])
    response = client.post(_action(meeting, "move"), **HX)
    assert response.status_code == 200
    assert "No other slot fits" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PROPOSED


def test_check_in_by_both_sides_marks_the_meeting_held(client, parties):
    meeting = _meeting(parties, status=MeetingStatus.CONFIRMED, hours_from_now=-0.05)
    for user in (parties["exhibitor_user"], parties["buyer_user"]):
        client.force_login(user)
        response = client.post(_action(meeting, "check-in"), **HX)
        assert "Checked in." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.COMPLETED


def test_no_show_before_the_start_is_refused_with_message(client, parties):
    meeting = _meeting(parties, status=MeetingStatus.CONFIRMED)
    client.force_login(parties["exhibitor_user"])
    response = client.post(_action(meeting, "no-show"), **HX)
    assert response.status_code == 200
    assert "only once it has started" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED


def test_no_show_after_the_start_is_recorded(client, parties):
    meeting = _meeting(parties, status=MeetingStatus.CONFIRMED, hours_from_now=-0.2)
    client.force_login(parties["exhibitor_user"])
    client.post(_action(meeting, "no-show"), **HX)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NO_SHOW


def test_cancel_a_cancelled_meeting_shows_the_refusal(client, parties):
    meeting = _meeting(parties, status=MeetingStatus.CANCELLED)
    client.force_login(parties["buyer_user"])
    response = client.post(_action(meeting, "cancel"), **HX)
    assert response.status_code == 200
    assert "This meeting has been cancelled." in response.content.decode()


def test_cancel_with_too_long_reason_keeps_the_text(client, parties):
    meeting = _meeting(parties, status=MeetingStatus.CONFIRMED)
    client.force_login(parties["buyer_user"])
    reason = "y" * 301
    response = client.post(_action(meeting, "cancel"), {"reason": reason}, **HX)
    body = response.content.decode()
    assert "at most 300 characters" in body
    assert reason in body
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED


def test_feedback_is_saved_for_the_viewers_side(client, parties):
    meeting = _meeting(parties, status=MeetingStatus.CONFIRMED, hours_from_now=-2)
    client.force_login(parties["buyer_user"])
    response = client.post(_action(meeting, "feedback"), {"rating": "4", "note": "Good offer"}, **HX)
    assert "your rating is saved" in response.content.decode()
    feedback = MeetingFeedback.objects.get(meeting=meeting)
    assert (feedback.side, feedback.rating, feedback.note) == ("buyer", 4, "Good offer")


@pytest.mark.parametrize("rating", ["", "0", "6", "five"])
def test_feedback_with_a_bad_rating_names_it_and_keeps_the_note(client, parties, rating):
    meeting = _meeting(parties, status=MeetingStatus.CONFIRMED, hours_from_now=-2)
    client.force_login(parties["exhibitor_user"])
    response = client.post(_action(meeting, "feedback"), {"rating": rating, "note": "Kept note"}, **HX)
    body = response.content.decode()
    assert "Rate from 1 to 5." in body
    assert "Kept note" in body
    assert not MeetingFeedback.objects.exists()


# --- Who may ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["confirm", "move", "cancel", "check-in", "no-show", "feedback"])
def test_a_stranger_gets_404_and_nothing_changes(client, parties, action):
    meeting = _meeting(parties)
    stranger = TeamMemberFactory(exhibitor=ExhibitorFactory(event=parties["event"])).user
    client.force_login(stranger)
    response = client.post(_action(meeting, action), {"rating": "5"})
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PROPOSED


def test_a_meeting_of_another_event_is_404_under_this_events_address(client, parties):
    meeting = _meeting(parties)
    client.force_login(parties["exhibitor_user"])
    other = EventFactory()
    url = reverse("meeting-action", kwargs={"slug": other.slug, "pk": meeting.pk, "action": "confirm"})
    assert client.post(url).status_code == 404


def test_an_unknown_action_is_404(client, parties):
    meeting = _meeting(parties)
    client.force_login(parties["exhibitor_user"])
    assert client.post(_action(meeting, "explode")).status_code == 404


def test_actions_need_login(client, parties):
    meeting = _meeting(parties)
    response = client.post(_action(meeting, "confirm"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_actions_refuse_get(client, parties):
    meeting = _meeting(parties)
    client.force_login(UserFactory())
    assert client.get(_action(meeting, "confirm")).status_code == 405
