"""Live updates in the browser: the exhibitor accepts, the buyer's open agenda changes without a reload."""

from datetime import time

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect

from matchmaking.enums import EventPhase
from meetings.services import meeting_request_create, slots_generate
from tests.daphne_server import daphne_server
from tests.factories import BuyerFactory, EventDayFactory, EventFactory, ExhibitorFactory, TeamMemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server():
    # A server that speaks WebSockets (daphne, one process, in-memory layer) on the test database.
    with daphne_server() as url:
        yield url


def _logged_in_context(browser: Browser, base_url: str, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=base_url)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])
    return context


def test_buyer_agenda_updates_live_when_the_exhibitor_accepts(browser: Browser, server):
    event = EventFactory(phase=EventPhase.PUBLISHED)
    day = EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    buyer = BuyerFactory(event=event, company="Metro Toshkent", languages=["ru"])
    buyer.days_attending.add(day)
    exhibitor = ExhibitorFactory(event=event, company="CamCo LLC", languages=["ru"])
    buyer_user = TeamMemberFactory(exhibitor=None, buyer=buyer).user
    exhibitor_user = TeamMemberFactory(exhibitor=exhibitor).user
    meeting_request_create(buyer=buyer, exhibitor=exhibitor, by_user=buyer_user)

    buyer_page = _logged_in_context(browser, server, buyer_user).new_page()
    buyer_page.goto(f"/e/{event.slug}/buyer/")
    expect(buyer_page.locator("body[data-ws=open]")).to_have_count(1)
    expect(buyer_page.locator("[data-live-status]")).to_have_text("Live")
    agenda = buyer_page.locator("[data-live-src]")
    expect(agenda).to_contain_text("No meetings yet.")
    buyer_page.evaluate("window.notReloaded = true")

    exhibitor_page = _logged_in_context(browser, server, exhibitor_user).new_page()
    exhibitor_page.goto(f"/e/{event.slug}/exhibitor/")
    exhibitor_page.get_by_role("button", name="Accept").click()
    expect(exhibitor_page.get_by_role("status").filter(has_text="Proposed slot")).to_be_visible()

    expect(agenda.locator("tr[data-meeting]")).to_have_count(1, timeout=5000)
    expect(agenda).to_contain_text("CamCo LLC")
    assert buyer_page.evaluate("window.notReloaded") is True
