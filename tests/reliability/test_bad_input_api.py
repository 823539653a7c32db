"""Bad input over the API: malformed JSON, wrong types, unknown and out-of-range ids, very long texts and odd
Unicode in every text field a client can write. Bad input gets a clear 4xx naming the field and writes nothing;
unusual but valid text (right-to-left marks, emoji, combining characters, Uzbek and Russian) is stored as sent."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from matchmaking.models import Buyer, Exhibitor, MatchRuleSet
from meetings.models import AvailabilityBlock, ChangeLog, Meeting, MeetingRequest, Slot
from tests.security.conftest import World
from tests.security.conftest import world as world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/events/securex"


@dataclass(frozen=True)
class Target:
    """One writable text field: who writes it, where, with which other fields, and where it is stored."""

    role: str
    method: str
    path: Callable[[World], str]
    body: Callable[[World], dict[str, Any]]
    field: str
    limit: int
    stored: Callable[[World], str] | None  # read back what was written (None: not read back)


def _profile(role: str, field: str) -> Callable[[World], str]:
    def read(w: World) -> str:
        model = Buyer if role == "buyer" else Exhibitor
        return getattr(model.objects.get(pk=w.objects[role].pk), field)

    return read


TARGETS = {
    "request message": Target(
        "other_buyer",
        "post",
        lambda w: f"{BASE}/requests/",
        lambda w: {"exhibitor": w.objects["exhibitor2"].pk},
        "message",
        2000,
        lambda w: MeetingRequest.objects.get(buyer=w.objects["other_buyer"], exhibitor=w.objects["exhibitor2"]).message,
    ),
    "decline reason": Target(
        "exhibitor",
        "post",
        lambda w: f"{BASE}/requests/{w.objects['pending'].pk}/decline/",
        lambda w: {},
        "reason",
        500,
        lambda w: MeetingRequest.objects.get(pk=w.objects["pending"].pk).decline_reason,
    ),
    "cancel reason": Target(
        "other_buyer",
        "post",
        lambda w: f"{BASE}/requests/{w.objects['pending'].pk}/cancel/",
        lambda w: {},
        "reason",
        500,
        None,
    ),
    "exhibitor company": Target(
        "exhibitor",
        "patch",
        lambda w: f"{BASE}/profile/",
        lambda w: {},
        "company",
        200,
        _profile("exhibitor", "company"),
    ),
    "exhibitor city": Target(
        "exhibitor", "patch", lambda w: f"{BASE}/profile/", lambda w: {}, "city", 100, _profile("exhibitor", "city")
    ),
    "exhibitor description": Target(
        "exhibitor",
        "patch",
        lambda w: f"{BASE}/profile/",
        lambda w: {},
        "description",
        5000,
        _profile("exhibitor", "description"),
    ),
    "exhibitor offering": Target(
        "exhibitor",
        "patch",
        lambda w: f"{BASE}/profile/",
        lambda w: {},
        "offering",
        5000,
        _profile("exhibitor", "offering"),
    ),
    "buyer looking_for": Target(
        "buyer",
        "patch",
        lambda w: f"{BASE}/profile/",
        lambda w: {},
        "looking_for",
        5000,
        _profile("buyer", "looking_for"),
    ),
    "availability note": Target(
        "buyer",
        "post",
        lambda w: f"{BASE}/availability/",
        lambda w: {"slots": [Slot.objects.filter(event=w.event).order_by("starts_at")[2].pk]},
        "note",
        200,
        lambda w: AvailabilityBlock.objects.get(buyer=w.objects["buyer"]).note,
    ),
    "rules note": Target(
        "organiser",
        "post",
        lambda w: f"{BASE}/rules/",
        lambda w: {"data": {}},
        "note",
        300,
        lambda w: MatchRuleSet.objects.filter(event=w.event).latest("version").note,
    ),
}


def _state(w: World) -> dict[str, Any]:
    return {
        "log": ChangeLog.objects.count(),
        "requests": list(MeetingRequest.objects.order_by("pk").values()),
        "meetings": list(Meeting.objects.order_by("pk").values()),
        "exhibitors": list(Exhibitor.objects.order_by("pk").values()),
        "buyers": list(Buyer.objects.order_by("pk").values()),
        "blocks": AvailabilityBlock.objects.count(),
        "rules": MatchRuleSet.objects.count(),
    }


def _send(w: World, target: Target, raw: str, content_type: str = "application/json"):
    client = APIClient()
    client.force_authenticate(w.users[target.role])
    return getattr(client, target.method)(target.path(w), data=raw, content_type=content_type)


def _json_with(w: World, target: Target, value: Any) -> str:
    # ensure_ascii keeps lone surrogates as \ud800 escapes, exactly as a client would send them
    return json.dumps({**target.body(w), target.field: value}, ensure_ascii=True)


BAD_VALUES = {
    "nul byte": "camera\x00systems",
    "lone surrogate": "camera \ud800 systems",
    "object": {"text": "x"},
    "list": ["x"],
    "null": None,
}


@pytest.mark.parametrize("bad", sorted(BAD_VALUES))
@pytest.mark.parametrize("name", sorted(TARGETS))
def test_bad_text_is_refused_naming_the_field_and_writes_nothing(world, name, bad):
    target = TARGETS[name]
    before = _state(world)
    response = _send(world, target, _json_with(world, target, BAD_VALUES[bad]))
    assert response.status_code == 400, response.content[:300]
    error = response.json()["error"]
    assert error["code"] == "invalid" and target.field in error["fields"], error
    assert _state(world) == before


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_text_over_the_limit_is_refused_naming_the_field(world, name):
    target = TARGETS[name]
    before = _state(world)
    response = _send(world, target, _json_with(world, target, "x" * (target.limit + 1)))
    assert response.status_code == 400
    assert target.field in response.json()["error"]["fields"]
    assert _state(world) == before
    # a very long text (a megabyte) is refused the same way, not a 500
    response = _send(world, target, _json_with(world, target, "x" * 1_000_000))
    assert response.status_code == 400 and target.field in response.json()["error"]["fields"]


ODD_BUT_VALID = "Oʻzbekiston \u200fمرحبا\u200f Café e\u0301 🛡️📹 Тошкент 👩\u200d💻"


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_odd_but_valid_unicode_is_stored_exactly(world, name):
    target = TARGETS[name]
    response = _send(world, target, _json_with(world, target, ODD_BUT_VALID))
    assert response.status_code in (200, 201), response.content[:300]
    if target.stored is not None:
        assert target.stored(world) == ODD_BUT_VALID


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_malformed_json_and_wrong_content_type_are_refused(world, name):
    target = TARGETS[name]
    before = _state(world)
    response = _send(world, target, '{"' + target.field + '": "unterminated')
    assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error"
    response = _send(world, target, "message=hello", content_type="text/plain")
    assert response.status_code == 415 and response.json()["error"]["code"] == "unsupported_media_type"
    assert _state(world) == before


@pytest.mark.parametrize(
    ("role", "method", "path", "body", "expected"),
    [
        ("other_buyer", "post", "/requests/", {"exhibitor": 999_999}, 404),
        ("other_buyer", "post", "/requests/", {"exhibitor": 10**30}, 400),
        ("other_buyer", "post", "/requests/", {"exhibitor": "camco"}, 400),
        ("other_buyer", "post", "/requests/", {"exhibitor": -1}, 400),
        ("other_buyer", "post", "/requests/", {"exhibitor": "EXHIBITOR2", "priority": 99}, 400),
        ("exhibitor", "post", "/requests/999999/decline/", {}, 404),
        ("exhibitor", "post", f"/requests/{10**30}/decline/", {}, 404),
        ("organiser", "post", "/meetings/MEETING/reschedule/", {"slot": 999_999}, 400),
        ("organiser", "post", "/meetings/MEETING/reschedule/", {"slot": 10**30}, 400),
        ("organiser", "post", "/meetings/MEETING/reschedule/", {"slot": "soon"}, 400),
        ("exhibitor", "post", "/meetings/MEETING/assign-member/", {"member": 999_999}, 400),
        ("buyer", "post", "/availability/", {"slots": [999_999]}, 400),
        ("buyer", "post", "/availability/", {"slots": [10**30]}, 400),
        ("buyer", "post", "/availability/", {"slots": "1,2"}, 400),
        ("buyer", "post", "/availability/", {"slots": []}, 400),
        ("organiser", "post", "/rules/", {"data": "not an object"}, 400),
        ("organiser", "post", "/schedule-runs/", {"time_limit": "fast"}, 400),
        ("organiser", "post", "/schedule-runs/", {"time_limit": 10**30}, 400),
        ("buyer", "patch", "/profile/", {"keywords": "cctv"}, 400),
        ("buyer", "patch", "/profile/", {"keywords": ["x" * 61]}, 400),
        ("buyer", "patch", "/profile/", {"categories": ["no-such-code"]}, 400),
        ("buyer", "patch", "/profile/", {"country": "Uzbekistan"}, 400),
        ("buyer", "patch", "/profile/", {"languages": ["xx"] * 11}, 400),
    ],
)
def test_wrong_types_and_unknown_ids_get_a_clear_4xx(world, role, method, path, body, expected):
    ids = {"MEETING": world.objects["meeting"].pk, "EXHIBITOR2": world.objects["exhibitor2"].pk}
    for key, value in ids.items():
        path = path.replace(key, str(value))
    body = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    before = _state(world)
    client = APIClient()
    client.force_authenticate(world.users[role])
    response = getattr(client, method)(BASE + path, data=body, format="json")
    assert response.status_code == expected, response.content[:300]
    error = response.json()["error"]
    assert error["code"] and error["message"]
    if expected == 400:
        assert error.get("fields"), error  # names the field at fault
    assert _state(world) == before
