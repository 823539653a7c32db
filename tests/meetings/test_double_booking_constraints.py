"""Double booking is impossible at the database level: the second conflicting insert raises IntegrityError.

Marked `integration`: `make test` runs this module on SQLite and, when TEST_DATABASE_URL is set, again on
PostgreSQL.
"""

import pytest
from django.db import IntegrityError, transaction

from meetings.enums import LocationKind, MeetingStatus
from meetings.models import Meeting
from tests.factories import (
    BuyerFactory,
    ExhibitorFactory,
    LocationFactory,
    MeetingFactory,
    MeetingRequestFactory,
    SlotFactory,
    TeamMemberFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _insert(**kwargs) -> Meeting:
    """Write a meeting straight to the database, bypassing model validation (as a racing writer would)."""
    request = MeetingRequestFactory(
        event=kwargs["slot"].event,
        buyer=kwargs.pop("buyer", None) or BuyerFactory(event=kwargs["slot"].event),
        exhibitor=kwargs.pop("exhibitor", None) or ExhibitorFactory(event=kwargs["slot"].event),
        status="accepted",
    )
    defaults = {"status": MeetingStatus.CONFIRMED, "exhibitor_seat": 1}
    defaults.update(kwargs)
    with transaction.atomic():
        return Meeting.objects.create(
            request=request, event=request.event, buyer=request.buyer, exhibitor=request.exhibitor, **defaults
        )


def test_buyer_cannot_be_in_two_active_meetings_in_one_slot():
    slot = SlotFactory()
    buyer = BuyerFactory(event=slot.event)
    _insert(slot=slot, buyer=buyer)
    with pytest.raises(IntegrityError):
        _insert(slot=slot, buyer=buyer)


def test_exhibitor_seat_cannot_hold_two_active_meetings_in_one_slot():
    slot = SlotFactory()
    exhibitor = ExhibitorFactory(event=slot.event, parallel_meetings=2)
    _insert(slot=slot, exhibitor=exhibitor, exhibitor_seat=1)
    _insert(slot=slot, exhibitor=exhibitor, exhibitor_seat=2)  # a second parallel track is fine
    with pytest.raises(IntegrityError):
        _insert(slot=slot, exhibitor=exhibitor, exhibitor_seat=2)


def test_location_cannot_hold_two_active_meetings_in_one_slot():
    slot = SlotFactory()
    table = LocationFactory(event=slot.event, kind=LocationKind.LOUNGE_TABLE)
    _insert(slot=slot, location=table)
    with pytest.raises(IntegrityError):
        _insert(slot=slot, location=table)


def test_team_member_cannot_take_two_active_meetings_in_one_slot():
    slot = SlotFactory()
    member = TeamMemberFactory(exhibitor=ExhibitorFactory(event=slot.event))
    _insert(slot=slot, exhibitor_member=member)
    with pytest.raises(IntegrityError):
        _insert(slot=slot, exhibitor_member=member)


def test_request_cannot_have_two_active_meetings():
    meeting = MeetingFactory()
    other_slot = SlotFactory(event=meeting.event)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            request=meeting.request,
            event=meeting.event,
            buyer=meeting.buyer,
            exhibitor=meeting.exhibitor,
            slot=other_slot,
        )


def test_active_meeting_needs_a_slot():
    meeting = MeetingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(slot=None)


@pytest.mark.parametrize("status", [MeetingStatus.CANCELLED])
def test_cancelled_meeting_frees_the_slot(status):
    slot = SlotFactory()
    buyer = BuyerFactory(event=slot.event)
    table = LocationFactory(event=slot.event)
    first = _insert(slot=slot, buyer=buyer, location=table)
    Meeting.objects.filter(pk=first.pk).update(status=status)
    second = _insert(slot=slot, buyer=buyer, location=table)
    assert Meeting.objects.filter(slot=slot, buyer=buyer).count() == 2
    assert second.status == MeetingStatus.CONFIRMED


@pytest.mark.parametrize("status", [MeetingStatus.PROPOSED, MeetingStatus.COMPLETED, MeetingStatus.NO_SHOW])
def test_every_active_status_occupies_the_slot(status):
    slot = SlotFactory()
    buyer = BuyerFactory(event=slot.event)
    _insert(slot=slot, buyer=buyer, status=status)
    with pytest.raises(IntegrityError):
        _insert(slot=slot, buyer=buyer, status=MeetingStatus.PROPOSED)


def test_open_request_cannot_be_duplicated():
    first = MeetingRequestFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRequestFactory(event=first.event, buyer=first.buyer, exhibitor=first.exhibitor)


def test_model_validation_reports_double_booking_before_the_database():
    from django.core.exceptions import ValidationError

    meeting = MeetingFactory()
    request = MeetingRequestFactory(event=meeting.event, buyer=meeting.buyer, status="accepted")
    duplicate = Meeting(
        request=request, event=meeting.event, buyer=meeting.buyer, exhibitor=request.exhibitor, slot=meeting.slot
    )
    with pytest.raises(ValidationError) as info:
        duplicate.full_clean()
    assert "meeting_unique_buyer_slot" in str(info.value) or "__all__" in info.value.message_dict
