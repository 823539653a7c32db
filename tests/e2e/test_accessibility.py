"""Accessibility, checked by axe-core (the engine behind Lighthouse's and many auditors' checks) in a real browser:
every main page of each role on the Securex demo data has no WCAG 2.x A/AA violation axe can detect — labels,
contrast, landmarks, heading order, ARIA, keyboard-focusable controls. (Automated checks find about a third of
accessibility problems; the rest is keyboard and screen-reader testing by people.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from meetings import demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe-4.14.1.min.js").read_text()
EVENT = f"/e/{demo.DEMO_SLUG}"
PAGES = {
    demo.DEMO_BUYER: ["/buyer/", "/buyer/agenda/", "/buyer/requests/", "/buyer/availability/", "/buyer/profile/"],
    demo.DEMO_EXHIBITOR: ["/exhibitor/", "/exhibitor/proposed/", "/exhibitor/meetings/", "/exhibitor/buyers/",
                          "/exhibitor/team/", "/exhibitor/availability/", "/notifications/"],
    demo.DEMO_ORGANISER: ["/organiser/", "/organiser/rules/", "/organiser/scheduler/", "/organiser/grid/",
                          "/organiser/participants/exhibitors/", "/organiser/import/", "/organiser/publish/",
                          "/organiser/notifications/"],
}  # fmt: skip


def _violations(page: Page) -> list[str]:
    page.evaluate(AXE)  # injected through the DevTools protocol: the page's content security policy stays on
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                             "best-practice"]});
            return result.violations.map(v => `${v.id} (${v.impact}): ${v.nodes[0].target.join(" ")}`);
        }"""
    )
    return list(found)


@pytest.mark.parametrize("user", list(PAGES))
def test_main_pages_have_no_accessibility_violations(browser: Browser, live_server, user):
    demo.seed_demo(exhibitors=40, buyers=120)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill(user)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("main")).to_be_visible()

    problems = {}
    for path in PAGES[user]:
        page.goto(f"{live_server.url}{EVENT}{path}")
        expect(page.locator("main h1").first).to_be_visible()
        if found := _violations(page):
            problems[path] = found
    page.close()
    assert problems == {}
