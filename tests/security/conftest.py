"""A world with every kind of person the access rules distinguish, at one event and at another event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from typing import Any

import pytest
from django.core import signing
from django.urls import URLPattern, URLResolver

from matchmaking.enums import EventPhase
from matchmaking.models import MatchRuleSet
from meetings.enums import MeetingStatus, RequestDirection, RequestStatus
from meetings.models import Delivery, Meeting, MeetingRequest, Notification, ScheduleRun, Slot
from meetings.services import slots_generate
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    MeetingRequestFactory,
    OrganiserFactory,
    TeamMemberFactory,
)


def url_names(patterns: list[URLPattern | URLResolver]) -> set[str]:
    """Every named URL under `patterns`, included ones too (what the access matrices must cover)."""
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            names |= url_names(p.url_patterns)
        elif p.name:
            names.add(p.name)
    return names


@dataclass
class World:
    """`users` by role; the objects the pages act on, with their owners:

    - request `pending` (other_buyer → exhibitor), `invitation` (exhibitor2 → buyer);
    - meeting `meeting` (buyer ↔ exhibitor, proposed);
    - `notification` (the buyer's), `delivery` (its e-mail), `run` (a scheduler run), rules version 1.
    """

    event: Any = None
    other_event: Any = None
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)


ROLES = (
    "anonymous",
    "buyer",
    "other_buyer",
    "exhibitor",
    "exhibitor2",
    "organiser",
    "foreign_organiser",
    "foreign_buyer",
    "foreign_exhibitor",
)


@pytest.fixture
def world(db) -> World:
    w = World()
    w.event = EventFactory(slug="securex", phase=EventPhase.PUBLISHED)
    day = EventDayFactory(event=w.event, opens=time(10), closes=time(12))
    slots_generate(event=w.event)
    w.other_event = EventFactory(slug="elsewhere", phase=EventPhase.PUBLISHED)
    buyer = BuyerFactory(event=w.event)
    buyer.days_attending.add(day)
    other_buyer = BuyerFactory(event=w.event)
    exhibitor = ExhibitorFactory(event=w.event)
    exhibitor2 = ExhibitorFactory(event=w.event)
    w.users = {
        "anonymous": None,
        "buyer": TeamMemberFactory(exhibitor=None, buyer=buyer).user,
        "other_buyer": TeamMemberFactory(exhibitor=None, buyer=other_buyer).user,
        "exhibitor": TeamMemberFactory(exhibitor=exhibitor).user,
        "exhibitor2": TeamMemberFactory(exhibitor=exhibitor2).user,
        "organiser": OrganiserFactory(event=w.event).user,
        "foreign_organiser": OrganiserFactory(event=w.other_event).user,
        "foreign_buyer": TeamMemberFactory(exhibitor=None, buyer=BuyerFactory(event=w.other_event)).user,
        "foreign_exhibitor": TeamMemberFactory(exhibitor=ExhibitorFactory(event=w.other_event)).user,
    }
    slot = Slot.objects.filter(event=w.event).first()
    meeting = MeetingFactory(
        request__event=w.event,
        request__buyer=buyer,
        request__exhibitor=exhibitor,
        slot=slot,
        status=MeetingStatus.PROPOSED,
    )
    notification = Notification.objects.create(
        user=w.users["buyer"], event=w.event, kind="meeting.proposed", key="reliab-1", title="A meeting"
    )
    w.objects = {
        "buyer": buyer,
        "other_buyer": other_buyer,
        "exhibitor": exhibitor,
        "exhibitor2": exhibitor2,
        "slot": slot,
        "meeting": meeting,
        "pending": MeetingRequestFactory(event=w.event, buyer=other_buyer, exhibitor=exhibitor),
        "invitation": MeetingRequestFactory(
            event=w.event,
            buyer=buyer,
            exhibitor=exhibitor2,
            direction=RequestDirection.EXHIBITOR_TO_BUYER,
            status=RequestStatus.PENDING,
        ),
        "notification": notification,
        "delivery": Delivery.objects.create(notification=notification, event=w.event, to="buyer@test.example"),
        "run": ScheduleRun.objects.create(event=w.event, parameters={"time_limit": 5}),
        "rules": MatchRuleSet.objects.create(event=w.event, version=1, data={}),
        "calendar_token": signing.dumps(meeting.buyer.team.get().pk, salt="expomatch.calendar-feed"),
    }
    return w


def state(world: World) -> dict[str, Any]:
    """What a refused request must not change: the event's requests, meetings, change log, notifications, runs."""
    return {
        "requests": list(MeetingRequest.objects.order_by("pk").values_list("pk", "status")),
        "meetings": list(Meeting.objects.order_by("pk").values_list("pk", "status", "slot_id", "version")),
        "notifications": list(Notification.objects.order_by("pk").values_list("pk", "read_at")),
        "deliveries": list(Delivery.objects.order_by("pk").values_list("pk", "status", "attempts")),
        "runs": list(ScheduleRun.objects.order_by("pk").values_list("pk", "status")),
        "rules": list(MatchRuleSet.objects.order_by("pk").values_list("pk", "status")),
        "team": sorted(world.objects["exhibitor"].team.values_list("pk", flat=True)),
    }
