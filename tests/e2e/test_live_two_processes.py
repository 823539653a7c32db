"""Many processes, in a real browser: two daphne servers share a Redis channel layer (a private redis-server);
the exhibitor accepts on a page served by the first, and the buyer's agenda, open on a page served by the second,
changes without a reload."""

from datetime import time
from pathlib import Path
from uuid import uuid4

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect

from matchmaking.enums import EventPhase
from meetings.services import meeting_request_create, slots_generate
from tests.daphne_server import daphne_server
from tests.factories import BuyerFactory, EventDayFactory, EventFactory, ExhibitorFactory, TeamMemberFactory
from tests.redis_server import PrivateRedis

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_servers(tmp_path: Path):
    redis = PrivateRedis(tmp_path)
    redis.start()
    prefix = f"expomatch-e2e-{uuid4().hex[:8]}"
    try:
        with (
            daphne_server(redis_url=redis.url, channels_prefix=prefix) as first,
            daphne_server(redis_url=redis.url, channels_prefix=prefix) as second,
        ):
            yield first, second
    finally:
        redis.stop()


def _logged_in_page(browser: Browser, base_url: str, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=base_url)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])
    return context.new_page()


def test_accept_through_one_process_updates_a_browser_on_the_other(browser: Browser, two_servers):
    first, second = two_servers
    event = EventFactory(phase=EventPhase.PUBLISHED)
    day = EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    buyer = BuyerFactory(event=event, company="Metro Toshkent", languages=["ru"])
    buyer.days_attending.add(day)
    exhibitor = ExhibitorFactory(event=event, company="CamCo LLC", languages=["ru"])
    buyer_user = TeamMemberFactory(exhibitor=None, buyer=buyer).user
    exhibitor_user = TeamMemberFactory(exhibitor=exhibitor).user
    meeting_request_create(buyer=buyer, exhibitor=exhibitor, by_user=buyer_user)

    buyer_page = _logged_in_page(browser, second, buyer_user)
    buyer_page.goto(f"/e/{event.slug}/buyer/agenda/")
    expect(buyer_page.locator("body[data-ws=open]")).to_have_count(1)
    agenda = buyer_page.locator("main [data-live-src]").first
    expect(agenda).not_to_contain_text("CamCo LLC")
    buyer_page.evaluate("window.notReloaded = true")

    exhibitor_page = _logged_in_page(browser, first, exhibitor_user)
    exhibitor_page.goto(f"/e/{event.slug}/exhibitor/")
    exhibitor_page.get_by_role("button", name="Accept").first.click()

    expect(agenda).to_contain_text("CamCo LLC", timeout=10000)
    assert buyer_page.evaluate("window.notReloaded") is True
