import pytest
from rest_framework.test import APIClient

from matchmaking.enums import EventPhase
from meetings.services import slots_generate
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    OrganiserFactory,
    TeamMemberFactory,
    UserFactory,
)


class World:
    """Two events; on the first: a buyer, an exhibitor, another buyer and an organiser, each with a user."""


@pytest.fixture
def world(db):
    from datetime import time

    w = World()
    w.event = EventFactory(slug="securex", phase=EventPhase.REQUESTS_OPEN)
    w.day = EventDayFactory(event=w.event, opens=time(10), closes=time(12))
    slots_generate(event=w.event)
    w.other_event = EventFactory(slug="elsewhere")
    w.buyer = BuyerFactory(event=w.event, company="Metro Toshkent", languages=["ru"])
    w.buyer.days_attending.add(w.day)
    w.exhibitor = ExhibitorFactory(event=w.event, company="CamCo LLC", languages=["ru"], booth="B1")
    w.other_buyer = BuyerFactory(event=w.event, company="Olmaliq Zavodi")
    w.buyer_user = TeamMemberFactory(exhibitor=None, buyer=w.buyer, user=UserFactory(email="buyer@t.example")).user
    w.exhibitor_user = TeamMemberFactory(exhibitor=w.exhibitor, user=UserFactory(email="exh@t.example")).user
    w.other_buyer_user = TeamMemberFactory(
        exhibitor=None, buyer=w.other_buyer, user=UserFactory(email="other@t.example")
    ).user
    w.organiser_user = OrganiserFactory(event=w.event, user=UserFactory(email="org@t.example")).user
    w.foreign_organiser = OrganiserFactory(event=w.other_event, user=UserFactory(email="org2@t.example")).user
    return w


@pytest.fixture
def api():
    def as_user(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return as_user
