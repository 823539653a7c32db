from datetime import time

import pytest

from meetings.enums import MeetingStatus
from meetings.models import AvailabilityBlock, ChangeLog, Meeting, Slot
from meetings.services import SlotPlanConflict, slots_generate, slots_plan_conflicts
from tests.factories import BuyerFactory, EventBreakFactory, EventDayFactory, EventFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _event_with_day(opens=time(10), closes=time(12)):
    event = EventFactory(slot_minutes=20, buffer_minutes=5)
    day = EventDayFactory(event=event, opens=opens, closes=closes)
    return event, day


def test_slots_generate_creates_slots_from_day_plan():
    event, _day = _event_with_day()
    result = slots_generate(event=event)
    # 10:00, 10:25, 10:50, 11:15 fit before 12:00 (11:40 would end at 12:00 exactly: also fits)
    assert result.created == 5
    assert list(Slot.objects.filter(event=event).values_list("index", flat=True)) == [0, 1, 2, 3, 4]


def test_slots_generate_is_idempotent():
    event, _day = _event_with_day()
    slots_generate(event=event)
    before = list(Slot.objects.filter(event=event).values_list("pk", "starts_at", "ends_at", "session"))
    again = slots_generate(event=event)
    assert (again.created, again.updated, again.removed, again.unchanged) == (0, 0, 0, 5)
    assert list(Slot.objects.filter(event=event).values_list("pk", "starts_at", "ends_at", "session")) == before


def test_slots_generate_keeps_rows_of_surviving_slots_and_their_meetings():
    event, day = _event_with_day()
    slots_generate(event=event)
    first = Slot.objects.filter(event=event).first()
    meeting = MeetingFactory(request__event=event, slot=first)
    day.closes = time(11)
    day.save()
    result = slots_generate(event=event)
    assert result.removed == 3  # 11:15, 11:40 and 10:50 (10:50–11:10 passes 11:00)
    meeting.refresh_from_db()
    assert meeting.slot_id == first.pk
    assert meeting.status == MeetingStatus.CONFIRMED


def test_slots_generate_refuses_to_drop_a_meeting_and_changes_nothing():
    event, day = _event_with_day()
    slots_generate(event=event)
    last = Slot.objects.filter(event=event).last()
    meeting = MeetingFactory(request__event=event, slot=last)
    day.closes = time(11)
    day.save()
    assert slots_plan_conflicts(event=event) == [meeting]
    with pytest.raises(SlotPlanConflict) as info:
        slots_generate(event=event)
    assert info.value.meetings == [meeting]
    assert Slot.objects.filter(event=event).count() == 5
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.status) == (last.pk, MeetingStatus.CONFIRMED)


def test_slots_generate_cancels_affected_meetings_when_asked():
    event, day = _event_with_day()
    slots_generate(event=event)
    last = Slot.objects.filter(event=event).last()
    meeting = MeetingFactory(request__event=event, slot=last, locked=True)
    AvailabilityBlock.objects.create(slot=last, buyer=BuyerFactory(event=event))
    day.closes = time(11)
    day.save()
    result = slots_generate(event=event, cancel_affected=True)
    assert [m.pk for m in result.cancelled_meetings] == [meeting.pk]
    meeting.refresh_from_db()
    assert (meeting.status, meeting.slot_id, meeting.locked) == (MeetingStatus.CANCELLED, None, False)
    assert (meeting.version, meeting.cancel_reason) == (2, "The slot was removed from the programme.")
    assert ChangeLog.objects.filter(action="meeting.cancelled", object_id=meeting.pk).exists()
    assert meeting.request.status == "accepted"  # the next scheduler run places it again
    assert not AvailabilityBlock.objects.filter(slot_id=last.pk).exists()


def test_slots_generate_updates_sessions_when_a_break_is_added():
    event, day = _event_with_day(closes=time(17))
    slots_generate(event=event)
    assert set(Slot.objects.filter(event=event).values_list("session", flat=True)) == {1}
    EventBreakFactory(day=day, starts=time(13), ends=time(14))
    result = slots_generate(event=event)
    # Morning slots keep their rows; the afternoon now starts at 14:00, so its old slots go and new ones come.
    assert (result.unchanged, result.removed, result.created) == (7, 10, 7)
    sessions = list(Slot.objects.filter(event=event).values_list("session", flat=True))
    assert sessions == [1] * 7 + [2] * 7


def test_slots_plan_conflicts_previews_a_slot_length_change():
    event, _day = _event_with_day()
    slots_generate(event=event)
    second = Slot.objects.filter(event=event)[1]  # 10:25
    meeting = MeetingFactory(request__event=event, slot=second)
    assert slots_plan_conflicts(event=event, slot_minutes=30, buffer_minutes=0) == [meeting]
    assert slots_plan_conflicts(event=event, slot_minutes=20, buffer_minutes=5) == []
    assert Meeting.objects.get().slot_id == second.pk
