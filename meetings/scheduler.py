"""Adapter between the database and the pure scheduling core (`meetings.scheduling`).

`instance_build` turns an event's rows into a core `Instance`; `schedule_apply` writes a core assignment back
in one transaction, giving each meeting a parallel track at the exhibitor, a physical place and, where the
exhibitor has a team, a team member. The services that run these (scheduler runs, the fast path) live in
`meetings.scheduler_runs` and `meetings.services`.

Conventions (documented in docs/scheduling.md):
- ids in the instance are database ids as text: slots "s<pk>", buyers "b<pk>", exhibitors "e<pk>", requests
  "r<pk>"; a session is "<date>/<session number>".
- Confirmed, held and no-show meetings are locked to their slot. Proposed meetings may be moved; an accepted
  request without an active meeting is new.
- Weight of a meeting: 10 × priority weight (1, 2, 4 for nice-to-have, normal, must-meet) plus up to 9 for the
  stored match score, plus 5 for a proposed meeting (keeping what people were told is worth something).
- A buyer is unavailable outside the days they attend and in blocked slots; an exhibitor in its blocked slots.
  Buyers have the event's meetings-per-day cap. An exhibitor holds `parallel_meetings` meetings at once.
- Exhibitors with a booth meet at their booth seats; exhibitors without a booth meet at lounge tables, which
  are the slot's `locations` limit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q

from matchmaking.models import Buyer, Event, Exhibitor, Recommendation, TeamMember
from meetings import scheduling as core
from meetings.enums import LocationKind, MeetingStatus, RequestStatus
from meetings.models import ACTIVE_MEETING, AvailabilityBlock, Location, Meeting, MeetingRequest, Slot

PRIORITY_WEIGHT = {1: 1, 2: 2, 3: 4}
LOCKED_STATUSES = (MeetingStatus.CONFIRMED, MeetingStatus.COMPLETED, MeetingStatus.NO_SHOW)


def slot_key(pk: int) -> str:
    return f"s{pk}"


def request_key(pk: int) -> str:
    return f"r{pk}"


def _pk(key: str) -> int:
    return int(key[1:])


@dataclass
class Snapshot:
    """What the instance was built from, to detect changes made while a run was solving."""

    meetings: dict[int, tuple[int, str, int | None]] = field(default_factory=dict)  # pk → (version, status, slot)
    accepted: frozenset[int] = frozenset()

    @classmethod
    def of(cls, event: Event) -> Snapshot:
        return cls(
            meetings={
                pk: (version, status, slot)
                for pk, version, status, slot in Meeting.objects.filter(ACTIVE_MEETING, event=event).values_list(
                    "pk", "version", "status", "slot_id"
                )
            },
            accepted=frozenset(
                MeetingRequest.objects.filter(event=event, status=RequestStatus.ACCEPTED).values_list("pk", flat=True)
            ),
        )


@dataclass
class Built:
    """An instance plus what the adapter needs to write its result back."""

    instance: core.Instance
    snapshot: Snapshot
    requests: dict[str, MeetingRequest]
    active: dict[str, Meeting]  # request key → its active meeting


def _sessions(slots: list[Slot]) -> dict[int, str]:
    return {s.pk: f"{s.day.date.isoformat()}/{s.session}" for s in slots}


def _lounge_tables(event: Event) -> int:
    return Location.objects.filter(event=event, kind=LocationKind.LOUNGE_TABLE, is_active=True).count()


def core_slots(event: Event, slots: list[Slot]) -> tuple[core.Slot, ...]:
    sessions = _sessions(slots)
    tables = _lounge_tables(event)
    return tuple(
        core.Slot(id=slot_key(s.pk), day=s.day.date.isoformat(), session=sessions[s.pk], locations=tables)
        for s in slots
    )


def buyer_party(event: Event, buyer: Buyer, slots: list[Slot], blocked: Iterable[int]) -> core.Party:
    days = {d.pk for d in buyer.days_attending.all()}
    away = {s.pk for s in slots if days and s.day_id not in days} | set(blocked)
    return core.Party(
        id=f"b{buyer.pk}",
        capacity=1,
        unavailable=frozenset(slot_key(pk) for pk in away),
        daily_cap=event.meetings_per_day_cap or None,
        kind="buyer",
    )


def exhibitor_party(exhibitor: Exhibitor, blocked: Iterable[int]) -> core.Party:
    return core.Party(
        id=f"e{exhibitor.pk}",
        capacity=exhibitor.parallel_meetings,
        unavailable=frozenset(slot_key(pk) for pk in blocked),
        kind="exhibitor",
    )


def _weight(request: MeetingRequest, score: float | None, proposed: bool) -> int:
    base = 10 * PRIORITY_WEIGHT.get(request.priority, 2)
    return base + round(9 * max(0.0, min(1.0, score or 0.0))) + (5 if proposed else 0)


def _core_meeting(request: MeetingRequest, meeting: Meeting | None, score: float | None) -> core.Meeting:
    locked = meeting is not None and meeting.status in LOCKED_STATUSES
    return core.Meeting(
        id=request_key(request.pk),
        parties=(f"b{request.buyer_id}", f"e{request.exhibitor_id}"),
        weight=_weight(request, score, proposed=meeting is not None and not locked),
        locked=locked,
        fixed_slot=slot_key(meeting.slot_id) if locked and meeting is not None and meeting.slot_id else None,
        uses_location=not request.exhibitor.booth,
    )


def instance_build(event: Event) -> Built:
    """The event's scheduling problem: every accepted request, with confirmed meetings locked in place."""
    slots = list(Slot.objects.filter(event=event).select_related("day").order_by("starts_at"))
    snapshot = Snapshot.of(event)
    requests = {
        request_key(r.pk): r
        for r in MeetingRequest.objects.filter(event=event, status=RequestStatus.ACCEPTED)
        .select_related("exhibitor", "buyer")
        .order_by("pk")
    }
    active = {
        request_key(m.request_id): m
        for m in Meeting.objects.filter(ACTIVE_MEETING, event=event, request__status=RequestStatus.ACCEPTED)
    }
    scores = {
        (b, e): s
        for b, e, s in Recommendation.objects.filter(event=event).values_list("buyer_id", "exhibitor_id", "relevance")
    }
    blocked_buyer: dict[int, list[int]] = defaultdict(list)
    blocked_exhibitor: dict[int, list[int]] = defaultdict(list)
    for buyer_id, exhibitor_id, slot_id in AvailabilityBlock.objects.filter(slot__event=event).values_list(
        "buyer_id", "exhibitor_id", "slot_id"
    ):
        if buyer_id:
            blocked_buyer[buyer_id].append(slot_id)
        else:
            blocked_exhibitor[exhibitor_id].append(slot_id)
    buyer_ids = {r.buyer_id for r in requests.values()}
    exhibitor_ids = {r.exhibitor_id for r in requests.values()}
    buyers = Buyer.objects.filter(pk__in=buyer_ids).prefetch_related("days_attending").order_by("pk")
    exhibitors = Exhibitor.objects.filter(pk__in=exhibitor_ids).order_by("pk")
    parties = tuple(buyer_party(event, b, slots, blocked_buyer[b.pk]) for b in buyers) + tuple(
        exhibitor_party(e, blocked_exhibitor[e.pk]) for e in exhibitors
    )
    meetings = tuple(
        _core_meeting(r, active.get(key), scores.get((r.buyer_id, r.exhibitor_id))) for key, r in requests.items()
    )
    instance = core.Instance(slots=core_slots(event, slots), parties=parties, meetings=meetings)
    return Built(instance=instance, snapshot=snapshot, requests=requests, active=active)


@dataclass
class Places:
    """Who sits where in each slot: exhibitor tracks, booth seats, lounge tables and team members in use."""

    tracks: dict[tuple[int, int], set[int]] = field(default_factory=lambda: defaultdict(set))  # (exh, slot) → seats
    tables: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))  # slot → lounge location ids
    members: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))  # slot → team member ids

    def occupy(self, meeting: Meeting) -> None:
        self.tracks[(meeting.exhibitor_id, meeting.slot_id)].add(meeting.exhibitor_seat)
        if meeting.location_id:
            self.tables[meeting.slot_id].add(meeting.location_id)
        if meeting.exhibitor_member_id:
            self.members[meeting.slot_id].add(meeting.exhibitor_member_id)


class PlaceFinder:
    """Gives a meeting in a slot a free exhibitor track, a location and a team member.

    Track n at an exhibitor uses its booth seat n and, if it has at least n team members, its n-th member,
    so two meetings in one slot never share a seat or a person. Exhibitors without a booth get the first
    free lounge table.
    """

    def __init__(self, event: Event, exhibitor_ids: Iterable[int], places: Places):
        ids = set(exhibitor_ids)
        self.places = places
        self.seats: dict[tuple[int, int], int] = {
            (loc.exhibitor_id, loc.number): loc.pk
            for loc in Location.objects.filter(
                event=event, kind=LocationKind.BOOTH_SEAT, is_active=True, exhibitor_id__in=ids
            )
        }
        self.tables = list(
            Location.objects.filter(event=event, kind=LocationKind.LOUNGE_TABLE, is_active=True)
            .order_by("number")
            .values_list("pk", flat=True)
        )
        self.team: dict[int, list[int]] = defaultdict(list)
        for member in TeamMember.objects.filter(exhibitor_id__in=ids).order_by("role", "pk"):
            self.team[member.exhibitor_id].append(member.pk)
        self.exhibitors = {
            e.pk: e for e in Exhibitor.objects.filter(pk__in=ids).only("pk", "booth", "parallel_meetings")
        }

    def assign(self, meeting: Meeting) -> None:
        """Set seat, location and member on `meeting` (whose exhibitor and slot are set) and occupy them."""
        exhibitor = self.exhibitors[meeting.exhibitor_id]
        used = self.places.tracks[(exhibitor.pk, meeting.slot_id)]
        free = [n for n in range(1, exhibitor.parallel_meetings + 1) if n not in used]
        if not free:
            raise core.InstanceError(
                "assignment", f"exhibitor {exhibitor.pk} has no free track in slot {meeting.slot_id}"
            )
        seat = free[0]
        meeting.exhibitor_seat = seat
        if exhibitor.booth:
            meeting.location_id = self.seats.get((exhibitor.pk, seat))
        else:
            taken = self.places.tables[meeting.slot_id]
            meeting.location_id = next((t for t in self.tables if t not in taken), None)
        team = self.team.get(exhibitor.pk, [])
        member = team[seat - 1] if seat <= len(team) else None
        meeting.exhibitor_member_id = member if member not in self.places.members[meeting.slot_id] else None
        self.places.occupy(meeting)


def places_in_use(event: Event, *, exhibitor_id: int | None = None) -> Places:
    """Tracks, tables and members taken by the event's active meetings.

    With `exhibitor_id`, only what placing a meeting of that exhibitor can collide with: its own meetings
    and every meeting at a lounge table.
    """
    meetings = Meeting.objects.filter(ACTIVE_MEETING, event=event)
    if exhibitor_id is not None:
        meetings = meetings.filter(Q(exhibitor_id=exhibitor_id) | Q(location__kind=LocationKind.LOUNGE_TABLE))
    places = Places()
    for meeting in meetings.only("exhibitor_id", "slot_id", "exhibitor_seat", "location_id", "exhibitor_member_id"):
        places.occupy(meeting)
    return places


def slot_ids(assignment: Mapping[str, str]) -> dict[int, int]:
    """Core assignment (request key → slot key) as request pk → slot pk."""
    return {_pk(r): _pk(s) for r, s in assignment.items()}
