"""Publishing the schedule: the phase moves to PUBLISHED once, recorded and pushed; a wrong phase is refused."""

from __future__ import annotations

import pytest

from matchmaking.enums import EventPhase
from matchmaking.models import Event
from meetings.enums import ChangeAction
from meetings.models import ChangeLog
from meetings.services import PhaseError, event_schedule_publish
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("phase", [EventPhase.REQUESTS_OPEN, EventPhase.SCHEDULING])
def test_publish_moves_the_event_to_published_and_records_it(phase, django_capture_on_commit_callbacks):
    event = EventFactory(phase=phase)
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        result = event_schedule_publish(event=event, by_user=user)
    assert result.phase == EventPhase.PUBLISHED
    assert event.phase == EventPhase.PUBLISHED
    assert Event.objects.get(pk=event.pk).phase == EventPhase.PUBLISHED
    row = ChangeLog.objects.get(event=event)
    assert (row.action, row.actor, row.object_type, row.object_id) == (
        ChangeAction.SCHEDULE_PUBLISHED,
        user,
        "event",
        event.pk,
    )
    assert row.data == {"phase_from": phase.value, "phase_to": "published"}
    assert len(callbacks) == 1  # the live push, after commit


@pytest.mark.parametrize("phase", [EventPhase.DRAFT, EventPhase.PUBLISHED, EventPhase.CLOSED])
def test_publish_from_a_wrong_phase_is_refused_and_changes_nothing(phase):
    event = EventFactory(phase=phase)
    with pytest.raises(PhaseError) as info:
        event_schedule_publish(event=event, by_user=None)
    assert str(phase.label) in info.value.message
    assert "requests are open or during scheduling" in info.value.message
    assert Event.objects.get(pk=event.pk).phase == phase
    assert not ChangeLog.objects.exists()


def test_publish_reads_the_phase_from_the_database_not_the_callers_copy():
    event = EventFactory(phase=EventPhase.SCHEDULING)
    stale = Event.objects.get(pk=event.pk)
    event_schedule_publish(event=event, by_user=None)
    with pytest.raises(PhaseError):
        event_schedule_publish(event=stale, by_user=None)  # stale copy still says SCHEDULING
    assert ChangeLog.objects.count() == 1
