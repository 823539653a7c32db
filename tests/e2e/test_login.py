import pytest
from playwright.sync_api import Page, expect

from meetings import demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_event():
    return demo.seed_demo(exhibitors=6, buyers=12)


def test_demo_buyer_logs_in_and_lands_on_the_buyer_page(page: Page, live_server, demo_event):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
    page.get_by_label("E-mail").fill(demo.DEMO_BUYER)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/e/{demo.DEMO_SLUG}/buyer/")
    expect(page.locator('[data-page="buyer-home"]')).to_be_visible()
    expect(page.get_by_role("heading", name="My agenda")).to_be_visible()
    expect(page.get_by_text("Integrated Security – Securex Uzbekistan 2026").first).to_be_visible()


def test_wrong_password_keeps_the_email_and_says_why(page: Page, live_server, demo_event):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill(demo.DEMO_BUYER)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct")
    expect(page.get_by_label("E-mail")).to_have_value(demo.DEMO_BUYER)
