"""Read queries of the matchmaking app."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from matchmaking.enums import RulesStatus
from matchmaking.models import Buyer, Category, Event, Exhibitor, MatchRuleSet, Recommendation, User


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


# --- Buyer portal: the exhibitor directory ------------------------------------------------------------------


@dataclass(frozen=True)
class ExhibitorSearch:
    """What a buyer filters the exhibitor directory by; empty strings mean "any"."""

    text: str = ""
    category: str = ""
    country: str = ""
    language: str = ""
    hall: str = ""
    recommended_only: bool = True


def exhibitors_for_buyer(*, buyer: Buyer, search: ExhibitorSearch) -> QuerySet[Exhibitor]:
    """The exhibitors of the buyer's event matching `search`, the buyer's recommendations first (by rank), then
    by company. Each row carries `rank` (the buyer_rank, or None) and, prefetched, `for_buyer` (a list holding
    the buyer's Recommendation row, if any) and its categories with their parents: a page costs the same
    number of queries whatever its length.

    `text` looks in company, description, offering and keywords; `category` is a code and matches its
    sub-categories too ("1" matches "1.2"); `language` is a code in the exhibitor's languages.
    """
    from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery

    mine = Recommendation.objects.filter(buyer=buyer, exhibitor=OuterRef("pk"))
    qs = Exhibitor.objects.filter(event_id=buyer.event_id).annotate(
        rank=Subquery(mine.values("buyer_rank")[:1]), score=Subquery(mine.values("score")[:1])
    )
    if search.recommended_only:
        qs = qs.filter(rank__isnull=False)
    text = search.text.strip()
    if text:
        qs = qs.filter(
            Q(company__icontains=text)
            | Q(description__icontains=text)
            | Q(offering__icontains=text)
            | Q(keywords__icontains=text)
        )
    if search.category:
        in_category = Exhibitor.categories.through.objects.filter(exhibitor_id=OuterRef("pk")).filter(
            Q(category__code=search.category) | Q(category__parent__code=search.category)
        )
        qs = qs.filter(Exists(in_category))
    if search.country:
        qs = qs.filter(country=search.country)
    if search.hall:
        qs = qs.filter(hall=search.hall)
    if search.language:
        # JSON list of codes: match the quoted code, which works the same on SQLite and PostgreSQL.
        qs = qs.filter(languages__icontains=f'"{search.language}"')
    return qs.prefetch_related(
        Prefetch("categories", queryset=Category.objects.select_related("parent").order_by("position")),
        Prefetch("recommendations", queryset=Recommendation.objects.filter(buyer=buyer), to_attr="for_buyer"),
    ).order_by(F("rank").asc(nulls_last=True), "company", "pk")


@dataclass(frozen=True)
class ExhibitorFilterOptions:
    """The values the directory's filters offer: those present among the event's exhibitors."""

    categories: list[Category]
    countries: list[str]
    halls: list[str]
    languages: list[str]


FILTER_OPTIONS_SECONDS = 300


def exhibitor_filter_options(*, event: Event) -> ExhibitorFilterOptions:
    """Top-level categories, countries, halls and languages in use at the event. Cached per event and state of its
    exhibitors (count and last change: one query when cached, five when not); every buyer's directory page shows
    them, and they change only when profiles do."""
    stamp = Exhibitor.objects.filter(event=event).aggregate(n=Count("pk"), last=Max("updated_at"))
    key = f"exhibitor-filter-options:{event.pk}:{stamp['n']}:{stamp['last'].isoformat() if stamp['last'] else ''}"
    options = cache.get(key)
    if options is None:
        options = _exhibitor_filter_options(event)
        cache.set(key, options, FILTER_OPTIONS_SECONDS)
    return options


def _exhibitor_filter_options(event: Event) -> ExhibitorFilterOptions:
    exhibitors = Exhibitor.objects.filter(event=event)
    languages: set[str] = set()
    for codes in exhibitors.values_list("languages", flat=True):
        languages.update(c for c in codes or () if isinstance(c, str))
    return ExhibitorFilterOptions(
        categories=list(Category.objects.filter(parent__isnull=True).order_by("position")),
        countries=sorted(set(exhibitors.values_list("country", flat=True))),
        halls=sorted(set(exhibitors.exclude(hall="").values_list("hall", flat=True))),
        languages=sorted(languages),
    )


def exhibitor_for_buyer(*, buyer: Buyer, pk: int) -> Exhibitor | None:
    """One exhibitor of the buyer's event with its categories and the buyer's recommendation prefetched (as in
    `exhibitors_for_buyer`), or None when it is not at that event."""
    return exhibitors_for_buyer(buyer=buyer, search=ExhibitorSearch(recommended_only=False)).filter(pk=pk).first()
