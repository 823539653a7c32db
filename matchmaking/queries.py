"""Read queries of the matchmaking app."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from matchmaking.enums import RulesStatus
from matchmaking.models import Buyer, Event, Exhibitor, MatchRuleSet, User


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


def pair_exclusion(*, event: Event, buyer: Buyer, exhibitor: Exhibitor) -> str | None:
    """Why the event's published match rules exclude this pair from meeting, or None.

    Mirrors the engine's exclusions (`matchmaking.engine.pairs.PairRules.exclusion_reasons`) from the rules' JSON
    form, so the request service need not load the engine: same company, a pair the organiser blocked, and no
    shared language when the rules require one.
    """
    rule_set = MatchRuleSet.objects.filter(event=event, status=RulesStatus.PUBLISHED).first()
    data = rule_set.data if rule_set is not None else {}
    if (
        data.get("exclude_same_company", True)
        and buyer.company.strip().casefold() == exhibitor.company.strip().casefold()
    ):
        return _("You cannot request a meeting with your own company.")
    if [str(buyer.pk), str(exhibitor.pk)] in data.get("blocked_pairs", []):
        return _("The organiser does not allow a meeting between these two.")
    if data.get("require_shared_language", False):
        mine = {code.casefold() for code in buyer.languages or []}
        theirs = {code.casefold() for code in exhibitor.languages or []}
        if mine and theirs and not mine & theirs:
            return _("This event requires a language in common, and you have none.")
    return None
