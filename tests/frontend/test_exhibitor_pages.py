"""Exhibitor pages: incoming requests, proposed slots, agenda with team members, recommended buyers, team and
capacity. Every page and action: works for its exhibitor, login required, 404 for anyone else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matchmaking.enums import EventPhase, TeamRole
from meetings.enums import LocationKind, MeetingStatus, RequestDirection, RequestPriority, RequestStatus
from meetings.models import Location, Meeting, MeetingRequest, Slot
from meetings.services import slots_generate
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    MeetingRequestFactory,
    RecommendationFactory,
    SlotFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def stand(login):
    """An exhibitor at a published event with one logged-in team member."""
    event = EventFactory(phase=EventPhase.PUBLISHED)
    day = EventDayFactory(event=event)
    slots_generate(event=event)
    exhibitor = ExhibitorFactory(event=event, company="CamCo LLC", languages=["ru"])
    user = UserFactory(first_name="Dilnoza", last_name="Karimova")
    member = TeamMemberFactory(user=user, exhibitor=exhibitor)
    login(user)
    return {"event": event, "day": day, "exhibitor": exhibitor, "user": user, "member": member}


def _url(name: str, event, **kwargs) -> str:
    return reverse(name, kwargs={"slug": event.slug, **kwargs})


def _buyer(event, **kwargs):
    buyer = BuyerFactory(event=event, languages=["ru"], **kwargs)
    buyer.days_attending.add(*event.days.all())
    return buyer


PAGES = [
    "exhibitor-home",
    "exhibitor-pending-fragment",
    "exhibitor-proposed",
    "exhibitor-agenda",
    "exhibitor-agenda-fragment",
    "exhibitor-buyers",
    "exhibitor-team",
]


@pytest.mark.parametrize("name", PAGES)
def test_exhibitor_page_renders_for_own_team(client, stand, name):
    response = client.get(_url(name, stand["event"]))
    assert response.status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_exhibitor_page_needs_login(client, name):
    event = EventFactory()
    response = client.get(_url(name, event))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
def test_exhibitor_page_is_404_for_a_buyer_and_for_another_event(client, login, name):
    event = EventFactory()
    other = EventFactory()
    user = UserFactory()
    TeamMemberFactory(user=user, exhibitor=None, buyer=BuyerFactory(event=event))
    TeamMemberFactory(user=user, exhibitor=ExhibitorFactory(event=other))
    login(user)
    assert client.get(_url(name, event)).status_code == 404
    assert client.get(_url(name, other)).status_code == 200


def test_exhibitor_pages_show_a_tab_bar_marking_the_current_page(client, stand):
    page = client.get(_url("exhibitor-buyers", stand["event"])).content.decode()
    assert 'aria-label="Exhibitor pages"' in page
    assert f'href="{_url("exhibitor-buyers", stand["event"])}" aria-current="page"' in page
    assert f'href="{_url("exhibitor-agenda", stand["event"])}">' in page


# --- Home: incoming requests --------------------------------------------------------------------------------


def test_home_lists_pending_request_with_buyer_message_priority_and_match_reasons(client, stand):
    event, exhibitor = stand["event"], stand["exhibitor"]
    buyer = _buyer(event, company="Metro Toshkent", country="UZ", city="Toshkent")
    MeetingRequestFactory(
        event=event, buyer=buyer, exhibitor=exhibitor, message="We need 300 cameras", priority=RequestPriority.HIGH
    )
    RecommendationFactory(
        event=event, buyer=buyer, exhibitor=exhibitor, score=0.83, reasons=["Both mention ANPR: you wrote ANPR"]
    )
    page = client.get(_url("exhibitor-home", event)).content.decode()
    assert "Metro Toshkent" in page
    assert "We need 300 cameras" in page
    assert "Must meet" in page
    assert "83 % match" in page
    assert "Both mention ANPR: you wrote ANPR" in page
    assert 'value="0.83"' in page  # the <meter>
    assert "Accept" in page


def test_request_reasons_are_told_from_the_exhibitors_side(client, stand):
    """Stored rows carry the evidence of either side's list; the exhibitor reads it as "you" = the exhibitor,
    without the buyer-list-only exposure note, never the row's stored (buyer-side, English) sentences."""
    event, exhibitor = stand["event"], stand["exhibitor"]
    buyer = _buyer(event, company="Metro Toshkent", country="UZ")
    MeetingRequestFactory(event=event, buyer=buyer, exhibitor=exhibitor)
    RecommendationFactory(
        event=event,
        buyer=buyer,
        exhibitor=exhibitor,
        reasons=["You shortlisted this exhibitor (+0.10)"],
        evidence=[
            {"kind": "concept", "label": "IP cameras", "buyer_text": "IP-камеры", "exhibitor_text": "IP cameras"},
            {"kind": "rule", "label": "buyer_interest", "buyer_text": "", "exhibitor_text": "", "weight": 0.1},
            {"kind": "rule", "label": "target_country", "buyer_text": "UZ", "exhibitor_text": "", "weight": 0.05},
            {"kind": "rule", "label": "exposure_cap", "buyer_text": "", "exhibitor_text": "", "weight": 0},
        ],
    )
    page = client.get(_url("exhibitor-home", event)).content.decode()
    assert "Both about IP cameras: you wrote “IP cameras”, they wrote “IP-камеры”" in page
    assert "This buyer shortlisted you" in page
    assert "This buyer is in Uzbekistan, one of your target markets" in page
    assert "You shortlisted this exhibitor" not in page
    assert "Shown in place of a closer match" not in page


def test_home_lists_only_requests_to_this_exhibitor(client, stand):
    event = stand["event"]
    MeetingRequestFactory(event=event, exhibitor=ExhibitorFactory(event=event), buyer__company="Not Yours MChJ")
    MeetingRequestFactory(
        event=event,
        exhibitor=stand["exhibitor"],
        buyer__company="Own Invite MChJ",
        direction=RequestDirection.EXHIBITOR_TO_BUYER,
    )
    page = client.get(_url("exhibitor-pending-fragment", event)).content.decode()
    assert "Not Yours MChJ" not in page
    assert "Own Invite MChJ" not in page  # own invitations are on the buyers page
    assert "No requests waiting" in page


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pending_fragment_query_count_does_not_grow_with_requests(client, stand):
    # N+1 guard: the same queries for 1 and 3 requests (the exact number also depends on shared context
    # processors, so it is compared, not hard-coded).
    event, exhibitor = stand["event"], stand["exhibitor"]
    url = _url("exhibitor-pending-fragment", event)
    counts = []
    for n in (1, 2):
        for _i in range(n):
            request = MeetingRequestFactory(event=event, exhibitor=exhibitor, sent_by=UserFactory())
            RecommendationFactory(event=event, buyer=request.buyer, exhibitor=exhibitor)
        counts.append(_queries(client, url))
    assert client.get(url).content.decode().count("data-request=") == 3
    assert counts[0] == counts[1]
    assert counts[0] <= 8


def test_accept_by_htmx_answers_with_the_outcome_and_placement(client, stand):
    event, exhibitor = stand["event"], stand["exhibitor"]
    request = MeetingRequestFactory(event=event, buyer=_buyer(event), exhibitor=exhibitor)
    response = client.post(_url("exhibitor-request-answer", event, pk=request.pk), {"answer": "accept"}, **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="status"' in body
    assert "Accepted. Proposed slot:" in body
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert Meeting.objects.get(request=request).status == MeetingStatus.PROPOSED


def test_accept_without_javascript_redirects_home_with_message(client, stand):
    event, exhibitor = stand["event"], stand["exhibitor"]
    request = MeetingRequestFactory(event=event, buyer=_buyer(event), exhibitor=exhibitor)
    response = client.post(_url("exhibitor-request-answer", event, pk=request.pk), {"answer": "accept"}, follow=True)
    assert response.redirect_chain[-1][0] == _url("exhibitor-home", event)
    assert "Proposed slot:" in response.content.decode()


def test_decline_with_reason_stores_the_reason(client, stand):
    event, exhibitor = stand["event"], stand["exhibitor"]
    request = MeetingRequestFactory(event=event, exhibitor=exhibitor)
    response = client.post(
        _url("exhibitor-request-answer", event, pk=request.pk),
        {"answer": "decline", "reason": "We do not sell to this sector"},
        **HX,
    )
    assert response.status_code == 200
    assert "Declined." in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (RequestStatus.DECLINED, "We do not sell to this sector")


def test_decline_with_too_long_reason_shows_error_and_keeps_text(client, stand):
    event, exhibitor = stand["event"], stand["exhibitor"]
    request = MeetingRequestFactory(event=event, exhibitor=exhibitor)
    reason = "x" * 501
    response = client.post(
        _url("exhibitor-request-answer", event, pk=request.pk), {"answer": "decline", "reason": reason}, **HX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The reason can be at most 500 characters." in body
    assert reason in body
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_answering_an_answered_request_shows_the_refusal_not_500(client, stand):
    event, exhibitor = stand["event"], stand["exhibitor"]
    request = MeetingRequestFactory(event=event, exhibitor=exhibitor, status=RequestStatus.DECLINED)
    response = client.post(_url("exhibitor-request-answer", event, pk=request.pk), {"answer": "accept"}, **HX)
    assert response.status_code == 200
    assert "This request is already declined." in response.content.decode()
    response = client.post(_url("exhibitor-request-answer", event, pk=request.pk), {"answer": "accept"}, follow=True)
    assert "This request is already declined." in response.content.decode()


def test_answering_an_expired_request_shows_the_refusal(client, stand):
    event, exhibitor = stand["event"], stand["exhibitor"]
    request = MeetingRequestFactory(event=event, exhibitor=exhibitor, expires_at=timezone.now() - timedelta(hours=1))
    response = client.post(_url("exhibitor-request-answer", event, pk=request.pk), {"answer": "accept"}, **HX)
    assert "This request has expired." in response.content.decode()


def test_answering_another_exhibitors_request_is_404(client, stand):
    event = stand["event"]
    request = MeetingRequestFactory(event=event, exhibitor=ExhibitorFactory(event=event))
    response = client.post(_url("exhibitor-request-answer", event, pk=request.pk), {"answer": "accept"})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_answer_needs_login(client):
    request = MeetingRequestFactory()
    response = client.post(_url("exhibitor-request-answer", request.event, pk=request.pk), {"answer": "accept"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- Proposed slots and agenda ------------------------------------------------------------------------------


def _meeting(stand, status=MeetingStatus.PROPOSED, **kwargs):
    event, exhibitor = stand["event"], stand["exhibitor"]
    if "slot" not in kwargs:  # the next generated slot nobody meets in yet
        kwargs["slot"] = Slot.objects.filter(event=event, meetings__isnull=True).order_by("starts_at").first()
    return MeetingFactory(
        request__event=event,
        request__exhibitor=exhibitor,
        request__buyer=kwargs.pop("buyer", None) or _buyer(event),
        status=status,
        **kwargs,
    )


def test_proposed_page_lists_only_proposed_meetings_with_accept_controls(client, stand):
    start = timezone.now() + timedelta(days=2)
    proposed = _meeting(
        stand, slot=SlotFactory(event=stand["event"], starts_at=start, ends_at=start + timedelta(minutes=20))
    )
    _meeting(stand, status=MeetingStatus.CONFIRMED, buyer=_buyer(stand["event"], company="Already Confirmed MChJ"))
    page = client.get(_url("exhibitor-proposed", stand["event"])).content.decode()
    assert page.count("data-meeting=") == 1
    assert proposed.buyer.company in page
    assert "Already Confirmed MChJ" not in page
    assert _url("meeting-action", stand["event"], pk=proposed.pk, action="confirm") in page
    assert _url("meeting-action", stand["event"], pk=proposed.pk, action="move") in page
    partial = client.get(_url("exhibitor-proposed", stand["event"]) + "?partial=1").content.decode()
    assert "<html" not in partial
    assert f'data-meeting="{proposed.pk}"' in partial


def test_agenda_shows_meetings_in_event_time_with_the_team_member(client, stand):
    meeting = _meeting(stand, status=MeetingStatus.CONFIRMED, exhibitor_member=stand["member"])
    page = client.get(_url("exhibitor-agenda", stand["event"])).content.decode()
    local = meeting.slot.starts_at.astimezone(stand["event"].tz)
    assert f"{local:%H:%M}" in page
    assert meeting.buyer.company in page
    assert f'<option value="{stand["member"].pk}" selected>Dilnoza Karimova</option>' in page
    assert f'data-live-src="{_url("exhibitor-agenda-fragment", stand["event"])}"' in page


@pytest.mark.parametrize(
    ("name", "query", "status"),
    [
        ("exhibitor-agenda-fragment", "", MeetingStatus.CONFIRMED),
        ("exhibitor-proposed", "?partial=1", MeetingStatus.PROPOSED),
    ],
)
def test_meeting_lists_query_count_does_not_grow_with_meetings(client, stand, name, query, status):
    url = _url(name, stand["event"]) + query
    counts = []
    for n in (1, 2):
        for _i in range(n):
            _meeting(
                stand, status=status, exhibitor_member=stand["member"] if status == MeetingStatus.CONFIRMED else None
            )
        counts.append(_queries(client, url))
    assert client.get(url).content.decode().count("data-meeting=") == 3
    assert counts[0] == counts[1]


def test_agenda_only_mine_shows_the_meetings_given_to_the_user(client, stand):
    colleague = TeamMemberFactory(exhibitor=stand["exhibitor"], role=TeamRole.MEMBER)
    mine = _meeting(stand, status=MeetingStatus.CONFIRMED, exhibitor_member=stand["member"])
    theirs = _meeting(stand, status=MeetingStatus.CONFIRMED, exhibitor_member=colleague)
    page = client.get(_url("exhibitor-agenda", stand["event"]) + "?who=me").content.decode()
    assert f'data-meeting="{mine.pk}"' in page
    assert f'data-meeting="{theirs.pk}"' not in page
    assert f'data-live-src="{_url("exhibitor-agenda-fragment", stand["event"])}?who=me"' in page
    fragment = client.get(_url("exhibitor-agenda-fragment", stand["event"]) + "?who=me").content.decode()
    assert (f'data-meeting="{mine.pk}"' in fragment, f'data-meeting="{theirs.pk}"' in fragment) == (True, False)
    whole = client.get(_url("exhibitor-agenda", stand["event"])).content.decode()
    assert f'data-meeting="{theirs.pk}"' in whole


def test_assign_member_by_htmx_saves_and_confirms(client, stand):
    colleague = TeamMemberFactory(exhibitor=stand["exhibitor"], role=TeamRole.MEMBER, user__first_name="Sherzod")
    meeting = _meeting(stand, status=MeetingStatus.CONFIRMED)
    response = client.post(
        _url("exhibitor-meeting-member", stand["event"], pk=meeting.pk), {"member": colleague.pk}, **HX
    )
    assert response.status_code == 200
    assert "takes this meeting." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.exhibitor_member == colleague


def test_assign_member_can_clear_the_member(client, stand):
    meeting = _meeting(stand, status=MeetingStatus.CONFIRMED, exhibitor_member=stand["member"])
    response = client.post(_url("exhibitor-meeting-member", stand["event"], pk=meeting.pk), {"member": ""})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.exhibitor_member is None


def test_assign_member_of_another_team_is_refused_with_message(client, stand):
    stranger = TeamMemberFactory(exhibitor=ExhibitorFactory(event=stand["event"]))
    meeting = _meeting(stand, status=MeetingStatus.CONFIRMED)
    response = client.post(
        _url("exhibitor-meeting-member", stand["event"], pk=meeting.pk), {"member": stranger.pk}, **HX
    )
    assert response.status_code == 200
    assert "Choose a member of your team." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.exhibitor_member is None


def test_assign_member_busy_in_that_slot_shows_the_service_refusal(client, stand):
    other = _meeting(stand, status=MeetingStatus.CONFIRMED, exhibitor_member=stand["member"])
    stand["exhibitor"].parallel_meetings = 2
    stand["exhibitor"].save()
    meeting = _meeting(stand, status=MeetingStatus.CONFIRMED, slot=other.slot, exhibitor_seat=2)
    response = client.post(
        _url("exhibitor-meeting-member", stand["event"], pk=meeting.pk), {"member": stand["member"].pk}, **HX
    )
    assert "That person has another meeting then." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.exhibitor_member is None


def test_assign_member_on_another_exhibitors_meeting_is_404(client, stand):
    free = Slot.objects.filter(event=stand["event"]).order_by("starts_at").first()
    theirs = MeetingFactory(request__event=stand["event"], slot=free)
    response = client.post(
        _url("exhibitor-meeting-member", stand["event"], pk=theirs.pk), {"member": stand["member"].pk}
    )
    assert response.status_code == 404


# --- Recommended buyers and invitations ---------------------------------------------------------------------


def test_buyers_page_ranks_recommendations_with_reasons_and_invite_state(client, stand):
    event, exhibitor = stand["event"], stand["exhibitor"]
    second = RecommendationFactory(
        event=event, exhibitor=exhibitor, buyer=_buyer(event, company="Second MChJ"), exhibitor_rank=2
    )
    first = RecommendationFactory(
        event=event,
        exhibitor=exhibitor,
        buyer=_buyer(event, company="First MChJ"),
        exhibitor_rank=1,
        reasons=["This buyer shortlisted you (+0.10)"],
    )
    MeetingRequestFactory(
        event=event, buyer=second.buyer, exhibitor=exhibitor, direction=RequestDirection.EXHIBITOR_TO_BUYER
    )
    page = client.get(_url("exhibitor-buyers", event)).content.decode()
    assert page.index("First MChJ") < page.index("Second MChJ")
    assert "This buyer shortlisted you (+0.10)" in page
    assert _url("exhibitor-invite", event, buyer_pk=first.buyer.pk) in page
    assert _url("exhibitor-invite", event, buyer_pk=second.buyer.pk) not in page  # already invited
    assert "Invitations you sent" in page


def test_buyers_page_query_count_does_not_grow_with_buyers(client, stand):
    event, exhibitor = stand["event"], stand["exhibitor"]
    url = _url("exhibitor-buyers", event)
    counts, rank = [], 0
    for n in (1, 2):
        for _i in range(n):
            rank += 1
            rec = RecommendationFactory(event=event, exhibitor=exhibitor, buyer=_buyer(event), exhibitor_rank=rank)
            MeetingRequestFactory(
                event=event, buyer=rec.buyer, exhibitor=exhibitor, direction=RequestDirection.EXHIBITOR_TO_BUYER
            )
        counts.append(_queries(client, url))
    assert client.get(url).content.decode().count("data-buyer=") == 3
    assert counts[0] == counts[1]
    assert counts[0] <= 12


def test_invite_creates_an_exhibitor_to_buyer_request(client, stand):
    event, exhibitor = stand["event"], stand["exhibitor"]
    buyer = _buyer(event, company="Metro Toshkent")
    response = client.post(
        _url("exhibitor-invite", event, buyer_pk=buyer.pk),
        {"message": "Visit us at A12", "priority": RequestPriority.HIGH},
        **HX,
    )
    assert response.status_code == 200
    assert "Invitation sent." in response.content.decode()
    request = MeetingRequest.objects.get(buyer=buyer, exhibitor=exhibitor)
    assert (request.direction, request.status, request.message, request.priority) == (
        RequestDirection.EXHIBITOR_TO_BUYER,
        RequestStatus.PENDING,
        "Visit us at A12",
        RequestPriority.HIGH,
    )


def test_invite_twice_shows_the_duplicate_refusal(client, stand):
    event, exhibitor = stand["event"], stand["exhibitor"]
    buyer = _buyer(event)
    MeetingRequestFactory(event=event, buyer=buyer, exhibitor=exhibitor)
    response = client.post(
        _url("exhibitor-invite", event, buyer_pk=buyer.pk), {"priority": RequestPriority.NORMAL}, follow=True
    )
    assert "There is already an open request between you." in response.content.decode()
    assert MeetingRequest.objects.filter(buyer=buyer).count() == 1


def test_invite_with_bad_priority_names_the_field_and_keeps_the_message(client, stand):
    buyer = _buyer(stand["event"])
    response = client.post(
        _url("exhibitor-invite", stand["event"], buyer_pk=buyer.pk), {"message": "Hello there", "priority": "9"}, **HX
    )
    body = response.content.decode()
    assert "Priority:" in body
    assert "Hello there" in body
    assert not MeetingRequest.objects.filter(buyer=buyer).exists()


def test_invite_when_requests_are_closed_shows_the_refusal(client, stand):
    stand["event"].phase = EventPhase.CLOSED
    stand["event"].save()
    buyer = _buyer(stand["event"])
    response = client.post(_url("exhibitor-invite", stand["event"], buyer_pk=buyer.pk), {"priority": 2}, **HX)
    assert "Meeting requests are not open for this event." in response.content.decode()


def test_invite_a_buyer_of_another_event_is_404(client, stand):
    buyer = BuyerFactory()
    response = client.post(_url("exhibitor-invite", stand["event"], buyer_pk=buyer.pk), {"priority": 2})
    assert response.status_code == 404
    assert not MeetingRequest.objects.filter(buyer=buyer).exists()


# --- Team and capacity --------------------------------------------------------------------------------------


def test_team_page_lists_members_with_their_meeting_counts(client, stand):
    colleague = TeamMemberFactory(
        exhibitor=stand["exhibitor"], role=TeamRole.MEMBER, user__first_name="Akmal", user__last_name="Yusupov"
    )
    _meeting(stand, status=MeetingStatus.CONFIRMED, exhibitor_member=colleague)
    page = client.get(_url("exhibitor-team", stand["event"])).content.decode()
    assert "Akmal Yusupov" in page
    assert "Dilnoza Karimova" in page
    assert f'<tr data-member="{colleague.pk}">' in page
    assert 'name="parallel_meetings"' in page


def test_capacity_post_saves_and_adds_booth_seats(client, stand):
    response = client.post(_url("exhibitor-team", stand["event"]), {"parallel_meetings": "3"}, follow=True)
    assert "Your stand now holds 3 meetings at a time." in response.content.decode()
    stand["exhibitor"].refresh_from_db()
    assert stand["exhibitor"].parallel_meetings == 3
    seats = Location.objects.filter(exhibitor=stand["exhibitor"], kind=LocationKind.BOOTH_SEAT, is_active=True)
    assert sorted(seats.values_list("number", flat=True)) == [1, 2, 3]


@pytest.mark.parametrize("typed", ["0", "21", "two", ""])
def test_capacity_post_with_bad_value_shows_error_and_keeps_input(client, stand, typed):
    response = client.post(_url("exhibitor-team", stand["event"]), {"parallel_meetings": typed})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Enter a whole number from 1 to 20." in body
    assert f'value="{typed}"' in body
    stand["exhibitor"].refresh_from_db()
    assert stand["exhibitor"].parallel_meetings == 1


def test_capacity_below_a_track_in_use_is_refused(client, stand):
    stand["exhibitor"].parallel_meetings = 2
    stand["exhibitor"].save()
    _meeting(stand, status=MeetingStatus.CONFIRMED, exhibitor_seat=2)
    response = client.post(_url("exhibitor-team", stand["event"]), {"parallel_meetings": "1"})
    assert response.status_code == 422
    assert "use parallel meeting 2" in response.content.decode()
    stand["exhibitor"].refresh_from_db()
    assert stand["exhibitor"].parallel_meetings == 2


def test_capacity_post_needs_login(client):
    exhibitor = ExhibitorFactory()
    response = client.post(_url("exhibitor-team", exhibitor.event), {"parallel_meetings": "3"})
    assert response.status_code == 302
    exhibitor.refresh_from_db()
    assert exhibitor.parallel_meetings == 1


@pytest.mark.parametrize(
    ("phase", "expected", "absent"),
    [
        (EventPhase.SCHEDULING, "Preliminary schedule.", "Schedule published"),
        (EventPhase.PUBLISHED, "Schedule published: these are your meeting times.", "Preliminary"),
    ],
)
def test_agenda_says_whether_the_schedule_is_final(client, stand, phase, expected, absent):
    stand["event"].phase = phase
    stand["event"].save(update_fields=["phase"])
    _meeting(stand, status=MeetingStatus.CONFIRMED)

    for name in ("exhibitor-agenda", "exhibitor-agenda-fragment"):
        html = client.get(_url(name, stand["event"])).content.decode()
        assert expected in html and absent not in html, name
