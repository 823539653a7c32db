"""exhibitor_capacity_set: how many meetings a stand holds at once, with one booth seat per parallel meeting."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from matchmaking.services import exhibitor_capacity_set
from meetings.enums import LocationKind, MeetingStatus
from meetings.models import Location
from meetings.services import locations_sync
from tests.factories import ExhibitorFactory, MeetingFactory, OrganiserFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _seats(exhibitor) -> list[int]:
    active = Location.objects.filter(exhibitor=exhibitor, kind=LocationKind.BOOTH_SEAT, is_active=True)
    return sorted(active.values_list("number", flat=True))


def test_capacity_set_by_a_team_member_saves_and_syncs_booth_seats():
    member = TeamMemberFactory()
    exhibitor = member.exhibitor
    locations_sync(event=exhibitor.event)
    saved = exhibitor_capacity_set(exhibitor=exhibitor, parallel_meetings=3, by_user=member.user)
    exhibitor.refresh_from_db()
    assert (saved.parallel_meetings, exhibitor.parallel_meetings) == (3, 3)
    assert _seats(exhibitor) == [1, 2, 3]
    exhibitor_capacity_set(exhibitor=exhibitor, parallel_meetings=2, by_user=member.user)
    assert _seats(exhibitor) == [1, 2]


def test_capacity_set_by_an_organiser_of_the_event_is_allowed():
    exhibitor = ExhibitorFactory()
    organiser = OrganiserFactory(event=exhibitor.event)
    assert (
        exhibitor_capacity_set(exhibitor=exhibitor, parallel_meetings=4, by_user=organiser.user).parallel_meetings == 4
    )


def test_capacity_set_by_a_stranger_is_refused():
    exhibitor = ExhibitorFactory()
    with pytest.raises(PermissionDenied):
        exhibitor_capacity_set(exhibitor=exhibitor, parallel_meetings=4, by_user=UserFactory())
    exhibitor.refresh_from_db()
    assert exhibitor.parallel_meetings == 1


@pytest.mark.parametrize("value", [0, 21, -1, True, "3", 2.5])
def test_capacity_set_out_of_range_names_the_field(value):
    member = TeamMemberFactory()
    with pytest.raises(ValidationError) as exc:
        exhibitor_capacity_set(exhibitor=member.exhibitor, parallel_meetings=value, by_user=member.user)
    assert list(exc.value.message_dict) == ["parallel_meetings"]
    member.exhibitor.refresh_from_db()
    assert member.exhibitor.parallel_meetings == 1


def test_capacity_below_a_parallel_track_in_use_is_refused():
    member = TeamMemberFactory(exhibitor__parallel_meetings=3)
    exhibitor = member.exhibitor
    MeetingFactory(request__event=exhibitor.event, request__exhibitor=exhibitor, exhibitor_seat=3)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        exhibitor_capacity_set(exhibitor=exhibitor, parallel_meetings=2, by_user=member.user)
    assert "keep at least 3" in exc.value.message_dict["parallel_meetings"][0]
    exhibitor.refresh_from_db()
    assert exhibitor.parallel_meetings == 3


def test_capacity_below_a_track_only_cancelled_meetings_used_is_allowed():
    member = TeamMemberFactory(exhibitor__parallel_meetings=2)
    exhibitor = member.exhibitor
    MeetingFactory(
        request__event=exhibitor.event, request__exhibitor=exhibitor, exhibitor_seat=2, status=MeetingStatus.CANCELLED
    )
    assert exhibitor_capacity_set(exhibitor=exhibitor, parallel_meetings=1, by_user=member.user).parallel_meetings == 1
