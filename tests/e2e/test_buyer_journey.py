"""The buyer's portal in a real browser, on the Securex demo data: log in, search and filter the recommended
exhibitors, open one, request a meeting, find it under My requests, block a slot in the availability grid.
Full-page screenshots at desktop and phone width go to docs/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from matchmaking.models import Buyer
from meetings import demo
from meetings.models import AvailabilityBlock, MeetingRequest
from tests.e2e.screens import DESKTOP, PHONE, fits_and_shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_event():
    return demo.seed_demo().event  # full size: the demo buyer then has a full recommendation list


def _log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/")
    page.get_by_label("E-mail").fill(demo.DEMO_BUYER)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base}/e/{demo.DEMO_SLUG}/buyer/")


def _fits_and_shoot(page: Page, name: str) -> None:
    """Screenshots at both widths; at each, nothing may be wider than the screen (no sideways scrolling)."""
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        fits_and_shoot(page, f"{name}-{size}")


def test_buyer_searches_requests_a_meeting_and_blocks_a_slot(page: Page, live_server, demo_event):
    base = live_server.url
    buyer = Buyer.objects.get(event=demo_event, team__user__email=demo.DEMO_BUYER)
    page.set_viewport_size(DESKTOP)
    _log_in(page, base)

    # Recommended exhibitors, ranked, with reasons.
    cards = page.locator(".exhibitor-card")
    expect(cards.first).to_be_visible()
    expect(page.locator(".reasons li").first).to_be_visible()
    _fits_and_shoot(page, "buyer-home")

    # The exhibitor to meet: the best-ranked one without a request yet.
    target = cards.filter(has_not=page.locator(".request-state")).first
    company = target.locator(".exhibitor-name").inner_text().strip()

    # Filters update the list in place (htmx) and the address (shareable, back button).
    page.get_by_label("Show").select_option("all")
    page.get_by_label("Country").select_option("UZ")
    expect(page).to_have_url(re.compile(r"country=UZ"))
    expect(page.locator(".exhibitor-card .exhibitor-meta").first).to_contain_text("Uzbekistan")
    count = cards.count()
    assert count > 0
    for i in range(count):
        expect(cards.nth(i).locator(".exhibitor-meta")).to_contain_text("Uzbekistan")
    expect(page.get_by_role("search")).to_have_count(1)  # the form was not swapped into the list
    # The next page by keyboard: the list is replaced and focus lands on it, not lost on <body>.
    page.get_by_role("link", name="Next").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"country=UZ.*page=2|page=2.*country=UZ"))
    expect(page.locator(".result-count")).to_contain_text("page 2 of")
    expect(page.locator("#results")).to_be_focused()
    page.get_by_role("link", name="Clear", exact=True).click()
    expect(page).to_have_url(f"{base}/e/{demo.DEMO_SLUG}/buyer/")

    # Free text finds it by name.
    page.get_by_label("Search", exact=True).fill(company)
    expect(page).to_have_url(re.compile(r"q="))
    expect(cards).to_have_count(1)
    expect(cards.first.locator(".exhibitor-name")).to_have_text(company)

    # The exhibitor's page: profile, why it matches, request form with the allowance beside it.
    cards.first.locator(".exhibitor-name a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(company)
    expect(page.locator(".reasons li").first).to_be_visible()  # why it matches this buyer
    expect(page.get_by_role("heading", name="Your request allowance")).to_be_visible()
    _fits_and_shoot(page, "buyer-exhibitor")

    page.get_by_label("Must meet").check()
    page.get_by_label("Message to the exhibitor").fill("We plan 40 metro stations; can we see your thermal cameras?")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text(f"Your request was sent to {company}")).to_be_visible()
    req = MeetingRequest.objects.get(buyer=buyer, exhibitor__company=company, status="pending")
    assert req.priority == 3

    # My requests lists it as pending.
    page.get_by_role("link", name="My requests").first.click()
    row = page.locator(f"tr[data-request='{req.pk}']")
    expect(row).to_contain_text(company)
    expect(row).to_contain_text("Request pending")

    # The agenda: one column per day.
    page.get_by_role("navigation", name="Buyer pages").get_by_role("link", name="My agenda").click()
    expect(page.get_by_role("heading", name="My agenda", level=1)).to_be_visible()
    expect(page.locator(".agenda-day")).to_have_count(3)
    _fits_and_shoot(page, "buyer-agenda")

    # Availability: select a free slot to block it; the grid redraws in place with the slot pressed.
    page.get_by_role("link", name="Availability").click()
    free = page.locator("button.slot[aria-pressed=false]").first
    slot_id = int(free.get_attribute("data-slot"))
    free.click()
    pressed = page.locator(f"#slot-{slot_id}")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    expect(pressed).to_be_focused()
    assert AvailabilityBlock.objects.filter(buyer=buyer, slot_id=slot_id).exists()
    _fits_and_shoot(page, "availability")
