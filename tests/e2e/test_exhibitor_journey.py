"""The exhibitor's portal in a real browser: log in, accept a buyer's request, confirm the proposed slot, give the
meeting to a team member; the buyer's open agenda follows live; screenshots at desktop and phone width."""

from __future__ import annotations

import re
from datetime import time

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from matchmaking.enums import EventPhase, TeamRole
from matchmaking.models import Event, Exhibitor, User
from meetings.demo import DEMO_EXHIBITOR, DEMO_PASSWORD, DEMO_SLUG, seed_demo
from meetings.enums import MeetingStatus, RequestStatus
from meetings.models import Meeting, MeetingRequest
from meetings.services import meeting_assign_member, meeting_request_accept, meeting_request_create, slots_generate
from tests.daphne_server import daphne_server
from tests.e2e.screens import DESKTOP, PHONE, fits_and_shoot
from tests.factories import BuyerFactory, EventDayFactory, EventFactory, ExhibitorFactory, TeamMemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server():
    with daphne_server() as url:
        yield url


@pytest.fixture
def demo():
    """The Securex demo event, small, with the schedule published (accepting a request proposes a slot)."""
    seed_demo(exhibitors=12, buyers=60, with_matches=True)
    event = Event.objects.get(slug=DEMO_SLUG)
    event.phase = EventPhase.PUBLISHED
    event.save(update_fields=["phase"])
    return event


def _context(browser: Browser, base_url: str, user, **kwargs):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=base_url, **kwargs)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])
    return context


def test_exhibitor_accepts_confirms_and_assigns_a_team_member(browser: Browser, live_server, demo):
    # No live updates needed here: pytest-django's live server (same process, same password hasher) is enough.
    exhibitor = Exhibitor.objects.get(event=demo, team__user__email=DEMO_EXHIBITOR)
    colleague = exhibitor.team.exclude(user__email=DEMO_EXHIBITOR).select_related("user").first()
    if colleague is None:  # the generator gives most stands several people; make sure this one has two
        colleague = TeamMemberFactory(
            exhibitor=exhibitor, role=TeamRole.MEMBER, user__first_name="Sherzod", user__last_name="Tursunov"
        )
    page: Page = browser.new_context(base_url=live_server.url).new_page()

    # Log in with the form, as a person would.
    page.goto("/login/")
    page.get_by_label("E-mail").fill(DEMO_EXHIBITOR)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"/e/{DEMO_SLUG}/exhibitor/$"))
    expect(page.get_by_role("navigation", name="Exhibitor pages")).to_be_visible()

    # Accept the first waiting request (htmx: the item turns into the outcome, no reload).
    first = page.locator("li.ex-request").first
    request_pk = int(first.get_attribute("data-request"))
    buyer_name = MeetingRequest.objects.select_related("buyer").get(pk=request_pk).buyer.company
    page.evaluate("window.notReloaded = true")
    first.get_by_role("button", name=re.compile("^Accept")).click()
    outcome = page.locator("#ex-outcome")  # announced outside the live regions, so a re-fetch keeps it
    expect(outcome).to_contain_text("Accepted.")
    expect(page.locator(f"#request-{request_pk}")).to_contain_text("Accepted")
    assert page.evaluate("window.notReloaded") is True
    assert MeetingRequest.objects.get(pk=request_pk).status == RequestStatus.ACCEPTED
    meeting = Meeting.objects.get(request_id=request_pk, status=MeetingStatus.PROPOSED)

    # Confirm the proposed slot.
    with page.expect_navigation():  # and its scripts: a click before htmx loads would post the plain form
        page.get_by_role("link", name=re.compile("^Proposed slots")).click()
    row = page.locator(f"li.ex-meeting[data-meeting='{meeting.pk}']")
    expect(row).to_contain_text(buyer_name)
    row.get_by_role("button", name="Accept slot").click()
    expect(page.locator("#ex-outcome")).to_have_text("Slot accepted: the meeting is confirmed.")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED

    # Give it to a colleague on the agenda, with the keyboard-reachable select and button.
    with page.expect_navigation():
        page.get_by_role("link", name="Agenda", exact=True).click()
    row = page.locator(f"li.ex-meeting[data-meeting='{meeting.pk}']")
    expect(row).to_contain_text(buyer_name)
    row.get_by_label("Team member").select_option(str(colleague.pk))
    row.get_by_role("button", name="Assign").click()
    expect(page.locator("#ex-outcome")).to_contain_text("takes this meeting.")
    meeting.refresh_from_db()
    assert meeting.exhibitor_member_id == colleague.pk


def test_buyer_agenda_follows_the_exhibitor_confirming_a_slot_live(browser: Browser, server):
    # test_live_agenda.py covers the accept → new meeting path; this covers a change to an existing meeting.
    event = EventFactory(phase=EventPhase.PUBLISHED)
    day = EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    buyer = BuyerFactory(event=event, company="Metro Toshkent", languages=["ru"])
    buyer.days_attending.add(day)
    exhibitor = ExhibitorFactory(event=event, company="CamCo LLC", languages=["ru"])
    buyer_user = TeamMemberFactory(exhibitor=None, buyer=buyer).user
    exhibitor_user = TeamMemberFactory(exhibitor=exhibitor).user
    request = meeting_request_create(buyer=buyer, exhibitor=exhibitor, by_user=buyer_user)
    meeting_request_accept(request=request, by_user=exhibitor_user)
    meeting = Meeting.objects.get(request=request, status=MeetingStatus.PROPOSED)

    buyer_page = _context(browser, server, buyer_user).new_page()
    buyer_page.goto(f"/e/{event.slug}/buyer/")
    expect(buyer_page.locator("body[data-ws=open]")).to_have_count(1)
    row = buyer_page.locator(f"[data-live-src] tr[data-meeting='{meeting.pk}']")
    expect(row).to_contain_text("Slot proposed")
    buyer_page.evaluate("window.notReloaded = true")

    exhibitor_page = _context(browser, server, exhibitor_user).new_page()
    exhibitor_page.goto(f"/e/{event.slug}/exhibitor/proposed/")
    expect(exhibitor_page.locator("body[data-ws=open]")).to_have_count(1)
    exhibitor_page.locator(f"li.ex-meeting[data-meeting='{meeting.pk}']").get_by_role(
        "button", name="Accept slot"
    ).click()
    expect(exhibitor_page.get_by_role("status").filter(has_text="Slot accepted")).to_be_visible()

    expect(row).to_contain_text("Confirmed", timeout=5000)
    assert buyer_page.evaluate("window.notReloaded") is True

    # The exhibitor's own agenda follows a change made elsewhere (here: by a service call, as an organiser's
    # screen would), and its redrawn forms still post by htmx, without a reload.
    colleague = TeamMemberFactory(
        exhibitor=exhibitor, role=TeamRole.MEMBER, user__first_name="Sherzod", user__last_name="Tursunov"
    )
    exhibitor_page.goto(f"/e/{event.slug}/exhibitor/meetings/")
    expect(exhibitor_page.locator("body[data-ws=open]")).to_have_count(1)
    exhibitor_page.evaluate("window.notReloaded = true")
    meeting_assign_member(meeting=meeting, member=colleague, by_user=exhibitor_user)
    select = exhibitor_page.locator(f"li.ex-meeting[data-meeting='{meeting.pk}']").get_by_label("Team member")
    expect(select).to_have_value(str(colleague.pk), timeout=8000)
    select.select_option("")
    exhibitor_page.locator(f"li.ex-meeting[data-meeting='{meeting.pk}']").get_by_role("button", name="Assign").click()
    expect(exhibitor_page.locator("#ex-outcome")).to_contain_text("Nobody from your team")
    assert exhibitor_page.evaluate("window.notReloaded") is True
    meeting.refresh_from_db()
    assert meeting.exhibitor_member is None


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_exhibitor_pages_fit_the_screen_and_are_saved_as_screenshots(browser: Browser, server, demo, size, viewport):
    user = User.objects.get(email=DEMO_EXHIBITOR)
    page = _context(browser, server, user, viewport=viewport).new_page()
    for name, path in (("home", ""), ("agenda", "meetings/"), ("buyers", "buyers/")):
        page.goto(f"/e/{DEMO_SLUG}/exhibitor/{path}")
        expect(page.locator("body[data-ws=open]")).to_have_count(1)
        # Nothing wider than the screen: no sideways scrolling of the page (the tab bar scrolls on its own).
        fits_and_shoot(page, f"exhibitor-{name}-{size}")
