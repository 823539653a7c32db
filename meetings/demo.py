"""The Securex Uzbekistan 2026 demo event: a deterministic, realistic data set for the portal and benchmarks.

`seed_demo(...)` writes it in one transaction with bulk inserts (2,000 exhibitors and 10,000 buyers take well
under a minute on SQLite). Profiles and texts come from the pure generator in `matchmaking.demo.generator`;
this module adds the event, day plans, users, slots, locations, blocked availability, and requests and meetings
in every status, placed without double booking.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from matchmaking.demo.generator import DemoPerson, generate
from matchmaking.enums import EventPhase, OrganiserRole, TeamRole
from matchmaking.models import (
    Buyer,
    Event,
    EventBreak,
    EventDay,
    Exhibitor,
    MatchRuleSet,
    Organiser,
    Recommendation,
    TeamMember,
    User,
)
from matchmaking.services import recommendations_compute, taxonomy_load
from meetings.enums import LocationKind, MeetingStatus, RequestDirection, RequestStatus
from meetings.models import AvailabilityBlock, ChangeLog, Location, Meeting, MeetingRequest, ScheduleRun, Slot
from meetings.services import locations_sync, slots_generate

DEMO_SLUG = "securex-2026"
DEMO_PASSWORD = "securex2026"
DEMO_ORGANISER = "organiser@securex.example"
DEMO_BUYER = "buyer@securex.example"
DEMO_EXHIBITOR = "exhibitor@securex.example"
ORGANISER_GROUP = "Organisers"
BATCH = 2000


@dataclass(frozen=True)
class SeedSummary:
    event: Event
    exhibitors: int
    buyers: int
    users: int
    slots: int
    requests: int
    meetings: int


class DemoExists(Exception):
    """The demo event is already in the database (use reset=True to replace it)."""


def organiser_group() -> Group:
    """The "Organisers" group: admin rights over event, participant and meeting data (not over users)."""
    group, _ = Group.objects.get_or_create(name=ORGANISER_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=["matchmaking", "meetings"]).exclude(
        content_type__model="user"
    )
    group.permissions.set(perms)
    return group


@transaction.atomic
def seed_demo(
    *, seed: int = 2026, exhibitors: int = 120, buyers: int = 600, reset: bool = False, with_matches: bool = True
) -> SeedSummary:
    """Write the Securex demo event. Deterministic for a given seed and sizes.

    Raises DemoExists if the event is there and `reset` is false; with `reset` the old event (and everything
    hanging from it) is deleted first, in the same transaction. `with_matches` computes the recommendations
    with the default match rules.
    """
    existing = Event.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        if not reset:
            raise DemoExists(f"The demo event “{existing}” already exists.")
        _delete_event(existing)

    rng = random.Random(seed)
    data = generate(seed=seed, exhibitors=exhibitors, buyers=buyers)
    categories = taxonomy_load()

    event = Event.objects.create(
        slug=DEMO_SLUG,
        name="Integrated Security – Securex Uzbekistan 2026",
        venue="Uzexpocentre NEC",
        city="Tashkent",
        time_zone="Asia/Tashkent",
        start_date=date(2026, 11, 10),
        end_date=date(2026, 11, 12),
        languages=["ru", "uz", "en"],
        phase=EventPhase.REQUESTS_OPEN,
        slot_minutes=20,
        buffer_minutes=5,
        meetings_per_day_cap=8,
    )
    days = []
    for offset, closes in enumerate([time(17), time(17), time(15)]):
        day = EventDay.objects.create(
            event=event, date=event.start_date + timedelta(days=offset), opens=time(10), closes=closes
        )
        EventBreak.objects.create(day=day, starts=time(13), ends=time(14), label="Lunch")
        days.append(day)

    # Users: one password hash for all (hashing 15,000 passwords one by one would take minutes).
    password = make_password(DEMO_PASSWORD)
    people: list[tuple[DemoPerson, str, int, str]] = []  # person, side, profile index, role
    for i, ex in enumerate(data.exhibitors):
        people += [(p, "exhibitor", i, TeamRole.LEAD if j == 0 else TeamRole.MEMBER) for j, p in enumerate(ex.team)]
    for i, b in enumerate(data.buyers):
        people += [(p, "buyer", i, TeamRole.LEAD if j == 0 else TeamRole.MEMBER) for j, p in enumerate(b.team)]
    # The demo logins are the lead contacts of the first exhibitor and the first buyer.
    demo_emails = {("exhibitor", 0): DEMO_EXHIBITOR, ("buyer", 0): DEMO_BUYER}
    users = []
    for person, side, index, role in people:
        email = person.email
        language = person.language
        if role == TeamRole.LEAD and (side, index) in demo_emails:
            email = demo_emails[(side, index)]
            language = "en"  # the demo logins open in English; the header's selector switches
        users.append(
            User(
                email=email.lower(),
                password=password,
                first_name=person.first_name,
                last_name=person.last_name,
                job_title=person.job_title,
                phone=person.phone,
                language=language,
            )
        )
    organiser = User(
        email=DEMO_ORGANISER,
        password=password,
        first_name="Nodira",
        last_name="Karimova",
        job_title="Project manager, Securex Uzbekistan",
        language="en",
        is_staff=True,
    )
    User.objects.bulk_create([*users, organiser], batch_size=BATCH)
    by_email = dict(User.objects.filter(email__in=[u.email for u in [*users, organiser]]).values_list("email", "pk"))
    organiser.pk = by_email[DEMO_ORGANISER]
    organiser.groups.add(organiser_group())
    Organiser.objects.create(event=event, user=organiser, role=OrganiserRole.OWNER)

    exhibitor_rows = Exhibitor.objects.bulk_create(
        [
            Exhibitor(
                event=event,
                external_key=ex.key,
                company=ex.company,
                organisation_type=ex.organisation_type,
                country=ex.country,
                city=ex.city,
                website=ex.website,
                description=ex.description,
                offering=ex.offering,
                languages=list(ex.languages),
                keywords=list(ex.keywords),
                hall=ex.hall,
                booth=ex.booth,
                parallel_meetings=ex.parallel_meetings,
                sponsor_tier=ex.sponsor_tier,
                target_countries=list(ex.target_countries),
            )
            for ex in data.exhibitors
        ],
        batch_size=BATCH,
    )
    buyer_rows = Buyer.objects.bulk_create(
        [
            Buyer(
                event=event,
                external_key=b.key,
                company=b.company,
                organisation_type=b.organisation_type,
                country=b.country,
                city=b.city,
                website=b.website,
                description=b.description,
                looking_for=b.looking_for,
                languages=list(b.languages),
                keywords=list(b.keywords),
                purchase_timeframe=b.purchase_timeframe,
                budget_band=b.budget_band,
                purchasing_role=b.purchasing_role,
            )
            for b in data.buyers
        ],
        batch_size=BATCH,
    )
    if exhibitor_rows and exhibitor_rows[0].pk is None:  # backends that do not return ids from bulk inserts
        exhibitor_rows = list(Exhibitor.objects.filter(event=event).order_by("pk"))
        buyer_rows = list(Buyer.objects.filter(event=event).order_by("pk"))

    Exhibitor.categories.through.objects.bulk_create(
        [
            Exhibitor.categories.through(exhibitor_id=row.pk, category_id=categories[code].pk)
            for row, ex in zip(exhibitor_rows, data.exhibitors, strict=True)
            for code in dict.fromkeys(ex.categories)
        ],
        batch_size=BATCH,
    )
    Buyer.categories.through.objects.bulk_create(
        [
            Buyer.categories.through(buyer_id=row.pk, category_id=categories[code].pk)
            for row, b in zip(buyer_rows, data.buyers, strict=True)
            for code in dict.fromkeys(b.categories)
        ],
        batch_size=BATCH,
    )
    Buyer.days_attending.through.objects.bulk_create(
        [
            Buyer.days_attending.through(buyer_id=row.pk, eventday_id=days[n - 1].pk)
            for row, b in zip(buyer_rows, data.buyers, strict=True)
            for n in sorted(set(b.days_attending))
        ],
        batch_size=BATCH,
    )
    members = []
    for (_person, side, index, role), user in zip(people, users, strict=True):
        profile = {"exhibitor": exhibitor_rows, "buyer": buyer_rows}[side][index]
        members.append(TeamMember(user_id=by_email[user.email], role=role, **{side: profile}))
    TeamMember.objects.bulk_create(members, batch_size=BATCH)

    slots_generate(event=event)
    # Lounge tables ≈ peak parallel meetings ÷ slots + 15 % (DOMAIN.md): sized from the buyers.
    locations_sync(event=event, lounge_tables=max(10, round(len(buyer_rows) * 0.05 * 1.15)))

    request_count, meeting_count = _seed_activity(event, rng, exhibitor_rows, buyer_rows, by_email)
    if with_matches:
        recommendations_compute(event=event)
    return SeedSummary(
        event=event,
        exhibitors=len(exhibitor_rows),
        buyers=len(buyer_rows),
        users=len(users) + 1,
        slots=Slot.objects.filter(event=event).count(),
        requests=request_count,
        meetings=meeting_count,
    )


def _delete_event(event: Event) -> None:
    """Delete an event and its demo users, table by table (Django's per-row cascade takes minutes at 10k buyers)."""
    user_ids = set(
        TeamMember.objects.filter(Q(buyer__event=event) | Q(exhibitor__event=event)).values_list("user_id", flat=True)
    ) | set(event.organisers.values_list("user_id", flat=True))
    ChangeLog.objects.filter(event=event).delete()
    ScheduleRun.objects.filter(event=event).delete()
    Recommendation.objects.filter(event=event).delete()
    MatchRuleSet.objects.filter(event=event).delete()
    Meeting.objects.filter(event=event).delete()
    MeetingRequest.objects.filter(event=event).delete()
    AvailabilityBlock.objects.filter(slot__event=event).delete()
    Slot.objects.filter(event=event).delete()
    Location.objects.filter(event=event).delete()
    TeamMember.objects.filter(Q(buyer__event=event) | Q(exhibitor__event=event)).delete()
    Buyer.days_attending.through.objects.filter(buyer__event=event).delete()
    Buyer.categories.through.objects.filter(buyer__event=event).delete()
    Exhibitor.categories.through.objects.filter(exhibitor__event=event).delete()
    Buyer.objects.filter(event=event).delete()
    Exhibitor.objects.filter(event=event).delete()
    event.delete()
    # Users who only existed for this event go with it; anyone with another role or a superuser stays.
    orphans = (
        User.objects.filter(pk__in=user_ids, is_superuser=False, memberships__isnull=True, organiser_roles__isnull=True)
        .values_list("pk", flat=True)
        .distinct()
    )
    orphan_ids = list(orphans)
    for start in range(0, len(orphan_ids), 900):  # SQLite limits the number of query parameters
        User.objects.filter(pk__in=orphan_ids[start : start + 900]).delete()


def _seed_activity(
    event: Event,
    rng: random.Random,
    exhibitors: list[Exhibitor],
    buyers: list[Buyer],
    by_email: dict[str, int],
) -> tuple[int, int]:
    """Blocked slots, requests in every status and meetings placed greedily without double booking."""
    slots = list(Slot.objects.filter(event=event).order_by("starts_at"))
    slots_by_day: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        slots_by_day[slot.day_id].append(slot)
    attending: dict[int, list[int]] = defaultdict(list)
    for buyer_id, day_id in Buyer.days_attending.through.objects.filter(buyer__event=event).values_list(
        "buyer_id", "eventday_id"
    ):
        attending[buyer_id].append(day_id)
    cats: dict[int, set[int]] = defaultdict(set)
    for ex_id, cat_id in Exhibitor.categories.through.objects.filter(exhibitor__event=event).values_list(
        "exhibitor_id", "category_id"
    ):
        cats[ex_id].add(cat_id)
    wants: dict[int, set[int]] = defaultdict(set)
    for b_id, cat_id in Buyer.categories.through.objects.filter(buyer__event=event).values_list(
        "buyer_id", "category_id"
    ):
        wants[b_id].add(cat_id)
    seats = {
        (loc.exhibitor_id, loc.number): loc
        for loc in Location.objects.filter(event=event, kind=LocationKind.BOOTH_SEAT)
    }
    first_member = dict(
        TeamMember.objects.filter(exhibitor__event=event, role=TeamRole.LEAD).values_list("exhibitor_id", "pk")
    )
    lead_user = dict(
        TeamMember.objects.filter(buyer__event=event, role=TeamRole.LEAD).values_list("buyer_id", "user_id")
    )

    # Blocked availability: about one buyer in ten and one exhibitor in twenty block one to three slots.
    blocked: set[tuple[str, int, int]] = set()
    blocks = []
    for side, rows, share in (("buyer", buyers, 0.1), ("exhibitor", exhibitors, 0.05)):
        for row in rows:
            if rng.random() < share:
                for slot in rng.sample(slots, k=rng.randint(1, 3)):
                    blocked.add((side, row.pk, slot.pk))
                    blocks.append(AvailabilityBlock(slot=slot, note="Other commitments", **{side: row}))
    AvailabilityBlock.objects.bulk_create(blocks, batch_size=BATCH)

    # Requests: buyers ask exhibitors that share a category, most often; some invitations the other way.
    now = timezone.now()
    status_weights = [
        (RequestStatus.ACCEPTED, 55),
        (RequestStatus.PENDING, 25),
        (RequestStatus.DECLINED, 10),
        (RequestStatus.CANCELLED, 5),
        (RequestStatus.EXPIRED, 5),
    ]
    statuses, weights = zip(*status_weights, strict=True)
    requests: list[MeetingRequest] = []
    for index, buyer in enumerate(buyers):
        relevant = [e for e in exhibitors if cats[e.pk] & wants[buyer.pk]] or exhibitors
        count = min(len(relevant), rng.randint(2, 9))
        chosen = rng.sample(relevant, k=count)
        for n, exhibitor in enumerate(chosen):
            status = rng.choices(statuses, weights)[0]
            if index == 0:  # the demo buyer sees every status
                status = statuses[n % len(statuses)]
            invitation = rng.random() < 0.15
            created = now - timedelta(hours=rng.randint(1, 24 * 20))
            requests.append(
                MeetingRequest(
                    event=event,
                    buyer=buyer,
                    exhibitor=exhibitor,
                    direction=RequestDirection.EXHIBITOR_TO_BUYER
                    if invitation
                    else RequestDirection.BUYER_TO_EXHIBITOR,
                    sent_by_id=None if invitation else lead_user.get(buyer.pk),
                    message=rng.choice(_MESSAGES),
                    priority=rng.choice([1, 2, 2, 3]),
                    status=status,
                    decline_reason="Not our segment this year" if status == RequestStatus.DECLINED else "",
                    expires_at=created + timedelta(hours=event.request_expiry_hours),
                    responded_at=None if status == RequestStatus.PENDING else created + timedelta(hours=5),
                )
            )
    # The demo exhibitor always has requests waiting for an answer.
    taken = {(r.buyer.pk, r.exhibitor.pk) for r in requests}
    for buyer in buyers[1:6]:
        if (buyer.pk, exhibitors[0].pk) not in taken:
            requests.append(
                MeetingRequest(
                    event=event,
                    buyer=buyer,
                    exhibitor=exhibitors[0],
                    sent_by_id=lead_user.get(buyer.pk),
                    message=rng.choice(_MESSAGES),
                    status=RequestStatus.PENDING,
                    expires_at=now + timedelta(hours=event.request_expiry_hours),
                )
            )
    MeetingRequest.objects.bulk_create(requests, batch_size=BATCH)
    if requests and requests[0].pk is None:
        requests = list(MeetingRequest.objects.filter(event=event).order_by("pk"))

    # Meetings for accepted requests: earliest common free slot on the buyer's days, at a free booth seat.
    buyer_busy: set[tuple[int, int]] = set()
    seat_busy: set[tuple[int, int, int]] = set()
    per_day: dict[tuple[int, int], int] = defaultdict(int)
    parallel = {e.pk: e.parallel_meetings for e in exhibitors}
    meetings: list[Meeting] = []
    meeting_statuses = [
        (MeetingStatus.CONFIRMED, 60),
        (MeetingStatus.PROPOSED, 25),
        (MeetingStatus.CANCELLED, 7),
        (MeetingStatus.COMPLETED, 5),
        (MeetingStatus.NO_SHOW, 3),
    ]
    m_statuses, m_weights = zip(*meeting_statuses, strict=True)
    for n, req in enumerate(r for r in requests if r.status == RequestStatus.ACCEPTED):
        b, e = req.buyer_id, req.exhibitor_id
        placed = _first_fit(
            slots_by_day, attending[b], b, e, parallel[e], blocked, buyer_busy, seat_busy, per_day, event
        )
        if placed is None:
            continue  # stays accepted and unscheduled: the scheduler's job
        slot, seat = placed
        status = m_statuses[n % len(m_statuses)] if b == buyers[0].pk else rng.choices(m_statuses, m_weights)[0]
        if status != MeetingStatus.CANCELLED:
            buyer_busy.add((b, slot.pk))
            seat_busy.add((e, seat, slot.pk))
            per_day[(b, slot.day_id)] += 1
        meetings.append(
            Meeting(
                request=req,
                event=event,
                buyer_id=b,
                exhibitor_id=e,
                slot=slot,
                exhibitor_seat=seat,
                location=seats.get((e, seat)),
                exhibitor_member_id=first_member.get(e) if seat == 1 else None,
                status=status,
                locked=status == MeetingStatus.CONFIRMED,
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    return len(requests), len(meetings)


def _first_fit(
    slots_by_day: dict[int, list[Slot]],
    days: list[int],
    buyer: int,
    exhibitor: int,
    parallel: int,
    blocked: set[tuple[str, int, int]],
    buyer_busy: set[tuple[int, int]],
    seat_busy: set[tuple[int, int, int]],
    per_day: dict[tuple[int, int], int],
    event: Event,
) -> tuple[Slot, int] | None:
    for day in sorted(days):
        if per_day[(buyer, day)] >= event.meetings_per_day_cap:
            continue
        for slot in slots_by_day[day]:
            if (buyer, slot.pk) in buyer_busy or ("buyer", buyer, slot.pk) in blocked:
                continue
            if ("exhibitor", exhibitor, slot.pk) in blocked:
                continue
            for seat in range(1, parallel + 1):
                if (exhibitor, seat, slot.pk) not in seat_busy:
                    return slot, seat
    return None


_MESSAGES = [
    "We are planning an upgrade of our video surveillance next year and would like to see your products.",
    "Хотели бы обсудить поставку оборудования для наших объектов в Ташкенте.",
    "Sizning mahsulotlaringiz bilan tanishib, hamkorlik imkoniyatlarini muhokama qilmoqchimiz.",
    "Please bring pricing for a project of about 40 sites.",
    "Интересует интеграция с нашей существующей системой СКУД.",
    "Бизни видеокузатув ва ёнғин хавфсизлиги ечимлари қизиқтиради.",
    "",
]
