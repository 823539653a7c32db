"""Read queries of the matchmaking app."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from matchmaking.models import Buyer, Event, Exhibitor, User


@dataclass(frozen=True)
class Role:
    """One hat a user wears at one event: "organiser", "exhibitor" or "buyer" (with the profile)."""

    kind: str
    event: Event
    profile: Buyer | Exhibitor | None = None


def user_roles(user: User) -> list[Role]:
    """Every role of `user`, organisers first, then exhibitors, then buyers; newest event first."""
    if not user.is_authenticated:
        return []
    roles = [Role("organiser", e) for e in Event.objects.filter(organisers__user=user)]
    roles += [Role("exhibitor", p.event, p) for p in Exhibitor.objects.filter(team__user=user).select_related("event")]
    roles += [Role("buyer", p.event, p) for p in Buyer.objects.filter(team__user=user).select_related("event")]
    return roles


def event_for_organiser(*, user: User, slug: str) -> Event | None:
    """The event with `slug` if `user` organises it (superusers organise every event), else None."""
    events: QuerySet[Event] = Event.objects.filter(slug=slug)
    if not user.is_superuser:
        events = events.filter(organisers__user=user)
    return events.first()


def exhibitor_for_member(*, user: User, slug: str) -> Exhibitor | None:
    """The exhibitor profile `user` is on the team of at the event `slug`, else None."""
    return Exhibitor.objects.filter(event__slug=slug, team__user=user).select_related("event").first()


def buyer_for_member(*, user: User, slug: str) -> Buyer | None:
    """The buyer profile `user` is on the team of at the event `slug`, else None."""
    return Buyer.objects.filter(event__slug=slug, team__user=user).select_related("event").first()
