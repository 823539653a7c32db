"""The portal's access matrix: every URL pattern of frontend/urls.py, requested (GET, and POST) by each kind of
person — anonymous, the buyer, another buyer, the exhibitor, another exhibitor, the organiser, and the organiser,
a buyer and an exhibitor of another event. Nobody reads or changes what is not theirs: a refusal is a log-in
redirect (anonymous), 403 or 404 (405 where the method is not served at all), and a refused POST writes nothing.

ACCESS maps each URL name to who may use it and how to build its kwargs; a new page must be added to it
(test_every_portal_url_is_in_the_access_matrix fails naming it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

import frontend.urls
from tests.security.conftest import ROLES, World, state, url_names

BUYERS = frozenset({"buyer", "other_buyer"})
EXHIBITORS = frozenset({"exhibitor", "exhibitor2"})
PARTICIPANTS = BUYERS | EXHIBITORS
ORGANISERS = frozenset({"organiser"})
EVENT_PEOPLE = PARTICIPANTS | ORGANISERS
LOGGED_IN = frozenset(ROLES) - {"anonymous"}
EVERYONE = frozenset(ROLES)

Kwargs = Callable[[World], dict[str, Any]]


def slug(w: World) -> dict[str, Any]:
    return {"slug": w.event.slug}


def with_(**objects: str | int) -> Kwargs:
    """The event's slug plus kwargs taken from world.objects (a str names an object; its pk is used)."""

    def build(w: World) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"slug": w.event.slug}
        for name, ref in objects.items():
            kwargs[name] = w.objects[ref].pk if isinstance(ref, str) and ref in w.objects else ref
        return kwargs

    return build


def none(w: World) -> dict[str, Any]:
    return {}


# URL name -> (who may use it, its kwargs)
ACCESS: dict[str, tuple[frozenset[str], Kwargs]] = {
    "home": (LOGGED_IN, none),
    "login": (EVERYONE, none),
    "logout": (EVERYONE, none),
    "live-changes": (EVENT_PEOPLE, slug),
    "agenda-ics": (PARTICIPANTS, slug),
    "agenda-print": (PARTICIPANTS, slug),
    # The signed token is the key (calendar apps cannot log in); test_calendar_feed_refuses_a_forged_token.
    "calendar-feed": (EVERYONE, lambda w: {"token": w.objects["calendar_token"]}),
    # buyer
    "buyer-home": (BUYERS, slug),
    "buyer-exhibitor": (BUYERS, with_(pk="exhibitor")),
    "buyer-request-create": (BUYERS, with_(pk="exhibitor")),
    "buyer-requests": (BUYERS, slug),
    "buyer-request-cancel": (frozenset({"other_buyer"}), with_(pk="pending")),
    "buyer-request-answer": (frozenset({"buyer"}), with_(pk="invitation")),
    "buyer-agenda": (BUYERS, slug),
    "buyer-agenda-fragment": (BUYERS, slug),
    "buyer-profile": (BUYERS, slug),
    "buyer-availability": (BUYERS, slug),
    "buyer-availability-toggle": (BUYERS, with_(slot_pk="slot")),
    "buyer-days": (BUYERS, slug),
    # exhibitor
    "exhibitor-availability": (EXHIBITORS, slug),
    "exhibitor-availability-toggle": (EXHIBITORS, with_(slot_pk="slot")),
    "exhibitor-home": (EXHIBITORS, slug),
    "exhibitor-agenda-fragment": (EXHIBITORS, slug),
    "exhibitor-pending-fragment": (EXHIBITORS, slug),
    "exhibitor-request-answer": (frozenset({"exhibitor"}), with_(pk="pending")),
    "exhibitor-proposed": (EXHIBITORS, slug),
    "exhibitor-agenda": (EXHIBITORS, slug),
    "exhibitor-meeting-member": (frozenset({"exhibitor"}), with_(pk="meeting")),
    "exhibitor-buyers": (EXHIBITORS, slug),
    "exhibitor-invite": (EXHIBITORS, with_(buyer_pk="other_buyer")),
    "exhibitor-team": (EXHIBITORS, slug),
    # either side of a meeting, or the organiser
    "meeting-action": (frozenset({"buyer", "exhibitor", "organiser"}), with_(pk="meeting", action="confirm")),
    # organiser
    "organiser-home": (ORGANISERS, slug),
    "organiser-stats-fragment": (ORGANISERS, slug),
    "meetings-csv": (ORGANISERS, slug),
    "organiser-import": (ORGANISERS, slug),
    "organiser-participants": (ORGANISERS, with_(kind="buyers")),
    "organiser-agendas-print": (ORGANISERS, with_(kind="buyers")),
    "organiser-rules": (ORGANISERS, slug),
    "organiser-rules-preview": (ORGANISERS, slug),
    "organiser-rules-publish": (ORGANISERS, with_(version=1)),
    "organiser-scheduler": (ORGANISERS, slug),
    "organiser-run-fragment": (ORGANISERS, with_(pk="run")),
    "organiser-run-cancel": (ORGANISERS, with_(pk="run")),
    "organiser-grid": (ORGANISERS, slug),
    "organiser-publish": (ORGANISERS, slug),
    "organiser-notifications": (ORGANISERS, slug),
    "organiser-delivery-retry": (ORGANISERS, with_(pk="delivery")),
    # notifications
    "notification-preferences": (LOGGED_IN, none),
    "notifications": (EVENT_PEOPLE, slug),
    "notifications-list-fragment": (EVENT_PEOPLE, slug),
    "notifications-bell": (EVENT_PEOPLE, slug),
    "notifications-read-all": (EVENT_PEOPLE, slug),
    "notification-open": (frozenset({"buyer"}), with_(pk="notification")),
    "notification-read": (frozenset({"buyer"}), with_(pk="notification")),
}


def portal_url_names() -> set[str]:
    return url_names(frontend.urls.urlpatterns)


def test_every_portal_url_is_in_the_access_matrix():
    names = portal_url_names()
    assert sorted(names - set(ACCESS)) == [], "portal URLs missing from ACCESS (say who may use them)"
    assert sorted(set(ACCESS) - names) == [], "ACCESS names URLs that no longer exist"


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].split("?")[0] == resolve_url(settings.LOGIN_URL)


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_page_access_matrix(world, name):
    allowed, kwargs = ACCESS[name]
    url = reverse(name, kwargs=kwargs(world))
    before = state(world)
    problems = []
    # Strangers first (their POSTs must change nothing), the permitted people last.
    for role in sorted(ROLES, key=lambda r: r in allowed):
        client = _client(world.users[role])
        if role in allowed:
            response = client.get(url)
            if response.status_code in (403, 404) or response.status_code >= 500 or _is_login_redirect(response):
                problems.append(f"{role} may use it but GET gave {response.status_code}")
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            refused = response.status_code in (403, 404, 405) or (role == "anonymous" and _is_login_redirect(response))
            if not refused:
                problems.append(f"{role} {method.upper()} gave {response.status_code}, not a refusal")
        if state(world) != before:
            problems.append(f"{role}'s refused requests changed data")
            before = state(world)
    assert not problems, f"{name} ({url}): {problems}"


def test_calendar_feed_refuses_a_forged_token(world, client):
    assert client.get(reverse("calendar-feed", kwargs={"token": "1:forged:signature"})).status_code == 404
    token = world.objects["calendar_token"]
    assert client.get(reverse("calendar-feed", kwargs={"token": token[:-2] + "xx"})).status_code == 404
