"""Who may see and change what, endpoint by endpoint: three roles, a buyer of the same event, an organiser of
another event, and anonymous."""

import pytest

from meetings.enums import MeetingStatus
from meetings.models import MeetingRequest, Slot
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/events/securex"


@pytest.fixture
def meeting(world):
    return MeetingFactory(
        request__event=world.event,
        request__buyer=world.buyer,
        request__exhibitor=world.exhibitor,
        slot=Slot.objects.filter(event=world.event).first(),
        status=MeetingStatus.PROPOSED,
    )


def _who(world):
    return {
        "anonymous": None,
        "buyer": world.buyer_user,
        "exhibitor": world.exhibitor_user,
        "other_buyer": world.other_buyer_user,
        "organiser": world.organiser_user,
        "foreign_organiser": world.foreign_organiser,
    }


READS = {
    # path: the roles that get 200 (anonymous gets 403, strangers of the event 404)
    "/": {"buyer", "exhibitor", "other_buyer", "organiser"},
    "/exhibitors/": {"buyer", "exhibitor", "other_buyer", "organiser"},
    "/buyers/": {"exhibitor", "organiser"},
    "/recommendations/": {"buyer", "exhibitor", "other_buyer"},
    "/requests/": {"buyer", "exhibitor", "other_buyer", "organiser"},
    "/meetings/": {"buyer", "exhibitor", "other_buyer", "organiser"},
    "/availability/": {"buyer", "exhibitor", "other_buyer"},
    "/profile/": {"buyer", "exhibitor", "other_buyer"},
    "/slots/": {"buyer", "exhibitor", "other_buyer", "organiser"},
    "/locations/": {"buyer", "exhibitor", "other_buyer", "organiser"},
    "/rules/": {"organiser"},
    "/schedule-runs/": {"organiser"},
    "/statistics/": {"organiser"},
}


@pytest.mark.parametrize("path", sorted(READS))
def test_read_access_matrix(world, api, path):
    for role, user in _who(world).items():
        response = api(user).get(BASE + path)
        if role in READS[path]:
            expected = 200
        elif user is None:
            expected = 403
        elif role == "foreign_organiser":
            expected = 404  # nothing of another organiser's event is revealed
        else:
            expected = 403
        assert response.status_code == expected, (path, role, response.status_code, response.content[:200])
        if expected != 200:
            assert "error" in response.json() and "code" in response.json()["error"]


def test_meeting_detail_only_for_its_parties_and_organisers(world, api, meeting):
    url = f"{BASE}/meetings/{meeting.pk}/"
    expected = {"buyer": 200, "exhibitor": 200, "organiser": 200, "other_buyer": 404, "foreign_organiser": 404}
    for role, code in expected.items():
        assert api(_who(world)[role]).get(url).status_code == code, role


def test_other_buyer_cannot_act_on_someone_elses_meeting_or_request(world, api, meeting):
    client = api(world.other_buyer_user)
    for action in ("confirm", "cancel", "check-in", "another-slot"):
        assert client.post(f"{BASE}/meetings/{meeting.pk}/{action}/").status_code == 404
    for action in ("accept", "decline", "cancel"):
        assert client.post(f"{BASE}/requests/{meeting.request_id}/{action}/").status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PROPOSED


def test_lists_show_only_own_rows(world, api, meeting):
    MeetingFactory(
        request__event=world.event,
        request__buyer=world.other_buyer,
        slot=Slot.objects.filter(event=world.event).last(),
    )
    mine = api(world.buyer_user).get(f"{BASE}/meetings/").json()["results"]
    assert [m["id"] for m in mine] == [meeting.pk]
    everything = api(world.organiser_user).get(f"{BASE}/meetings/").json()["results"]
    assert len(everything) == 2
    assert len(api(world.buyer_user).get(f"{BASE}/requests/").json()["results"]) == 1


def test_buyer_cannot_write_organiser_resources(world, api):
    client = api(world.buyer_user)
    assert client.post(f"{BASE}/rules/", {"data": {"top_k": 3}}, format="json").status_code == 403
    assert client.post(f"{BASE}/schedule-runs/", {}, format="json").status_code == 403
    assert client.post(f"{BASE}/rules/preview/", {"data": {}}, format="json").status_code == 403


def test_events_list_shows_only_events_with_a_role(world, api):
    slugs = [e["slug"] for e in api(world.buyer_user).get("/api/v1/events/").json()["results"]]
    assert slugs == ["securex"]
    assert api(world.foreign_organiser).get("/api/v1/events/securex/").status_code == 404


def test_token_authentication_for_integrations(world, client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.organiser_user)
    response = client.get(f"{BASE}/statistics/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    refused = client.get(f"{BASE}/statistics/", HTTP_AUTHORIZATION="Token nonsense")
    assert refused.status_code == 403  # session auth comes first, so DRF answers 403 rather than 401
    assert refused.json()["error"]["code"] == "authentication_failed"


def test_session_writes_need_csrf(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.buyer_user)
    response = client.post(f"{BASE}/requests/", {"exhibitor": world.exhibitor.pk}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    assert not MeetingRequest.objects.exists()


def test_api_throttles_a_flood(world, api, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import UserRateThrottle

    UserRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "user": "3/min"}
    try:
        client = api(world.buyer_user)
        codes = [client.get(f"{BASE}/slots/").status_code for _ in range(5)]
    finally:
        UserRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert codes == [200, 200, 200, 429, 429]
