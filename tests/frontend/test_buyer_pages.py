"""The buyer's pages: exhibitor directory (search, filters, N+1 guard), exhibitor page and meeting request form,
my requests (cancel, answer an invitation), my agenda and its live fragment, and the profile editor."""

from datetime import time

import pytest
from django.urls import reverse

from matchmaking.enums import EventPhase
from matchmaking.models import Buyer
from meetings.enums import MeetingStatus, RequestDirection, RequestStatus
from meetings.models import MeetingRequest
from meetings.services import slots_generate
from tests.factories import (
    BuyerFactory,
    CategoryFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    MeetingRequestFactory,
    RecommendationFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(login):
    """A logged-in buyer at an event open for requests, with one show day of slots."""
    event = EventFactory(phase=EventPhase.REQUESTS_OPEN, pending_request_cap=5)
    day = EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    profile = BuyerFactory(event=event, company="Metro Toshkent", languages=["ru", "uz"])
    profile.days_attending.add(day)
    user = UserFactory()
    TeamMemberFactory(user=user, exhibitor=None, buyer=profile)
    login(user)
    return profile


def _url(name, buyer, **kwargs):
    return reverse(name, kwargs={"slug": buyer.event.slug, **kwargs})


def _recommend(buyer, rank, **exhibitor):
    exhibitor.setdefault("event", buyer.event)
    return RecommendationFactory(
        event=buyer.event,
        buyer=buyer,
        exhibitor=ExhibitorFactory(**exhibitor),
        buyer_rank=rank,
        score=round(0.9 - rank / 20, 2),
        evidence=[
            {"kind": "concept", "label": "IP cameras", "buyer_text": "IP-камеры", "exhibitor_text": "IP cameras"},
            {"kind": "rule", "label": "shared_language", "buyer_text": "ru", "exhibitor_text": "ru", "weight": 0},
        ],
    ).exhibitor


# --- Directory ----------------------------------------------------------------------------------------------


def test_buyer_home_lists_recommendations_in_rank_order_with_readable_reasons(client, buyer):
    _recommend(buyer, 2, company="Second Cam LLC")
    _recommend(buyer, 1, company="First Cam LLC", hall="Pavilion 2", booth="B14")
    ExhibitorFactory(event=buyer.event, company="Unranked Locks LLC")

    page = client.get(_url("buyer-home", buyer))

    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("First Cam LLC") < html.index("Second Cam LLC")
    assert "Unranked Locks LLC" not in html  # recommendations only by default
    assert "Pavilion 2" in html and "Booth B14" in html
    assert "Both about IP cameras: you wrote “IP-камеры”, they wrote “IP cameras”" in html
    assert "You share a language: Russian" in html
    assert 'data-page="buyer-home"' in html


def test_buyer_home_scope_all_shows_every_exhibitor_of_the_event_only(client, buyer):
    _recommend(buyer, 1, company="First Cam LLC")
    ExhibitorFactory(event=buyer.event, company="Unranked Locks LLC")
    ExhibitorFactory(company="Other Show Exhibitor LLC")  # another event

    html = client.get(_url("buyer-home", buyer), {"scope": "all"}).content.decode()

    assert "First Cam LLC" in html and "Unranked Locks LLC" in html
    assert "Other Show Exhibitor LLC" not in html
    assert html.index("First Cam LLC") < html.index("Unranked Locks LLC")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "thermal"}, {"Thermo LLC"}),
        ({"q": "THERMO"}, {"Thermo LLC"}),
        ({"country": "CN"}, {"Beijing Vision Co"}),
        ({"hall": "Pavilion 3"}, {"Thermo LLC"}),
        ({"language": "tr"}, {"Istanbul Gate AS"}),
        ({"category": "1"}, {"Beijing Vision Co", "Thermo LLC"}),
        ({"category": "2"}, {"Istanbul Gate AS"}),
        ({"country": "UZ", "category": "1"}, {"Thermo LLC"}),
    ],
)
def test_buyer_home_filters_narrow_the_results(client, buyer, params, expected):
    video = CategoryFactory(code="1", name_en="Video surveillance")
    thermal = CategoryFactory(code="1.4", parent=video, name_en="Thermal imaging")
    access = CategoryFactory(code="2", name_en="Access control")
    thermo = _recommend(buyer, 1, company="Thermo LLC", country="UZ", hall="Pavilion 3", offering="Thermal cameras")
    thermo.categories.add(thermal)
    beijing = _recommend(buyer, 2, company="Beijing Vision Co", country="CN", hall="Pavilion 2", languages=["zh"])
    beijing.categories.add(video)
    gate = _recommend(buyer, 3, company="Istanbul Gate AS", country="TR", hall="Pavilion 2", languages=["tr", "en"])
    gate.categories.add(access)

    response = client.get(_url("buyer-home", buyer), params)

    html = response.content.decode()
    shown = {name for name in ("Thermo LLC", "Beijing Vision Co", "Istanbul Gate AS") if name in html}
    assert shown == expected


def test_buyer_home_htmx_request_gets_only_the_result_list(client, buyer):
    _recommend(buyer, 1, company="First Cam LLC")

    response = client.get(_url("buyer-home", buyer), {"q": "First"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "First Cam LLC" in html
    assert "<html" not in html and 'role="search"' not in html
    assert "HX-Request" in response["Vary"]


def test_buyer_home_bad_filter_value_is_named_and_ignored(client, buyer):
    _recommend(buyer, 1, company="First Cam LLC")

    html = client.get(_url("buyer-home", buyer), {"country": "XX", "q": "First"}).content.decode()

    assert "Select a valid choice" in html
    assert "First Cam LLC" in html  # the valid part of the search still applies
    assert 'value="First"' in html  # what the user typed is kept


def test_buyer_home_paginates(client, buyer):
    for rank in range(1, 24):
        _recommend(buyer, rank, company=f"Company {rank:02d}")

    first = client.get(_url("buyer-home", buyer)).content.decode()
    second = client.get(_url("buyer-home", buyer), {"page": 2}).content.decode()

    assert "Company 01" in first and "Company 21" not in first
    assert "Company 21" in second and "Company 01" not in second
    assert "Page 2 of 2" in second


def test_buyer_home_shows_the_state_of_an_existing_request(client, buyer):
    exhibitor = _recommend(buyer, 1, company="First Cam LLC")
    MeetingRequestFactory(event=buyer.event, buyer=buyer, exhibitor=exhibitor, status=RequestStatus.PENDING)

    html = client.get(_url("buyer-home", buyer)).content.decode()

    assert 'data-request-status="pending"' in html


@pytest.mark.parametrize("count", [1, 3])
def test_buyer_home_queries_do_not_grow_with_the_list(client, buyer, django_assert_num_queries, count):
    video = CategoryFactory(code="1")
    slots = list(buyer.event.slots.all())
    for rank in range(1, count + 1):
        exhibitor = _recommend(buyer, rank)
        exhibitor.categories.add(video)
        MeetingFactory(request__event=buyer.event, request__buyer=buyer, request__exhibitor=exhibitor, slot=slots[rank])

    # The same number for 1 and 3 exhibitors: categories, recommendations, requests and meetings are fetched
    # once per page, not once per row. (Cold cache: the filter options take five of these.)
    with django_assert_num_queries(23):
        response = client.get(_url("buyer-home", buyer))
    assert response.content.decode().count('data-exhibitor="') == count


def test_buyer_home_needs_login(client):
    buyer = BuyerFactory()
    response = client.get(_url("buyer-home", buyer))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- Exhibitor page and request form -----------------------------------------------------------------------


def test_exhibitor_page_shows_profile_booth_reasons_and_request_form(client, buyer):
    exhibitor = _recommend(
        buyer, 1, company="First Cam LLC", hall="Pavilion 2", booth="B14", offering="Thermal cameras for metro"
    )

    page = client.get(_url("buyer-exhibitor", buyer, pk=exhibitor.pk))

    html = page.content.decode()
    assert page.status_code == 200
    assert "First Cam LLC" in html and "Thermal cameras for metro" in html and "Booth B14" in html
    assert "Both about IP cameras" in html
    assert "Send request" in html
    assert "Requests waiting for an answer: 0 of 5" in html


def test_exhibitor_page_says_when_requests_are_not_open_and_the_service_refuses(client, buyer):
    buyer.event.phase = EventPhase.DRAFT
    buyer.event.save(update_fields=["phase"])
    exhibitor = _recommend(buyer, 1)

    page = client.get(_url("buyer-exhibitor", buyer, pk=exhibitor.pk)).content.decode()
    refused = client.post(_url("buyer-request-create", buyer, pk=exhibitor.pk), {"priority": "2", "message": "Hi"})

    assert "The organiser has not opened meeting requests yet." in page
    assert refused.status_code == 422
    assert "Meeting requests are not open for this event." in refused.content.decode()
    assert not MeetingRequest.objects.exists()


def test_exhibitor_page_of_another_event_is_404(client, buyer):
    stranger = ExhibitorFactory()
    assert client.get(_url("buyer-exhibitor", buyer, pk=stranger.pk)).status_code == 404
    assert client.post(_url("buyer-request-create", buyer, pk=stranger.pk), {"priority": 2}).status_code == 404
    assert not MeetingRequest.objects.exists()


def test_exhibitor_page_needs_login(client):
    exhibitor = ExhibitorFactory()
    response = client.get(reverse("buyer-exhibitor", kwargs={"slug": exhibitor.event.slug, "pk": exhibitor.pk}))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_exhibitor_page_for_a_user_without_a_buyer_profile_is_404(client, login):
    exhibitor = ExhibitorFactory()
    login(TeamMemberFactory(exhibitor=ExhibitorFactory(event=exhibitor.event)).user)
    response = client.get(reverse("buyer-exhibitor", kwargs={"slug": exhibitor.event.slug, "pk": exhibitor.pk}))
    assert response.status_code == 404


def test_request_create_sends_the_request_and_shows_its_state(client, buyer):
    exhibitor = _recommend(buyer, 1, company="First Cam LLC")

    response = client.post(
        _url("buyer-request-create", buyer, pk=exhibitor.pk), {"priority": "3", "message": "About 40 cameras"}
    )

    assert response.status_code == 302
    req = MeetingRequest.objects.get()
    assert (req.buyer, req.exhibitor, req.priority, req.message) == (buyer, exhibitor, 3, "About 40 cameras")
    html = client.get(response.url).content.decode()
    assert "Your request was sent to First Cam LLC" in html
    assert "Cancel request" in html and "Send request" not in html


def test_request_create_bad_priority_names_the_field_and_keeps_the_message(client, buyer):
    exhibitor = _recommend(buyer, 1)

    response = client.post(
        _url("buyer-request-create", buyer, pk=exhibitor.pk), {"priority": "9", "message": "About 40 cameras"}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert 'data-field="priority"' in html and "Select a valid choice" in html
    assert "About 40 cameras" in html
    assert not MeetingRequest.objects.exists()


def test_request_create_duplicate_is_a_form_error(client, buyer):
    exhibitor = _recommend(buyer, 1)
    MeetingRequestFactory(event=buyer.event, buyer=buyer, exhibitor=exhibitor, status=RequestStatus.DECLINED)
    MeetingRequestFactory(event=buyer.event, buyer=buyer, exhibitor=exhibitor, status=RequestStatus.PENDING)

    response = client.post(
        _url("buyer-request-create", buyer, pk=exhibitor.pk), {"priority": "2", "message": "Second try"}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "There is already an open request between you." in html
    assert "Second try" in html
    assert MeetingRequest.objects.count() == 2


def test_request_create_over_the_pending_cap_is_a_form_error_with_the_input_kept(client, buyer):
    for _ in range(buyer.event.pending_request_cap):
        MeetingRequestFactory(event=buyer.event, buyer=buyer, direction=RequestDirection.BUYER_TO_EXHIBITOR)
    exhibitor = _recommend(buyer, 1)

    response = client.post(
        _url("buyer-request-create", buyer, pk=exhibitor.pk), {"priority": "3", "message": "Please, one more"}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "You already have 5 requests waiting for an answer" in html
    assert "Please, one more" in html
    assert 'value="3" id="id_priority_2" checked' in html or 'value="3" required id="id_priority_2" checked' in html
    assert "Requests waiting for an answer: 5 of 5" in html
    assert MeetingRequest.objects.filter(exhibitor=exhibitor).count() == 0


def test_request_create_is_post_only(client, buyer):
    exhibitor = _recommend(buyer, 1)
    assert client.get(_url("buyer-request-create", buyer, pk=exhibitor.pk)).status_code == 405


# --- My requests ---------------------------------------------------------------------------------------------


def test_my_requests_lists_own_requests_with_status_and_filter(client, buyer):
    MeetingRequestFactory(event=buyer.event, buyer=buyer, exhibitor__company="Pending Co", status="pending")
    MeetingRequestFactory(event=buyer.event, buyer=buyer, exhibitor__company="Declined Co", status="declined")
    MeetingRequestFactory(exhibitor__company="Someone Else's Co")

    html = client.get(_url("buyer-requests", buyer)).content.decode()
    declined = client.get(_url("buyer-requests", buyer), {"status": "declined"}).content.decode()

    assert "Pending Co" in html and "Declined Co" in html and "Someone Else" not in html
    assert "Declined Co" in declined and "Pending Co" not in declined


@pytest.mark.parametrize("count", [1, 3])
def test_my_requests_queries_do_not_grow_with_the_list(client, buyer, django_assert_num_queries, count):
    slots = list(buyer.event.slots.all())
    for i in range(count):
        MeetingFactory(request__event=buyer.event, request__buyer=buyer, slot=slots[i])

    with django_assert_num_queries(11):
        response = client.get(_url("buyer-requests", buyer))
    assert response.content.decode().count("data-request=") == count


def test_my_requests_cancel_a_pending_request(client, buyer):
    req = MeetingRequestFactory(event=buyer.event, buyer=buyer, status=RequestStatus.PENDING)

    response = client.post(_url("buyer-request-cancel", buyer, pk=req.pk), follow=True)

    req.refresh_from_db()
    assert req.status == RequestStatus.CANCELLED
    assert b"is cancelled" in response.content


def test_my_requests_cancel_an_already_declined_request_says_why(client, buyer):
    req = MeetingRequestFactory(event=buyer.event, buyer=buyer, status=RequestStatus.DECLINED)

    response = client.post(_url("buyer-request-cancel", buyer, pk=req.pk), follow=True)

    req.refresh_from_db()
    assert req.status == RequestStatus.DECLINED
    assert b"This request is already declined." in response.content


def test_my_requests_cancel_of_another_buyers_request_is_404(client, buyer):
    other = MeetingRequestFactory(event=buyer.event, status=RequestStatus.PENDING)
    assert client.post(_url("buyer-request-cancel", buyer, pk=other.pk)).status_code == 404
    other.refresh_from_db()
    assert other.status == RequestStatus.PENDING


def test_invitations_waiting_are_counted_on_the_tab_and_answered_from_my_requests(client, buyer):
    invitation = MeetingRequestFactory(
        event=buyer.event, buyer=buyer, direction=RequestDirection.EXHIBITOR_TO_BUYER, status=RequestStatus.PENDING
    )

    home = client.get(_url("buyer-home", buyer)).content.decode()
    requests = client.get(_url("buyer-requests", buyer)).content.decode()

    assert 'aria-label="1 invitation to answer"' in home
    assert "1 exhibitor invited you to a meeting" in home
    assert _url("buyer-request-answer", buyer, pk=invitation.pk) in requests


def test_my_requests_decline_an_invitation(client, buyer):
    req = MeetingRequestFactory(
        event=buyer.event, buyer=buyer, direction=RequestDirection.EXHIBITOR_TO_BUYER, status=RequestStatus.PENDING
    )
    client.post(_url("buyer-request-answer", buyer, pk=req.pk), {"answer": "decline"})
    req.refresh_from_db()
    assert req.status == RequestStatus.DECLINED


def test_my_requests_needs_login(client):
    buyer = BuyerFactory()
    response = client.get(_url("buyer-requests", buyer))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- My agenda -----------------------------------------------------------------------------------------------


def test_my_agenda_shows_every_day_in_event_time_with_exports_and_live_region(client, buyer):
    EventDayFactory(event=buyer.event, date=buyer.event.start_date.replace(day=11))
    meeting = MeetingFactory(
        request__event=buyer.event,
        request__buyer=buyer,
        request__exhibitor__company="CamCo LLC",
        request__exhibitor__booth="C7",
        slot=buyer.event.slots.first(),
        status=MeetingStatus.PROPOSED,
    )

    html = client.get(_url("buyer-agenda", buyer)).content.decode()

    local = meeting.slot.starts_at.astimezone(buyer.event.tz)
    assert f"{local:%H:%M}" in html and "CamCo LLC" in html and "Booth C7" in html
    assert "Slot proposed" in html
    assert "Tuesday" in html and "Wednesday" in html  # 10 and 11 November 2026, each its own column
    assert f'data-live-src="{_url("buyer-agenda-fragment", buyer)}"' in html
    assert _url("agenda-print", buyer) in html and _url("agenda-ics", buyer) in html
    assert "/calendar/" in html


def test_my_agenda_fragment_is_the_agenda_only_and_scoped_to_the_buyer(client, buyer):
    slot = buyer.event.slots.first()
    MeetingFactory(request__event=buyer.event, request__buyer=buyer, request__exhibitor__company="Mine LLC", slot=slot)
    MeetingFactory(request__event=buyer.event, request__exhibitor__company="Not Mine LLC", slot=slot)

    html = client.get(_url("buyer-agenda-fragment", buyer)).content.decode()

    assert "Mine LLC" in html and "Not Mine LLC" not in html and "<html" not in html


def test_my_agenda_fragment_compact_view_shows_only_days_with_meetings(client, buyer):
    EventDayFactory(event=buyer.event, date=buyer.event.start_date.replace(day=11))
    MeetingFactory(request__event=buyer.event, request__buyer=buyer, slot=buyer.event.slots.first())

    full = client.get(_url("buyer-agenda-fragment", buyer)).content.decode()
    compact = client.get(_url("buyer-agenda-fragment", buyer), {"view": "compact"}).content.decode()

    assert full.count('<section class="agenda-day') == 2
    assert compact.count('<section class="agenda-day') == 1
    home = client.get(_url("buyer-home", buyer)).content.decode()
    assert f'data-live-src="{_url("buyer-agenda-fragment", buyer)}?view=compact"' in home


@pytest.mark.parametrize("name", ["buyer-agenda", "buyer-agenda-fragment", "buyer-profile", "buyer-requests"])
def test_buyer_pages_of_another_event_are_404(client, buyer, name):
    other = EventFactory()
    assert client.get(reverse(name, kwargs={"slug": other.slug})).status_code == 404


@pytest.mark.parametrize("name", ["buyer-agenda", "buyer-agenda-fragment", "buyer-profile"])
def test_buyer_pages_need_login(client, name):
    event = EventFactory()
    response = client.get(reverse(name, kwargs={"slug": event.slug}))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- Profile ---------------------------------------------------------------------------------------------------


def _profile_data(**changes):
    data = {
        "company": "Metro Toshkent",
        "organisation_type": "transport",
        "country": "uz",
        "city": "Toshkent",
        "website": "",
        "looking_for": "Thermal cameras for 40 stations",
        "description": "",
        "keywords": "thermal, cctv ; ANPR",
        "languages": ["ru", "uz"],
        "categories": ["1.4"],
        "purchasing_role": "decision_maker",
        "purchase_timeframe": "0-3m",
        "budget_band": "",
    }
    data.update(changes)
    return data


def test_profile_editor_saves_through_the_service(client, buyer, django_capture_on_commit_callbacks):
    video = CategoryFactory(code="1", name_en="Video surveillance")
    CategoryFactory(code="1.4", parent=video, name_en="Thermal imaging")

    page = client.get(_url("buyer-profile", buyer))
    assert page.status_code == 200 and "Thermal imaging" in page.content.decode()
    with django_capture_on_commit_callbacks():
        response = client.post(_url("buyer-profile", buyer), _profile_data())

    assert response.status_code == 302
    saved = Buyer.objects.get(pk=buyer.pk)
    assert (saved.country, saved.looking_for, saved.keywords) == (
        "UZ",
        "Thermal cameras for 40 stations",
        [
            "thermal",
            "cctv",
            "ANPR",
        ],
    )
    assert [c.code for c in saved.categories.all()] == ["1.4"]


def test_profile_editor_bad_country_names_the_field_and_saves_nothing(client, buyer):
    response = client.post(
        _url("buyer-profile", buyer), _profile_data(country="U1", looking_for="Kept text", categories=[])
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert 'data-field="country"' in html and "is not a two-letter country code" in html
    assert "Kept text" in html
    assert Buyer.objects.get(pk=buyer.pk).looking_for == "Video surveillance for metro stations"


def test_profile_editor_for_an_exhibitor_only_user_is_404(client, login):
    exhibitor = ExhibitorFactory()
    login(TeamMemberFactory(exhibitor=exhibitor).user)
    assert client.get(reverse("buyer-profile", kwargs={"slug": exhibitor.event.slug})).status_code == 404


@pytest.mark.parametrize(
    ("phase", "expected", "absent"),
    [
        (EventPhase.REQUESTS_OPEN, "Preliminary schedule.", "Schedule published"),
        (EventPhase.SCHEDULING, "Preliminary schedule.", "Schedule published"),
        (EventPhase.PUBLISHED, "Schedule published: these are your meeting times.", "Preliminary"),
    ],
)
def test_agenda_says_whether_the_schedule_is_final(client, buyer, phase, expected, absent):
    buyer.event.phase = phase
    buyer.event.save(update_fields=["phase"])
    MeetingFactory(request__event=buyer.event, request__buyer=buyer, slot=buyer.event.slots.first())

    for name in ("buyer-agenda", "buyer-agenda-fragment", "buyer-home"):
        html = client.get(_url(name, buyer)).content.decode()
        assert expected in html and absent not in html, name


def test_agenda_without_meetings_says_nothing_about_the_schedule(client, buyer):
    buyer.event.phase = EventPhase.REQUESTS_OPEN
    buyer.event.save(update_fields=["phase"])

    html = client.get(_url("buyer-agenda", buyer)).content.decode()

    assert "No meetings yet." in html and "Preliminary schedule." not in html
