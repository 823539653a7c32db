"""The API's access matrix, walked from api/urls.py so that a new endpoint must be listed: who may read each
endpoint (GET), and that everyone else is refused every method it serves — without anything being written.
(tests/api/test_api_access.py checks the list endpoints' status codes in detail; this covers every route.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

import api.urls
from tests.security.conftest import ROLES, World, state, url_names
from tests.security.test_page_access import (
    BUYERS,
    EVENT_PEOPLE,
    EVERYONE,
    EXHIBITORS,
    LOGGED_IN,
    ORGANISERS,
    PARTICIPANTS,
)

NOBODY: frozenset[str] = frozenset()
Kwargs = Callable[[World], dict[str, Any]]


def ev(**objects: str | int) -> Kwargs:
    def build(w: World) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"event": w.event.slug}
        for name, ref in objects.items():
            kwargs[name] = w.objects[ref].pk if isinstance(ref, str) else ref
        return kwargs

    return build


def none(w: World) -> dict[str, Any]:
    return {}


MEETING_SIDES = frozenset({"buyer", "exhibitor", "organiser"})
# URL name -> (who may read it with GET, who may write to it, its kwargs). Writers are only checked from the
# outside: everyone not listed must be refused. NOBODY reads an action (POST only).
API_ACCESS: dict[str, tuple[frozenset[str], frozenset[str], Kwargs]] = {
    # The schema, its docs page and the taxonomy are public on purpose (no event data in them).
    "schema": (EVERYONE, NOBODY, none),
    "docs": (EVERYONE, NOBODY, none),
    "me": (LOGGED_IN, LOGGED_IN, none),
    "notification-prefs": (LOGGED_IN, LOGGED_IN, none),
    "taxonomy": (EVERYONE, NOBODY, none),
    "event-list": (LOGGED_IN, NOBODY, none),
    "event-detail": (EVENT_PEOPLE, NOBODY, lambda w: {"slug": w.event.slug}),
    "my-profile": (PARTICIPANTS, PARTICIPANTS, ev()),
    "availability": (PARTICIPANTS, PARTICIPANTS, ev()),
    "statistics": (ORGANISERS, NOBODY, ev()),
    "agenda-ics": (PARTICIPANTS, NOBODY, ev()),
    "meetings-csv": (ORGANISERS, NOBODY, ev()),
    "notifications": (EVENT_PEOPLE, EVENT_PEOPLE, ev()),
    "exhibitor-list": (EVENT_PEOPLE, NOBODY, ev()),
    "exhibitor-detail": (EVENT_PEOPLE, NOBODY, ev(pk="exhibitor")),
    "buyer-list": (EXHIBITORS | ORGANISERS, NOBODY, ev()),
    "buyer-detail": (EXHIBITORS | ORGANISERS, NOBODY, ev(pk="buyer")),
    "recommendation-list": (PARTICIPANTS, NOBODY, ev()),
    "request-list": (EVENT_PEOPLE, PARTICIPANTS, ev()),
    "request-detail": (frozenset({"other_buyer", "exhibitor", "organiser"}), NOBODY, ev(pk="pending")),
    "request-accept": (NOBODY, frozenset({"exhibitor"}), ev(pk="pending")),
    "request-decline": (NOBODY, frozenset({"exhibitor"}), ev(pk="pending")),
    "request-cancel": (NOBODY, frozenset({"other_buyer", "exhibitor"}), ev(pk="pending")),
    "meeting-list": (EVENT_PEOPLE, NOBODY, ev()),
    "meeting-detail": (MEETING_SIDES, NOBODY, ev(pk="meeting")),
    "meeting-another-slot": (NOBODY, MEETING_SIDES, ev(pk="meeting")),
    "meeting-assign-member": (NOBODY, MEETING_SIDES, ev(pk="meeting")),
    "meeting-cancel": (NOBODY, MEETING_SIDES, ev(pk="meeting")),
    "meeting-check-in": (NOBODY, MEETING_SIDES, ev(pk="meeting")),
    "meeting-confirm": (NOBODY, MEETING_SIDES, ev(pk="meeting")),
    "meeting-feedback": (NOBODY, MEETING_SIDES, ev(pk="meeting")),
    "meeting-no-show": (NOBODY, MEETING_SIDES, ev(pk="meeting")),
    "meeting-reschedule": (NOBODY, MEETING_SIDES, ev(pk="meeting")),
    "slot-list": (EVENT_PEOPLE, NOBODY, ev()),
    "slot-detail": (EVENT_PEOPLE, NOBODY, ev(pk="slot")),
    "location-list": (EVENT_PEOPLE, NOBODY, ev()),
    "location-detail": (EVENT_PEOPLE, NOBODY, ev(pk=999_999)),  # no locations in the world: 404 for all
    "rules-list": (ORGANISERS, ORGANISERS, ev()),
    "rules-preview": (NOBODY, ORGANISERS, ev()),
    "rules-detail": (ORGANISERS, NOBODY, ev(version=1)),
    "rules-publish": (NOBODY, ORGANISERS, ev(version=1)),
    "schedule-run-list": (ORGANISERS, ORGANISERS, ev()),
    "schedule-run-detail": (ORGANISERS, NOBODY, ev(pk="run")),
    "schedule-run-cancel": (NOBODY, ORGANISERS, ev(pk="run")),
}
assert BUYERS <= PARTICIPANTS  # (imported for readers of this table)


def api_url_names() -> set[str]:
    return url_names(api.urls.urlpatterns)


def test_every_api_url_is_in_the_access_matrix():
    names = api_url_names()
    assert sorted(names - set(API_ACCESS)) == [], "API URLs missing from API_ACCESS (say who may use them)"
    assert sorted(set(API_ACCESS) - names) == [], "API_ACCESS names URLs that no longer exist"


def _client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("name", sorted(API_ACCESS))
def test_api_access_matrix(world, name):
    readers, writers, kwargs = API_ACCESS[name]
    url = reverse(f"api:{name}", kwargs=kwargs(world))
    if name == "location-detail":
        readers = NOBODY  # nothing to read; still, nobody may write
    problems = []
    before = state(world)
    for role in ROLES:
        client = _client(world.users[role])
        response = client.get(url)
        if role in readers:
            if response.status_code != 200:
                problems.append(f"{role} may read it but GET gave {response.status_code}")
        elif response.status_code not in (401, 403, 404, 405):
            problems.append(f"{role} GET gave {response.status_code}, not a refusal")
        if role in writers:
            continue
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, data={}, format="json")
            if response.status_code not in (401, 403, 404, 405):
                problems.append(f"{role} {method.upper()} gave {response.status_code}, not a refusal")
        if state(world) != before:
            problems.append(f"{role}'s refused requests changed data")
            before = state(world)
    assert not problems, f"{name} ({url}): {problems}"
