"""The meeting workflow through the API: a request from send to check-in, refusals in the one error format,
and N+1 guards on list endpoints."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matchmaking.enums import EventPhase
from meetings.enums import MeetingStatus, RequestStatus
from meetings.models import Meeting, MeetingRequest, Slot
from tests.factories import ExhibitorFactory, MeetingFactory, MeetingRequestFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/events/securex"


def test_request_accept_confirm_check_in_through_the_api(world, api):
    world.event.phase = EventPhase.PUBLISHED
    world.event.save()
    buyer, exhibitor = api(world.buyer_user), api(world.exhibitor_user)
    sent = buyer.post(
        f"{BASE}/requests/", {"exhibitor": world.exhibitor.pk, "message": "Cameras", "priority": 3}, format="json"
    )
    assert sent.status_code == 201, sent.content
    req = sent.json()
    assert (req["status"], req["priority"], req["exhibitor"]["company"]) == ("pending", 3, "CamCo LLC")
    accepted = exhibitor.post(f"{BASE}/requests/{req['id']}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["placement"].startswith("Proposed slot")
    meetings = buyer.get(f"{BASE}/meetings/").json()["results"]
    assert len(meetings) == 1 and meetings[0]["status"] == "proposed"
    mid = meetings[0]["id"]
    confirmed = exhibitor.post(f"{BASE}/meetings/{mid}/confirm/")
    assert confirmed.json()["status"] == "confirmed" and confirmed.json()["locked"] is True
    slot = Meeting.objects.get(pk=mid).slot
    later = timezone.now() + timedelta(days=2)  # check-in opens 30 minutes before the slot
    Slot.objects.filter(pk=slot.pk).update(starts_at=later, ends_at=later + timedelta(minutes=20))
    early = buyer.post(f"{BASE}/meetings/{mid}/check-in/")
    assert early.status_code == 409 and early.json()["error"]["code"] == "check_in_closed", early.content
    start = timezone.now() - timedelta(minutes=5)
    Slot.objects.filter(pk=slot.pk).update(starts_at=start, ends_at=start + timedelta(minutes=20))
    assert buyer.post(f"{BASE}/meetings/{mid}/check-in/").json()["buyer_checked_in_at"]
    assert exhibitor.post(f"{BASE}/meetings/{mid}/check-in/").json()["status"] == "completed"
    assert buyer.post(f"{BASE}/meetings/{mid}/feedback/", {"rating": 5}, format="json").status_code == 204


def test_refusals_use_one_error_format(world, api):
    buyer = api(world.buyer_user)
    first = buyer.post(f"{BASE}/requests/", {"exhibitor": world.exhibitor.pk}, format="json")
    assert first.status_code == 201
    again = buyer.post(f"{BASE}/requests/", {"exhibitor": world.exhibitor.pk}, format="json")
    assert again.status_code == 409
    assert again.json() == {"error": {"code": "duplicate", "message": "There is already an open request between you."}}
    bad = buyer.post(f"{BASE}/requests/", {"exhibitor": "seven", "priority": 9}, format="json")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid"
    assert set(bad.json()["error"]["fields"]) == {"exhibitor", "priority"}
    elsewhere = ExhibitorFactory()  # another event's exhibitor is not found here
    assert buyer.post(f"{BASE}/requests/", {"exhibitor": elsewhere.pk}, format="json").status_code == 404
    assert MeetingRequest.objects.count() == 1


def test_profile_update_names_bad_fields_and_keeps_the_profile(world, api):
    buyer = api(world.buyer_user)
    response = buyer.patch(f"{BASE}/profile/", {"country": "Uzbekistan", "offering": "x"}, format="json")
    assert response.status_code == 400
    assert "country" in response.json()["error"]["fields"]
    ok = buyer.patch(f"{BASE}/profile/", {"looking_for": "Turnstiles for 40 stations"}, format="json")
    assert ok.status_code == 200 and ok.json()["looking_for"] == "Turnstiles for 40 stations"
    wrong_side = buyer.patch(f"{BASE}/profile/", {"offering": "Cameras"}, format="json")
    assert wrong_side.status_code == 400 and "offering" in wrong_side.json()["error"]["fields"]


def test_availability_block_and_unblock(world, api):
    slots = list(Slot.objects.filter(event=world.event).values_list("pk", flat=True))
    buyer = api(world.buyer_user)
    blocked = buyer.post(f"{BASE}/availability/", {"slots": slots[:2], "note": "Press"}, format="json")
    assert blocked.status_code == 201 and len(blocked.json()) == 2
    assert [b["slot"] for b in buyer.get(f"{BASE}/availability/").json()] == slots[:2]
    assert buyer.delete(f"{BASE}/availability/", {"slots": [slots[0]]}, format="json").status_code == 204
    assert [b["slot"] for b in buyer.get(f"{BASE}/availability/").json()] == [slots[1]]
    bad = buyer.post(f"{BASE}/availability/", {"slots": [999999]}, format="json")
    assert bad.status_code == 400 and "slots" in bad.json()["error"]["fields"]


def test_organiser_rules_preview_and_schedule_run(world, api, django_capture_on_commit_callbacks):
    organiser = api(world.organiser_user)
    preview = organiser.post(f"{BASE}/rules/preview/", {"data": {"top_k": 1}}, format="json")
    assert preview.status_code == 200 and preview.json()["buyers"] == 2
    bad = organiser.post(f"{BASE}/rules/", {"data": {"min_score": 5}}, format="json")
    assert bad.status_code == 400 and "min_score" in bad.json()["error"]["fields"]
    draft = organiser.post(f"{BASE}/rules/", {"data": {"top_k": 3}, "note": "three"}, format="json")
    assert draft.status_code == 201 and draft.json()["version"] == 1
    assert organiser.post(f"{BASE}/rules/1/publish/").json()["status"] == "published"
    with django_capture_on_commit_callbacks(execute=False):
        run = organiser.post(f"{BASE}/schedule-runs/", {"time_limit": 5}, format="json")
    assert run.status_code == 202 and run.json()["status"] == "queued"
    busy = organiser.post(f"{BASE}/schedule-runs/", {}, format="json")
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "busy"
    cancelled = organiser.post(f"{BASE}/schedule-runs/{run.json()['id']}/cancel/")
    assert cancelled.json()["status"] == "cancelled"
    stats = organiser.get(f"{BASE}/statistics/").json()
    assert (stats["buyers"], stats["exhibitors"], stats["published_rules"]) == (2, 1, 1)


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path", ["/meetings/", "/requests/", "/exhibitors/", "/buyers/", "/recommendations/", "/slots/"]
)
def test_list_endpoints_have_no_n_plus_one(world, api, path):
    from matchmaking.models import Recommendation

    slots = list(Slot.objects.filter(event=world.event))

    def add(i):
        exhibitor = ExhibitorFactory(event=world.event, company=f"Vendor {i}")
        MeetingFactory(
            request__event=world.event,
            request__buyer=world.buyer,
            request__exhibitor=exhibitor,
            slot=slots[i],
            status=MeetingStatus.CONFIRMED,
        )
        MeetingRequestFactory(event=world.event, buyer=world.other_buyer, exhibitor=exhibitor)
        Recommendation.objects.create(
            event=world.event,
            buyer=world.buyer,
            exhibitor=exhibitor,
            score=0.5,
            relevance=0.5,
            buyer_rank=i + 1,
            exhibitor_rank=1,
        )

    viewer = world.exhibitor_user if path == "/buyers/" else world.organiser_user
    if path == "/recommendations/":
        viewer = world.buyer_user
    client = api(viewer)
    add(0)
    one = _count_queries(client, BASE + path)
    add(1)
    add(2)
    three = _count_queries(client, BASE + path)
    assert one == three, f"{path}: {one} queries for 1 item, {three} for 3"
    assert RequestStatus.PENDING in MeetingRequest.objects.values_list("status", flat=True)
    assert Meeting.objects.count() == 3


def test_exports_through_the_api(world, api):
    from icalendar import Calendar

    MeetingFactory(
        request__event=world.event,
        request__buyer=world.buyer,
        request__exhibitor=world.exhibitor,
        slot=Slot.objects.filter(event=world.event).first(),
    )
    ics = api(world.buyer_user).get(f"{BASE}/agenda.ics")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert len(list(Calendar.from_ical(ics.content).walk("VEVENT"))) == 1
    assert api(world.buyer_user).get(f"{BASE}/meetings.csv").status_code == 403
    csv = api(world.organiser_user).get(f"{BASE}/meetings.csv")
    assert csv.status_code == 200 and "Metro Toshkent" in csv.content.decode()


def test_interactive_docs_and_schema_are_served(world, api):
    client = api(world.buyer_user)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert b"/static/drf_spectacular_sidecar/" in docs.content  # served locally, no CDN
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"openapi: 3" in schema.content


def test_feedback_is_shown_to_organisers_in_the_admin_only(world, api, client):
    from meetings.models import MeetingFeedback

    meeting = MeetingFactory(
        request__event=world.event,
        request__buyer=world.buyer,
        request__exhibitor=world.exhibitor,
        slot=Slot.objects.filter(event=world.event).first(),
        status=MeetingStatus.CONFIRMED,
    )
    assert (
        api(world.buyer_user)
        .post(f"{BASE}/meetings/{meeting.pk}/feedback/", {"rating": 2, "note": "Prices too high"}, format="json")
        .status_code
        == 204
    )
    exhibitor_view = api(world.exhibitor_user).get(f"{BASE}/meetings/{meeting.pk}/").content.decode()
    assert "Prices too high" not in exhibitor_view
    superuser = world.organiser_user
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    assert "Prices too high" in page
    assert MeetingFeedback.objects.get().rating == 2
