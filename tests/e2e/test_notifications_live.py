"""The bell's unread count updates live: a buyer's request reaches the exhibitor's open page as a notification
(written by the task worker, here run in the test process), without a reload."""

from datetime import time

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect

from matchmaking.enums import EventPhase
from meetings.models import Notification
from meetings.services import meeting_request_create, slots_generate
from tests.daphne_server import daphne_server
from tests.factories import BuyerFactory, EventDayFactory, EventFactory, ExhibitorFactory, TeamMemberFactory
from tests.meetings.test_notifications import run_tasks

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server():
    with daphne_server() as url:
        yield url


def _logged_in_page(browser: Browser, base_url: str, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=base_url)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])
    return context.new_page()


def test_exhibitor_bell_counts_a_new_request_without_a_reload(browser: Browser, server):
    event = EventFactory(phase=EventPhase.REQUESTS_OPEN)
    EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    buyer = BuyerFactory(event=event, company="Metro Toshkent")
    exhibitor = ExhibitorFactory(event=event, company="CamCo LLC")
    buyer_user = TeamMemberFactory(exhibitor=None, buyer=buyer).user
    exhibitor_user = TeamMemberFactory(exhibitor=exhibitor).user

    page = _logged_in_page(browser, server, exhibitor_user)
    page.goto(f"/e/{event.slug}/exhibitor/")
    expect(page.locator("body[data-ws=open]")).to_have_count(1)
    bell = page.locator("[data-bell]")
    expect(bell.locator("[data-unread]")).to_have_count(0)
    page.evaluate("window.notReloaded = true")

    meeting_request_create(buyer=buyer, exhibitor=exhibitor, by_user=buyer_user)
    assert run_tasks() >= 1  # the worker writes the notification (and sends its e-mail)
    assert Notification.objects.filter(user=exhibitor_user).count() == 1

    expect(bell.locator("[data-unread]")).to_have_text("1 unread", timeout=10000)
    assert page.evaluate("window.notReloaded") is True

    bell.click()
    expect(page.locator("[data-page=notifications]")).to_contain_text("Metro Toshkent asks to meet you")
    page.locator("[data-notification] a").first.click()
    expect(page.locator("body[data-ws=open]")).to_have_count(1)
    expect(page.locator("[data-bell] [data-unread]")).to_have_count(0)
