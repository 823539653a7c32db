"""Organiser pages: who may open them, and what they show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from matchmaking.enums import EventPhase
from meetings.enums import MeetingStatus, RequestStatus
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    LocationFactory,
    MeetingFactory,
    MeetingRequestFactory,
    OrganiserFactory,
    ScheduleRunFactory,
    SlotFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    ("organiser-home", {}),
    ("organiser-stats-fragment", {}),
    ("organiser-rules", {}),
    ("organiser-scheduler", {}),
    ("organiser-grid", {}),
    ("organiser-participants", {"kind": "exhibitors"}),
    ("organiser-participants", {"kind": "buyers"}),
    ("organiser-import", {}),
    ("organiser-publish", {}),
    ("organiser-agendas-print", {"kind": "exhibitors"}),
    ("organiser-agendas-print", {"kind": "buyers"}),
    ("organiser-run-fragment", {"pk": None}),
]


@pytest.fixture
def world():
    event = EventFactory(phase=EventPhase.REQUESTS_OPEN)
    slot = SlotFactory(event=event, day=EventDayFactory(event=event))
    meeting = MeetingFactory(
        request__event=event,
        request__buyer__company="Metro Toshkent",
        request__exhibitor__company="CamCo LLC",
        slot=slot,
        location=LocationFactory(event=event),
    )
    run = ScheduleRunFactory(event=event)
    return {
        "event": event,
        "meeting": meeting,
        "run": run,
        "organiser": OrganiserFactory(event=event).user,
        "foreign_organiser": OrganiserFactory(event=EventFactory()).user,
        "buyer": TeamMemberFactory(exhibitor=None, buyer=meeting.buyer).user,
        "exhibitor": TeamMemberFactory(exhibitor=meeting.exhibitor).user,
    }


def _url(world, name, kwargs):
    kwargs = {**kwargs, "slug": world["event"].slug}
    if "pk" in kwargs:
        kwargs["pk"] = world["run"].pk
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_organiser_page_works_for_the_events_organiser(client, login, world, name, kwargs):
    login(world["organiser"])
    response = client.get(_url(world, name, kwargs))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_organiser_page_sends_anonymous_users_to_login(client, world, name, kwargs):
    response = client.get(_url(world, name, kwargs))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["foreign_organiser", "buyer", "exhibitor"])
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_organiser_page_is_404_for_anyone_else(client, login, world, role, name, kwargs):
    login(world[role])
    assert client.get(_url(world, name, kwargs)).status_code == 404


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("organiser-rules-preview", {}),
        ("organiser-rules-publish", {"version": 1}),
        ("organiser-run-cancel", {"pk": None}),
        ("organiser-publish", {}),
        ("organiser-scheduler", {}),
        ("organiser-rules", {}),
    ],
)
@pytest.mark.parametrize("role", ["foreign_organiser", "buyer", "exhibitor"])
def test_organiser_actions_are_404_for_anyone_else_and_change_nothing(client, login, world, role, name, kwargs):
    from matchmaking.models import MatchRuleSet
    from meetings.models import ScheduleRun

    login(world[role])
    response = client.post(_url(world, name, kwargs), {"confirm": "on", "time_limit": 5, "workers": 1})
    assert response.status_code == 404
    world["event"].refresh_from_db()
    assert world["event"].phase == EventPhase.REQUESTS_OPEN
    assert ScheduleRun.objects.count() == 1 and not MatchRuleSet.objects.exists()


def test_unknown_participant_list_is_404(client, login, world):
    login(world["organiser"])
    url = reverse("organiser-participants", kwargs={"slug": world["event"].slug, "kind": "sponsors"})
    assert client.get(url).status_code == 404


def test_dashboard_shows_figures_charts_and_a_live_region(client, login, world):
    event = world["event"]
    MeetingRequestFactory(event=event, status=RequestStatus.DECLINED)
    MeetingRequestFactory(event=event, status=RequestStatus.PENDING)
    login(world["organiser"])
    page = client.get(reverse("organiser-home", kwargs={"slug": event.slug})).content.decode()
    assert 'data-page="organiser-home"' in page
    assert f'data-live-src="{reverse("organiser-stats-fragment", kwargs={"slug": event.slug})}"' in page
    assert 'data-live-event="' in page  # live updates switched on
    # one accepted (the meeting's request) of two answered
    assert '<dd data-figure="acceptance">50 %</dd>' in page
    assert '<dd data-figure="meetings">1</dd>' in page
    assert page.count("<svg viewBox") >= 4 and 'role="img"' in page and "<title id=" in page and "<desc id=" in page
    assert "<meter" in page
    assert 'style="' not in page and "onclick" not in page
    assert 'aria-current="page"' in page


def test_stats_fragment_is_the_dashboard_without_the_page(client, login, world):
    login(world["organiser"])
    fragment = client.get(reverse("organiser-stats-fragment", kwargs={"slug": world["event"].slug})).content.decode()
    assert "<html" not in fragment and '<dd data-figure="meetings">1</dd>' in fragment


def test_participants_list_counts_requests_and_meetings_and_searches(client, login, world):
    event = world["event"]
    MeetingRequestFactory(event=event, exhibitor=world["meeting"].exhibitor, status=RequestStatus.PENDING)
    ExhibitorFactory(event=event, company="Other Vision LLC")
    login(world["organiser"])
    url = reverse("organiser-participants", kwargs={"slug": event.slug, "kind": "exhibitors"})
    page = client.get(url).content.decode()
    row = page[page.index(f'data-participant="{world["meeting"].exhibitor_id}"') :].split("</tr>")[0]
    assert "CamCo LLC" in row
    assert '"Requests">2</td><td data-label="Pending">1</td><td data-label="Meetings">1</td>' in row
    found = client.get(url, {"q": "vision"}).content.decode()
    assert "Other Vision LLC" in found and "CamCo LLC" not in found
    assert reverse("organiser-import", kwargs={"slug": event.slug}) in found


def test_grid_shows_meetings_in_their_slot_and_place_and_filters(client, login, world):
    event = world["event"]
    slot = world["meeting"].slot
    MeetingFactory(request__event=event, request__buyer__company="Airport TAS", slot=slot)
    MeetingFactory(
        request__event=event, request__buyer__company="Cancelled Co", slot=slot, status=MeetingStatus.CANCELLED
    )
    login(world["organiser"])
    url = reverse("organiser-grid", kwargs={"slug": event.slug})
    page = client.get(url).content.decode()
    assert "Metro Toshkent" in page and "Airport TAS" in page and "Cancelled Co" not in page
    assert world["meeting"].location.name in page  # the lounge table is a column
    filtered = client.get(url, {"buyer": "airport"}).content.decode()
    assert "Airport TAS" in filtered and "Metro Toshkent" not in filtered
    cancelled = client.get(url, {"status": "cancelled"}).content.decode()
    assert "Cancelled Co" in cancelled and "Airport TAS" not in cancelled
    bad = client.get(url, {"status": "nonsense"})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()


def test_grid_pages_through_the_slots_of_a_day(client, login, world):
    event = world["event"]
    day = world["meeting"].slot.day
    slots = [SlotFactory(event=event, day=day) for _ in range(7)]
    MeetingFactory(request__event=event, request__buyer__company="Late Buyer", slot=slots[-1])
    login(world["organiser"])
    url = reverse("organiser-grid", kwargs={"slug": event.slug})
    first = client.get(url).content.decode()
    assert "Late Buyer" not in first and "Page 1 of 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Late Buyer" in second


def test_print_all_agendas_has_one_page_per_participant_with_meetings(client, login, world):
    event = world["event"]
    BuyerFactory(event=event, company="No Meetings Yet")
    login(world["organiser"])
    page = client.get(
        reverse("organiser-agendas-print", kwargs={"slug": event.slug, "kind": "buyers"})
    ).content.decode()
    assert page.count('class="agenda-page"') == 1
    assert "Metro Toshkent" in page and "CamCo LLC" in page and "No Meetings Yet" not in page
    local = world["meeting"].slot.starts_at.astimezone(event.tz)
    assert f"{local:%H:%M}" in page


def test_print_all_agendas_query_count_does_not_grow(client, login, world, django_assert_max_num_queries):
    event = world["event"]
    login(world["organiser"])
    url = reverse("organiser-agendas-print", kwargs={"slug": event.slug, "kind": "exhibitors"})
    client.get(url)
    for _ in range(3):
        MeetingFactory(request__event=event, slot=SlotFactory(event=event))
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()
    assert page.count('class="agenda-page"') == 4


def test_publish_needs_the_confirmation_and_then_publishes(client, login, world):
    event = world["event"]
    login(world["organiser"])
    url = reverse("organiser-publish", kwargs={"slug": event.slug})
    assert "I have checked the schedule" in client.get(url).content.decode()
    refused = client.post(url, {})
    assert refused.status_code == 422 and "Tick the box" in refused.content.decode()
    event.refresh_from_db()
    assert event.phase == EventPhase.REQUESTS_OPEN
    response = client.post(url, {"confirm": "on"}, follow=True)
    event.refresh_from_db()
    assert event.phase == EventPhase.PUBLISHED
    assert "The schedule is published" in response.content.decode()


def test_publish_from_a_wrong_phase_is_refused_clearly(client, login):
    event = EventFactory(phase=EventPhase.DRAFT)
    login(OrganiserFactory(event=event).user)
    url = reverse("organiser-publish", kwargs={"slug": event.slug})
    assert "data-publish-refused" in client.get(url).content.decode()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 422
    assert "cannot be published while the event is in the phase “Draft”" in response.content.decode()
    event.refresh_from_db()
    assert event.phase == EventPhase.DRAFT


def test_import_page_keeps_the_row_report_and_the_tabs(client, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from matchmaking.services import taxonomy_load

    taxonomy_load()
    organiser = OrganiserFactory()
    login(organiser.user)
    url = reverse("organiser-import", kwargs={"slug": organiser.event.slug})
    bad = "key,company,organisation_type,country,contact_email,categories\nx1,CamCo LLC,maker,Uzbekistan,cam@co,1.1\n"
    page = client.post(url, {"kind": "exhibitors", "file": SimpleUploadedFile("e.csv", bad.encode())}).content.decode()
    assert 'data-report="refused"' in page and "<td>2</td>" in page and "organisation_type" in page
    assert 'aria-current="page"' in page and reverse("organiser-rules", kwargs={"slug": organiser.event.slug}) in page


def test_superuser_may_open_any_events_organiser_pages(client, login):
    event = EventFactory()
    login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("organiser-grid", kwargs={"slug": event.slug})).status_code == 200


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["organiser-participants", "organiser-grid", "organiser-home", "organiser-scheduler"])
def test_organiser_list_pages_cost_the_same_queries_for_one_or_three_rows(client, login, name):
    from meetings.enums import ScheduleRunStatus
    from meetings.models import ScheduleRun

    counts = []
    for n in (1, 3):
        event = EventFactory()
        slot = SlotFactory(event=event, day=EventDayFactory(event=event))
        for _ in range(n):
            MeetingFactory(
                request__event=event, slot=SlotFactory(event=event, day=slot.day), location=LocationFactory(event=event)
            )
            ScheduleRun.objects.create(
                event=event, status=ScheduleRunStatus.SUCCEEDED, report={"scheduled": 1, "requests": 1}
            )
        client.logout()
        login(OrganiserFactory(event=event).user)
        kwargs = {"slug": event.slug, **({"kind": "exhibitors"} if name == "organiser-participants" else {})}
        counts.append(_queries(client, reverse(name, kwargs=kwargs)))
    assert counts[0] == counts[1]
