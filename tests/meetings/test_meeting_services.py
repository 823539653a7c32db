"""Meetings after placement and availability: every rule, permission and refusal."""

from datetime import time, timedelta

import pytest

from matchmaking.enums import SlotConfirmation
from meetings.enums import ChangeAction, MeetingStatus, RequestStatus
from meetings.models import AvailabilityBlock, ChangeLog, Meeting, MeetingFeedback, Slot
from meetings.services import (
    WorkflowError,
    availability_block,
    availability_unblock,
    meeting_ask_another_slot,
    meeting_assign_member,
    meeting_cancel,
    meeting_check_in,
    meeting_confirm,
    meeting_feedback_save,
    meeting_mark_no_show,
    meeting_reschedule,
    slots_generate,
)
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    OrganiserFactory,
    SlotFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def m():
    event = EventFactory()
    EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    slots = list(Slot.objects.filter(event=event))
    buyer = BuyerFactory(event=event)
    exhibitor = ExhibitorFactory(event=event, parallel_meetings=1)
    meeting = MeetingFactory(
        request__event=event,
        request__buyer=buyer,
        request__exhibitor=exhibitor,
        slot=slots[1],
        status=MeetingStatus.PROPOSED,
    )
    meeting.slots = slots
    meeting.buyer_user = TeamMemberFactory(exhibitor=None, buyer=buyer).user
    meeting.exhibitor_member = None
    meeting.exhibitor_user = TeamMemberFactory(exhibitor=exhibitor).user
    meeting.organiser_user = OrganiserFactory(event=event).user
    return meeting


def _refused(code, fn, **kwargs):
    with pytest.raises(WorkflowError) as info:
        fn(**kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def test_exhibitor_confirms_and_the_meeting_locks(m):
    _refused("forbidden", meeting_confirm, meeting=m, by_user=UserFactory())
    confirmed = meeting_confirm(meeting=m, by_user=m.exhibitor_user)
    assert (confirmed.status, confirmed.locked, confirmed.version) == (MeetingStatus.CONFIRMED, True, 2)
    assert ChangeLog.objects.get().action == ChangeAction.MEETING_CONFIRMED


def test_confirmation_by_both_sides_when_the_event_asks(m):
    m.event.slot_confirmation = SlotConfirmation.BOTH
    m.event.save()
    half = meeting_confirm(meeting=m, by_user=m.exhibitor_user)
    assert half.status == MeetingStatus.PROPOSED and half.exhibitor_confirmed_at is not None
    full = meeting_confirm(meeting=m, by_user=m.buyer_user)
    assert full.status == MeetingStatus.CONFIRMED


def test_ask_another_slot_moves_to_a_different_slot(m):
    new = meeting_ask_another_slot(meeting=m, by_user=m.buyer_user)
    assert new.pk != m.pk and new.slot_id != m.slot_id and new.status == MeetingStatus.PROPOSED
    assert Meeting.objects.get(pk=m.pk).status == MeetingStatus.CANCELLED
    assert new.request_id == m.request_id


def test_ask_another_slot_keeps_the_meeting_when_nothing_else_fits(m):
    for slot in m.slots:
        if slot.pk != m.slot_id:
            AvailabilityBlock.objects.create(slot=slot, buyer=m.buyer)
    _refused("no_slot", meeting_ask_another_slot, meeting=m, by_user=m.buyer_user)
    assert Meeting.objects.get(pk=m.pk).status == MeetingStatus.PROPOSED


def test_reschedule_rules(m):
    target = m.slots[3]
    moved = meeting_reschedule(meeting=m, slot=target, by_user=m.buyer_user)
    assert (moved.slot_id, moved.version) == (target.pk, 2)
    meeting_confirm(meeting=m, by_user=m.exhibitor_user)
    _refused("forbidden", meeting_reschedule, meeting=m, slot=m.slots[0], by_user=m.buyer_user)
    other = MeetingFactory(request__event=m.event, request__buyer=m.buyer, slot=m.slots[0])
    _refused("slot_taken", meeting_reschedule, meeting=m, slot=m.slots[0], by_user=m.organiser_user)
    assert other.slot_id == m.slots[0].pk
    AvailabilityBlock.objects.create(slot=m.slots[4], exhibitor=m.exhibitor)
    _refused("slot_taken", meeting_reschedule, meeting=m, slot=m.slots[4], by_user=m.organiser_user)
    assert Meeting.objects.get(pk=m.pk).slot_id == target.pk
    _refused("invalid", meeting_reschedule, meeting=m, slot=SlotFactory(), by_user=m.organiser_user)


def test_cancel_frees_the_slot_but_keeps_the_request_accepted(m):
    _refused("forbidden", meeting_cancel, meeting=m, by_user=UserFactory())
    cancelled = meeting_cancel(meeting=m, by_user=m.buyer_user, reason="Flight changed")
    assert (cancelled.status, cancelled.cancel_reason) == (MeetingStatus.CANCELLED, "Flight changed")
    assert cancelled.request.status == RequestStatus.ACCEPTED
    _refused("not_active", meeting_cancel, meeting=m, by_user=m.buyer_user)


def test_assign_member_of_the_exhibitor_team_only(m):
    colleague = TeamMemberFactory(exhibitor=m.exhibitor)
    assigned = meeting_assign_member(meeting=m, member=colleague, by_user=m.exhibitor_user)
    assert assigned.exhibitor_member == colleague
    stranger = TeamMemberFactory(exhibitor=ExhibitorFactory(event=m.event))
    _refused("invalid", meeting_assign_member, meeting=m, member=stranger, by_user=m.exhibitor_user)
    _refused("forbidden", meeting_assign_member, meeting=m, member=colleague, by_user=m.buyer_user)
    busy = MeetingFactory(
        request__event=m.event, request__exhibitor=ExhibitorFactory(event=m.event), slot=m.slot, exhibitor_member=None
    )
    Meeting.objects.filter(pk=busy.pk).update(exhibitor_member=TeamMemberFactory(exhibitor=m.exhibitor))
    other_colleague = Meeting.objects.get(pk=busy.pk).exhibitor_member
    _refused("member_busy", meeting_assign_member, meeting=m, member=other_colleague, by_user=m.exhibitor_user)


def test_check_in_by_both_sides_completes_the_meeting(m):
    meeting_confirm(meeting=m, by_user=m.exhibitor_user)
    during = m.slot.starts_at + timedelta(minutes=5)
    half = meeting_check_in(meeting=m, by_user=m.buyer_user, now=during)
    assert half.buyer_checked_in_at == during and half.status == MeetingStatus.CONFIRMED
    done = meeting_check_in(meeting=m, by_user=m.exhibitor_user, now=during)
    assert done.status == MeetingStatus.COMPLETED


@pytest.mark.parametrize(
    ("when", "open_"),
    [
        (lambda s: s.starts_at - timedelta(minutes=31), False),
        (lambda s: s.starts_at - timedelta(minutes=30), True),
        (lambda s: s.ends_at + timedelta(hours=1), True),
        (lambda s: s.ends_at + timedelta(hours=1, minutes=1), False),
        (lambda s: s.starts_at - timedelta(days=3), False),
    ],
)
def test_check_in_only_from_half_an_hour_before_to_an_hour_after(m, when, open_):
    now = when(m.slot)
    version = m.version
    if open_:
        assert meeting_check_in(meeting=m, by_user=m.buyer_user, now=now).buyer_checked_in_at == now
        return
    err = _refused("check_in_closed", meeting_check_in, meeting=m, by_user=m.buyer_user, now=now)
    assert "30 minutes before" in err.message
    m.refresh_from_db()
    assert m.buyer_checked_in_at is None and m.version == version  # nothing written


def test_no_show_only_after_the_start(m):
    before = m.slot.starts_at - timedelta(minutes=5)
    _refused("too_early", meeting_mark_no_show, meeting=m, by_user=m.exhibitor_user, now=before)
    marked = meeting_mark_no_show(meeting=m, by_user=m.exhibitor_user, now=m.slot.starts_at + timedelta(minutes=5))
    assert marked.status == MeetingStatus.NO_SHOW


def test_feedback_is_one_per_side_and_validated(m):
    meeting_confirm(meeting=m, by_user=m.exhibitor_user)
    meeting_feedback_save(meeting=m, by_user=m.buyer_user, rating=4, note="Good prices")
    meeting_feedback_save(meeting=m, by_user=m.buyer_user, rating=5)
    meeting_feedback_save(meeting=m, by_user=m.exhibitor_user, rating=2)
    assert dict(MeetingFeedback.objects.values_list("side", "rating")) == {"buyer": 5, "exhibitor": 2}
    _refused("invalid", meeting_feedback_save, meeting=m, by_user=m.buyer_user, rating=6)
    _refused("forbidden", meeting_feedback_save, meeting=m, by_user=m.organiser_user, rating=3)


def test_availability_block_refuses_a_slot_with_a_meeting_and_writes_nothing(m):
    err = _refused("has_meeting", availability_block, profile=m.buyer, slots=m.slots[:2], by_user=m.buyer_user)
    assert "move or cancel" in err.message
    assert not AvailabilityBlock.objects.exists()
    blocks = availability_block(profile=m.buyer, slots=[m.slots[0], m.slots[2]], by_user=m.buyer_user, note="Lunch")
    assert len(blocks) == 2
    assert availability_block(profile=m.buyer, slots=[m.slots[0]], by_user=m.buyer_user) == []  # idempotent
    assert availability_unblock(profile=m.buyer, slots=[m.slots[0]], by_user=m.buyer_user) == 1
    assert list(AvailabilityBlock.objects.values_list("slot_id", flat=True)) == [m.slots[2].pk]
    _refused("forbidden", availability_block, profile=m.buyer, slots=[m.slots[3]], by_user=m.exhibitor_user)
    assert ChangeLog.objects.filter(action=ChangeAction.AVAILABILITY_CHANGED).count() == 2


def test_organiser_may_edit_availability(m):
    availability_block(profile=m.exhibitor, slots=[m.slots[4]], by_user=m.organiser_user)
    assert AvailabilityBlock.objects.filter(exhibitor=m.exhibitor).count() == 1
