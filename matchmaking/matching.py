"""Adapter between the database and the pure matching core (`matchmaking.engine`).

Profiles become engine `Profile`s with their primary keys as ids (as text) on each side; the event's published
`MatchRuleSet` becomes engine `Rules` (defaults when none is published). A fitted model per event is kept in
this process and brought up to date from the profiles' `updated_at` before each single-profile refresh, so
refreshing one profile costs one scoring pass, not a refit.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Max, Prefetch, QuerySet

from matchmaking.engine import MatchModel, Profile, Rules
from matchmaking.enums import RulesStatus
from matchmaking.models import Buyer, Category, Event, Exhibitor, MatchRuleSet

_categories = Prefetch("categories", queryset=Category.objects.only("code"))


def buyer_profile(buyer: Buyer) -> Profile:
    """The engine's view of a buyer (categories must be prefetched for bulk use)."""
    return Profile(
        id=str(buyer.pk),
        name=buyer.company,
        company=buyer.company,
        country=buyer.country,
        languages=tuple(buyer.languages or ()),
        categories=tuple(c.code for c in buyer.categories.all()),
        description=buyer.description,
        looking_for=buyer.looking_for,
        keywords=tuple(buyer.keywords or ()),
    )


def exhibitor_profile(exhibitor: Exhibitor) -> Profile:
    """The engine's view of an exhibitor (categories must be prefetched for bulk use)."""
    return Profile(
        id=str(exhibitor.pk),
        name=exhibitor.company,
        company=exhibitor.company,
        country=exhibitor.country,
        languages=tuple(exhibitor.languages or ()),
        categories=tuple(c.code for c in exhibitor.categories.all()),
        description=exhibitor.description,
        offering=exhibitor.offering,
        keywords=tuple(exhibitor.keywords or ()),
        sponsor_tier=exhibitor.sponsor_tier,
        target_countries=tuple(exhibitor.target_countries or ()),
    )


def event_buyers(event: Event) -> QuerySet[Buyer]:
    return Buyer.objects.filter(event=event).prefetch_related(_categories).order_by("pk")


def event_exhibitors(event: Event) -> QuerySet[Exhibitor]:
    return Exhibitor.objects.filter(event=event).prefetch_related(_categories).order_by("pk")


def published_rule_set(event: Event) -> MatchRuleSet | None:
    return MatchRuleSet.objects.filter(event=event, status=RulesStatus.PUBLISHED).first()


def rules_for(event: Event) -> tuple[Rules, int | None]:
    """The event's published rules and their version, or the engine's defaults and None."""
    rule_set = published_rule_set(event)
    if rule_set is None:
        return Rules(), None
    return Rules.from_dict(rule_set.data), rule_set.version


@dataclass
class _Cached:
    rules_version: int | None
    model: MatchModel
    synced_at: datetime | None
    buyers: int
    exhibitors: int


_cache: dict[int, _Cached] = {}
_lock = threading.Lock()


def _last_change(event: Event) -> datetime | None:
    b = Buyer.objects.filter(event=event).aggregate(m=Max("updated_at"))["m"]
    e = Exhibitor.objects.filter(event=event).aggregate(m=Max("updated_at"))["m"]
    return max((t for t in (b, e) if t is not None), default=None)


def model_fit(event: Event) -> tuple[MatchModel, int | None]:
    """Fit a fresh model over all of the event's profiles with its published rules (and cache it)."""
    rules, version = rules_for(event)
    synced = _last_change(event)
    buyers = [buyer_profile(b) for b in event_buyers(event)]
    exhibitors = [exhibitor_profile(e) for e in event_exhibitors(event)]
    model = MatchModel.fit(buyers, exhibitors, rules)
    with _lock:
        _cache[event.pk] = _Cached(version, model, synced, len(buyers), len(exhibitors))
    return model, version


def model_current(event: Event, affected: set[str] | None = None) -> tuple[MatchModel, int | None]:
    """The cached model for the event, brought up to date with profiles changed since it was fitted.

    Refits when the rules changed or profiles were added or deleted (counts differ); otherwise upserts only
    the profiles whose `updated_at` is newer than the model. If `affected` is given, the ids of buyers whose
    lists an upserted exhibitor may change are added to it (empty after a refit: every list is fresh).
    """
    _, version = rules_for(event)
    with _lock:
        cached = _cache.get(event.pk)
    n_buyers = Buyer.objects.filter(event=event).count()
    n_exhibitors = Exhibitor.objects.filter(event=event).count()
    if (
        cached is None
        or cached.rules_version != version
        or (cached.buyers, cached.exhibitors) != (n_buyers, n_exhibitors)
    ):
        return model_fit(event)
    if cached.synced_at is not None:
        for b in event_buyers(event).filter(updated_at__gt=cached.synced_at):
            cached.model.upsert_buyer(buyer_profile(b))
        for e in event_exhibitors(event).filter(updated_at__gt=cached.synced_at):
            touched = cached.model.upsert_exhibitor(exhibitor_profile(e))
            if affected is not None:
                affected.update(touched)
        cached.synced_at = _last_change(event)
    return cached.model, version


def model_forget(event: Event) -> None:
    with _lock:
        _cache.pop(event.pk, None)


def match_payload(match: Any) -> dict[str, Any]:
    """A Match's reasons and evidence as JSON for the Recommendation row."""
    return {
        "reasons": list(match.reasons),
        "evidence": [
            {
                "kind": ev.kind,
                "label": ev.label,
                "buyer_text": ev.buyer_text,
                "exhibitor_text": ev.exhibitor_text,
                "weight": round(ev.weight, 4),
            }
            for ev in match.evidence
        ],
    }
