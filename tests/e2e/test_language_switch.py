"""The language switcher in the header, in a real browser: the demo buyer's home in English, then Russian, then
Uzbek (Latin). Screenshots docs/screenshots/buyer-home-ru-desktop.png and buyer-home-uz-phone.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from matchmaking.models import User
from meetings import demo
from tests.e2e.screens import DESKTOP, PHONE, fits_and_shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_event():
    event = demo.seed_demo(exhibitors=60, buyers=120).event
    User.objects.filter(email=demo.DEMO_BUYER).update(language="en")  # the account's language, until switched
    return event


def test_buyer_switches_the_portal_to_russian_then_uzbek(page: Page, live_server, demo_event):
    base = live_server.url
    home = f"/e/{demo.DEMO_SLUG}/buyer/"
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/login/")
    page.get_by_label("E-mail").fill(demo.DEMO_BUYER)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base}{home}")
    expect(page.get_by_role("heading", name="Recommended exhibitors")).to_be_visible()

    # Russian: choosing it in the header select submits the switcher form (portal.js, data-autosubmit, which
    # listens once the deferred scripts have run).
    page.wait_for_load_state("domcontentloaded")
    page.locator("header").get_by_label("Language").select_option("ru")
    expect(page).to_have_url(f"{base}{home}")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", name="Рекомендованные экспоненты")).to_be_visible()
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()
    expect(page.locator(".reasons li").first).to_contain_text("категория")
    expect(page.get_by_text("Recommended exhibitors")).to_have_count(0)
    fits_and_shoot(page, "buyer-home-ru-desktop")  # longer Russian words must still fit

    # Uzbek (Latin), from the Russian page's own switcher, which is now labelled in Russian.
    page.wait_for_load_state("domcontentloaded")
    page.locator("header").get_by_label("Язык").select_option("uz")
    expect(page).to_have_url(f"{base}{home}")  # same address: the language is not in the URL
    expect(page.locator("html")).to_have_attribute("lang", "uz")
    expect(page.get_by_role("heading", name="Tavsiya etilgan eksponentlar")).to_be_visible()
    tabs = page.get_by_role("navigation", name="Xaridor boʻlimlari")
    expect(tabs.get_by_role("link", name="Mening soʻrovlarim")).to_be_visible()
    expect(page.get_by_role("button", name="Chiqish")).to_be_visible()
    expect(page.get_by_text("Рекомендованные экспоненты")).to_have_count(0)

    # Links keep the language: the agenda tab opens in Uzbek too.
    tabs.get_by_role("link", name="Kun tartibim").click()
    expect(page).to_have_url(f"{base}/e/{demo.DEMO_SLUG}/buyer/agenda/")
    expect(page.locator("html")).to_have_attribute("lang", "uz")
    page.go_back()
    page.set_viewport_size(PHONE)
    expect(page.get_by_role("heading", name="Tavsiya etilgan eksponentlar")).to_be_visible()
    fits_and_shoot(page, "buyer-home-uz-phone")
