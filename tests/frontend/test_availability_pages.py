"""The availability editor shared by buyers and exhibitors: the grid of the event's slots per day, blocking and
freeing a slot with htmx or a plain form post, refusals shown in place, and who may see and change what."""

from datetime import time

import pytest
from django.urls import reverse

from matchmaking.enums import EventPhase
from meetings.enums import MeetingStatus
from meetings.models import AvailabilityBlock, ChangeLog
from meetings.services import slots_generate
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(phase=EventPhase.REQUESTS_OPEN)
    EventDayFactory(event=event, date=event.start_date, opens=time(10), closes=time(11))
    EventDayFactory(event=event, date=event.start_date.replace(day=11), opens=time(10), closes=time(11))
    slots_generate(event=event)
    return event


@pytest.fixture(params=["buyer", "exhibitor"])
def member(request, event, login):
    """A logged-in team member of a buyer or an exhibitor profile at `event`: (role, profile)."""
    user = UserFactory()
    if request.param == "buyer":
        profile = BuyerFactory(event=event, company="Metro Toshkent")
        TeamMemberFactory(user=user, exhibitor=None, buyer=profile)
    else:
        profile = ExhibitorFactory(event=event, company="CamCo LLC")
        TeamMemberFactory(user=user, exhibitor=profile)
    login(user)
    return request.param, profile


def _page(role, event):
    return reverse(f"{role}-availability", kwargs={"slug": event.slug})


def _toggle(role, event, slot):
    return reverse(f"{role}-availability-toggle", kwargs={"slug": event.slug, "slot_pk": slot.pk})


def test_availability_page_shows_every_slot_per_day_in_event_time(client, event, member):
    role, _profile = member

    response = client.get(_page(role, event))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-page="{role}-availability"' in html
    slots = list(event.slots.all())
    assert html.count('data-slot="') == len(slots) == 4  # two 20-minute slots with 5-minute buffers per day
    first = slots[0].starts_at.astimezone(event.tz)
    assert f"{first:%H:%M}" == "10:00" and ">10:00–10:20<" in html
    assert "Tuesday" in html and "Wednesday" in html


def test_availability_toggle_blocks_then_frees_a_slot_with_htmx(client, event, member):
    role, profile = member
    slot = event.slots.first()
    side = {role: profile}

    blocked = client.post(_toggle(role, event, slot), {"action": "block"}, headers={"HX-Request": "true"})

    assert blocked.status_code == 200
    assert AvailabilityBlock.objects.filter(slot=slot, **side).count() == 1
    html = blocked.content.decode()
    assert "<html" not in html and 'id="availability"' in html
    assert f'id="slot-{slot.pk}" data-slot="{slot.pk}" aria-pressed="true"' in html
    assert ChangeLog.objects.filter(action="availability.changed").count() == 1

    freed = client.post(_toggle(role, event, slot), {"action": "unblock"}, headers={"HX-Request": "true"})

    assert not AvailabilityBlock.objects.filter(slot=slot, **side).exists()
    assert f'id="slot-{slot.pk}" data-slot="{slot.pk}" aria-pressed="false"' in freed.content.decode()


def test_availability_toggle_without_javascript_redirects_back(client, event, member):
    role, profile = member
    slot = event.slots.first()

    response = client.post(_toggle(role, event, slot), {"action": "block"})

    assert response.status_code == 302 and response.url == _page(role, event)
    assert AvailabilityBlock.objects.filter(slot=slot, **{role: profile}).exists()


def test_availability_block_over_a_meeting_is_refused_in_place(client, event, login):
    buyer = BuyerFactory(event=event)
    user = UserFactory()
    TeamMemberFactory(user=user, exhibitor=None, buyer=buyer)
    login(user)
    slot = event.slots.first()
    MeetingFactory(request__event=event, request__buyer=buyer, slot=slot, status=MeetingStatus.CONFIRMED)

    response = client.post(_toggle("buyer", event, slot), {"action": "block"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "move or cancel it first" in response.content.decode()
    assert not AvailabilityBlock.objects.exists()


def test_availability_toggle_with_a_bad_action_names_it_and_writes_nothing(client, event, member):
    role, _profile = member
    response = client.post(_toggle(role, event, event.slots.first()), {"action": "explode"}, follow=True)
    assert b"Choose to block or free the slot." in response.content
    assert not AvailabilityBlock.objects.exists()


def test_availability_slot_of_another_event_is_404(client, event, member):
    role, _profile = member
    other = EventFactory()
    EventDayFactory(event=other, opens=time(10), closes=time(11))
    slots_generate(event=other)
    response = client.post(_toggle(role, event, other.slots.first()), {"action": "block"})
    assert response.status_code == 404
    assert not AvailabilityBlock.objects.exists()


def test_availability_of_an_event_without_a_profile_there_is_404(client, member):
    role, _profile = member
    other = EventFactory()
    assert client.get(_page(role, other)).status_code == 404


def test_availability_of_the_other_role_is_404(client, event, member):
    role, _profile = member
    other_role = "exhibitor" if role == "buyer" else "buyer"
    assert client.get(_page(other_role, event)).status_code == 404
    assert client.post(_toggle(other_role, event, event.slots.first()), {"action": "block"}).status_code == 404


@pytest.mark.parametrize("role", ["buyer", "exhibitor"])
def test_availability_needs_login(client, event, role):
    response = client.get(_page(role, event))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.post(_toggle(role, event, event.slots.first()), {"action": "block"}).status_code == 302
    assert not AvailabilityBlock.objects.exists()


def test_availability_toggle_is_post_only(client, event, member):
    role, _profile = member
    assert client.get(_toggle(role, event, event.slots.first())).status_code == 405


def test_availability_shows_days_a_buyer_does_not_attend(client, event, login):
    buyer = BuyerFactory(event=event)
    buyer.days_attending.add(event.days.first())
    user = UserFactory()
    TeamMemberFactory(user=user, exhibitor=None, buyer=buyer)
    login(user)

    html = client.get(_page("buyer", event)).content.decode()

    assert html.count("You are not attending this day.") == 1


@pytest.fixture
def buyer_member(event, login):
    buyer = BuyerFactory(event=event)
    user = UserFactory()
    TeamMemberFactory(user=user, exhibitor=None, buyer=buyer)
    login(user)
    return buyer


def _days_url(event):
    return reverse("buyer-days", kwargs={"slug": event.slug})


def test_buyer_days_saved_with_htmx_and_logged(client, event, buyer_member):
    _first, second = event.days.order_by("date")

    response = client.post(_days_url(event), {"day": [second.pk]}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert list(buyer_member.days_attending.all()) == [second]
    assert response.content.decode().count("You are not attending this day.") == 1
    assert ChangeLog.objects.filter(buyer=buyer_member, action="availability.changed").count() == 1


def test_buyer_days_none_chosen_is_refused_and_nothing_changes(client, event, buyer_member):
    buyer_member.days_attending.add(event.days.first())

    response = client.post(_days_url(event), {}, headers={"HX-Request": "true"})

    assert "Choose at least one day." in response.content.decode()
    assert list(buyer_member.days_attending.all()) == [event.days.first()]


def test_buyer_days_of_another_event_are_refused(client, event, buyer_member):
    other_day = EventDayFactory(event=EventFactory())

    response = client.post(_days_url(event), {"day": [other_day.pk]})

    assert response.status_code == 302
    assert buyer_member.days_attending.count() == 0


def test_buyer_days_dropping_a_day_with_a_meeting_is_refused_naming_it(client, event, buyer_member):
    first, second = event.days.order_by("date")
    exhibitor = ExhibitorFactory(event=event, company="CamCo LLC")
    MeetingFactory(buyer=buyer_member, exhibitor=exhibitor, slot=first.slots.first(), status=MeetingStatus.CONFIRMED)

    response = client.post(_days_url(event), {"day": [second.pk]}, headers={"HX-Request": "true"})

    assert "You have a meeting with CamCo LLC" in response.content.decode()
    assert buyer_member.days_attending.count() == 0


def test_buyer_days_are_for_buyers_only(client, event, login):
    exhibitor = ExhibitorFactory(event=event)
    user = UserFactory()
    TeamMemberFactory(user=user, exhibitor=exhibitor)
    login(user)

    assert client.post(_days_url(event), {"day": [event.days.first().pk]}).status_code == 404
