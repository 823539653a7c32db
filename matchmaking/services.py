"""Write services of the matchmaking app. Each owns its transaction."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matchmaking.demo.taxonomy import load_taxonomy
from matchmaking.enums import Language, RulesStatus
from matchmaking.models import Buyer, Category, Event, Exhibitor, MatchRuleSet, Recommendation, User

if TYPE_CHECKING:
    from matchmaking.engine import PreviewReport, Rules


@transaction.atomic
def taxonomy_load() -> dict[str, Category]:
    """Create or update the product taxonomy from matchmaking/data/taxonomy.json. Idempotent.

    Returns every category by code. Categories no longer in the file are kept (profiles may point at them).
    """
    existing = {c.code: c for c in Category.objects.all()}
    position = 0
    for node in load_taxonomy():
        parent = _upsert(existing, node, None, position)
        position += 1
        for child in node["children"]:
            _upsert(existing, child, parent, position)
            position += 1
    return existing


def _upsert(existing: dict[str, Category], node: dict, parent: Category | None, position: int) -> Category:
    names = node["name"]
    wanted = {
        "parent": parent,
        "name_en": names["en"],
        "name_ru": names["ru"],
        "name_uz": names["uz"],
        "position": position,
    }
    category = existing.get(node["code"])
    if category is None:
        category = Category.objects.create(code=node["code"], **wanted)
        existing[category.code] = category
    elif any(getattr(category, k) != v for k, v in wanted.items()):
        for key, value in wanted.items():
            setattr(category, key, value)
        category.save()
    return category


# --- Match rules ------------------------------------------------------------------------------------------
# The engine (scikit-learn) is imported inside these functions: the web process only pays for it when an
# organiser previews rules (DESIGN.md: heavy imports stay in the cores).


def match_rules_validate(data: dict[str, Any]) -> Rules:
    """The engine's Rules for `data`, or ValidationError keyed by the offending rule name."""
    from matchmaking.engine import Rules as EngineRules
    from matchmaking.engine import RulesError

    try:
        return EngineRules.from_dict(data)
    except RulesError as exc:
        key, _, message = str(exc).partition(": ")
        raise ValidationError({key or "rules": message or str(exc)}) from exc
    except (TypeError, ValueError) as exc:
        raise ValidationError({"rules": str(exc)}) from exc


@transaction.atomic
def match_rules_save_draft(*, event: Event, data: dict[str, Any], by_user: User | None, note: str = "") -> MatchRuleSet:
    """Save `data` as a new draft version of the event's rules (validated; ValidationError names the key)."""
    rules = match_rules_validate(data)
    Event.objects.select_for_update().filter(pk=event.pk).first()
    last = MatchRuleSet.objects.filter(event=event).order_by("-version").first()
    return MatchRuleSet.objects.create(
        event=event,
        version=(last.version + 1) if last else 1,
        data=rules.to_dict(),
        note=note[:300],
        created_by=by_user if by_user is not None and by_user.is_authenticated else None,
    )


@transaction.atomic
def match_rules_publish(*, rule_set: MatchRuleSet, by_user: User | None) -> MatchRuleSet:
    """Make `rule_set` the event's rules; the previous published version is superseded. Recommendations are
    recomputed in the background after commit."""
    from matchmaking.tasks import recompute_recommendations

    if rule_set.status == RulesStatus.PUBLISHED:
        return rule_set
    MatchRuleSet.objects.filter(event=rule_set.event, status=RulesStatus.PUBLISHED).update(
        status=RulesStatus.SUPERSEDED
    )
    rule_set.status = RulesStatus.PUBLISHED
    rule_set.published_at = timezone.now()
    rule_set.save(update_fields=["status", "published_at"])
    event_id = rule_set.event_id
    transaction.on_commit(lambda: recompute_recommendations.enqueue(event_id))
    return rule_set


def match_rules_preview(*, event: Event, data: dict[str, Any], k: int | None = None) -> PreviewReport:
    """Figures the draft `data` would give over the event's profiles, without publishing anything."""
    from matchmaking import matching
    from matchmaking.engine import preview

    rules = match_rules_validate(data)
    model, _ = matching.model_current(event)
    return preview(model.buyers, model.exhibitors, rules, k=k, model=model)


# --- Recommendations --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecommendationStats:
    pairs: int
    buyers_with_matches: int
    exhibitors_with_matches: int
    rules_version: int | None
    seconds: float


@transaction.atomic
def recommendations_compute(*, event: Event) -> RecommendationStats:
    """Recompute every recommendation of the event with its published rules, in both directions.

    Replaces the event's Recommendation rows in one transaction (readers see the old or the new set, never a mix).
    """
    from matchmaking import matching

    started = time.monotonic()
    model, version = matching.model_fit(event)
    for_buyers = model.exhibitors_for_all_buyers()
    for_exhibitors = model.buyers_for_all_exhibitors()
    rows: dict[tuple[int, int], Recommendation] = {}
    for matches in for_buyers.values():
        for rank, m in enumerate(matches, start=1):
            rows[(int(m.buyer), int(m.exhibitor))] = _row(event, m, version, buyer_rank=rank)
    for matches in for_exhibitors.values():
        for rank, m in enumerate(matches, start=1):
            key = (int(m.buyer), int(m.exhibitor))
            if key in rows:
                rows[key].exhibitor_rank = rank
            else:
                rows[key] = _row(event, m, version, exhibitor_rank=rank)
    Recommendation.objects.filter(event=event).delete()
    Recommendation.objects.bulk_create(rows.values(), batch_size=2000)
    return RecommendationStats(
        pairs=len(rows),
        buyers_with_matches=sum(1 for ms in for_buyers.values() if ms),
        exhibitors_with_matches=sum(1 for ms in for_exhibitors.values() if ms),
        rules_version=version,
        seconds=time.monotonic() - started,
    )


def _row(event: Event, match: Any, version: int | None, **ranks: int) -> Recommendation:
    from matchmaking.matching import match_payload

    payload = match_payload(match)
    return Recommendation(
        event=event,
        buyer_id=int(match.buyer),
        exhibitor_id=int(match.exhibitor),
        score=round(match.score, 4),
        relevance=round(match.relevance, 4),
        reasons=payload["reasons"],
        evidence=payload["evidence"],
        rules_version=version,
        **ranks,
    )


@transaction.atomic
def recommendations_refresh(*, profile: Buyer | Exhibitor) -> int:
    """Recompute a saved profile's own recommendation list; for an exhibitor also the lists of the buyers it may
    now enter or leave. Returns the length of the profile's own list.

    Exhibitors' lists that a changed *buyer* might now enter are refreshed by the next full recompute.
    """
    from matchmaking import matching

    event = profile.event
    affected: set[str] = set()
    model, version = matching.model_current(event, affected)
    if isinstance(profile, Buyer):
        own = {str(profile.pk): model.exhibitors_for_buyer(str(profile.pk))}
        _store_lists(event, version, "buyer", own, profile)
    else:
        if not affected:  # the cache was cold (refit) or had already taken the change in: ask the engine
            affected.update(model.upsert_exhibitor(matching.exhibitor_profile(profile)))
        if affected:
            _store_lists(event, version, "buyer", model.exhibitors_for_buyers(sorted(affected)), profile)
        own = {str(profile.pk): model.buyers_for_exhibitor(str(profile.pk))}
        _store_lists(event, version, "exhibitor", own, profile)
    return len(next(iter(own.values())))


def _store_lists(
    event: Event, version: int | None, owner: str, lists: dict[str, list[Any]], changed: Buyer | Exhibitor
) -> None:
    """Replace the ranked lists of some buyers (owner="buyer") or exhibitors (owner="exhibitor").

    Only rows that differ are written: a pair whose rank and score are unchanged and that does not involve the
    `changed` profile keeps its row. A pair also ranked by the other side keeps that rank; pairs now ranked by
    neither side are deleted.
    """
    rank_field = f"{owner}_rank"
    owners = [int(pk) for pk in lists]
    mine = Recommendation.objects.filter(event=event, **{f"{owner}_id__in": owners})
    before = {(b, e): (r, sc) for b, e, r, sc in mine.values_list("buyer_id", "exhibitor_id", rank_field, "score")}
    side = "buyer_id" if isinstance(changed, Buyer) else "exhibitor_id"
    keep: set[tuple[int, int]] = set()
    rows = []
    for matches in lists.values():
        for rank, m in enumerate(matches, 1):
            key = (int(m.buyer), int(m.exhibitor))
            keep.add(key)
            involves_changed = (key[0] if side == "buyer_id" else key[1]) == changed.pk
            if before.get(key) != (rank, round(m.score, 4)) or involves_changed:
                rows.append(_row(event, m, version, **{rank_field: rank}))
    dropped = [key for key, (rank, _score) in before.items() if rank is not None and key not in keep]
    for b_id, e_id in dropped:
        Recommendation.objects.filter(buyer_id=b_id, exhibitor_id=e_id).update(**{rank_field: None})
    Recommendation.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["buyer", "exhibitor"],
        update_fields=[rank_field, "score", "relevance", "reasons", "evidence", "rules_version", "computed_at"],
    )
    if dropped:
        mine.filter(buyer_rank__isnull=True, exhibitor_rank__isnull=True).delete()


PROFILE_FIELDS = {
    "buyer": {
        "company",
        "country",
        "city",
        "website",
        "description",
        "languages",
        "keywords",
        "organisation_type",
        "looking_for",
        "purchase_timeframe",
        "budget_band",
        "purchasing_role",
    },
    "exhibitor": {
        "company",
        "country",
        "city",
        "website",
        "description",
        "languages",
        "keywords",
        "organisation_type",
        "offering",
        "hall",
        "booth",
        "parallel_meetings",
        "sponsor_tier",
        "target_countries",
    },
}


@transaction.atomic
def profile_update(
    *, profile: Buyer | Exhibitor, changes: dict[str, Any], categories: list[str] | None = None, by_user: User | None
) -> Buyer | Exhibitor:
    """Change a profile's fields (and categories by code), validated whole; then refresh its recommendations
    in the background. ValidationError names each bad field; nothing is saved then."""
    from matchmaking.tasks import refresh_profile_recommendations

    kind = "buyer" if isinstance(profile, Buyer) else "exhibitor"
    unknown = set(changes) - PROFILE_FIELDS[kind]
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    # Work on a fresh, locked copy: a refused change must not linger in the caller's object either.
    profile = type(profile).objects.select_for_update().get(pk=profile.pk)
    for name, value in changes.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    if categories is not None:
        found = list(Category.objects.filter(code__in=categories))
        missing = sorted(set(categories) - {c.code for c in found})
        if missing:
            raise ValidationError({"categories": _("Unknown categories: %s") % ", ".join(missing)})
        profile.categories.set(found)
    transaction.on_commit(lambda: refresh_profile_recommendations.enqueue(kind, profile.pk))
    return profile


@transaction.atomic
def exhibitor_capacity_set(*, exhibitor: Exhibitor, parallel_meetings: int, by_user: User) -> Exhibitor:
    """Set how many meetings the exhibitor's stand holds at once (1–20), by a member of its team or an organiser
    of the event, and give it one booth seat per parallel meeting.

    Refused with ValidationError naming `parallel_meetings` (nothing written) when the number is out of range or
    lower than a parallel track an active meeting already uses (cancel or move those meetings first).
    PermissionDenied when `by_user` may not change this exhibitor.
    """
    from django.core.exceptions import PermissionDenied

    # meetings depends on matchmaking, not the reverse: its parts are imported here, where they are needed.
    from meetings.models import ACTIVE_MEETING
    from meetings.services import locations_sync

    on_team = exhibitor.team.filter(user=by_user).exists()
    organiser = by_user.is_superuser or exhibitor.event.organisers.filter(user=by_user).exists()
    if not (on_team or organiser):
        raise PermissionDenied(_("You cannot change this exhibitor."))
    valid = isinstance(parallel_meetings, int) and not isinstance(parallel_meetings, bool)
    if not valid or not 1 <= parallel_meetings <= 20:
        raise ValidationError({"parallel_meetings": _("Enter a whole number from 1 to 20.")})
    locked = Exhibitor.objects.select_for_update().get(pk=exhibitor.pk)
    in_use = locked.meetings.filter(ACTIVE_MEETING, exhibitor_seat__gt=parallel_meetings)
    if in_use.exists():
        highest = max(in_use.values_list("exhibitor_seat", flat=True))
        raise ValidationError(
            {
                "parallel_meetings": _(
                    "%(n)d active meeting(s) use parallel meeting %(seat)d: keep at least %(seat)d, or cancel or "
                    "move those meetings first."
                )
                % {"n": in_use.count(), "seat": highest}
            }
        )
    if locked.parallel_meetings != parallel_meetings:
        locked.parallel_meetings = parallel_meetings
        locked.save(update_fields=["parallel_meetings", "updated_at"])
        locations_sync(event=locked.event)
    return locked


# --- Rules preview: how rankings shift (organiser's rules editor) ------------------------------------------


@dataclass(frozen=True)
class RankingShift:
    """How buyers' ranked exhibitor lists change from the published rules to draft rules.

    `changed` buyers have a different list (members or order); `entered` / `left` count exhibitors that join or
    leave a buyer's list, summed over buyers; `kept_share` is the mean share of a buyer's published list that
    stays in the draft list (1.0 when nothing changes); `examples` are up to `examples` changed buyers as
    {"buyer": id, "before": [exhibitor ids], "after": [exhibitor ids]} (ids as strings, best first).
    """

    buyers: int
    changed: int
    entered: int
    left: int
    kept_share: float
    examples: tuple[dict[str, Any], ...]


def match_rules_ranking_shift(*, event: Event, data: dict[str, Any], examples: int = 3) -> RankingShift:
    """Compare every buyer's list under the event's published rules (or the defaults) with `data`. Read-only:
    both rankings run on copies of the cached model (`with_rules`), so its incremental state is untouched."""
    from matchmaking import matching

    draft = match_rules_validate(data)
    model, _ = matching.model_current(event)
    current, _ = matching.rules_for(event)
    before = model.with_rules(current).exhibitors_for_all_buyers()
    after = model.with_rules(draft).exhibitors_for_all_buyers()
    changed = entered = left = 0
    kept: list[float] = []
    shown: list[dict[str, Any]] = []
    for buyer, old in before.items():
        old_ids = [m.exhibitor for m in old]
        new_ids = [m.exhibitor for m in after.get(buyer, [])]
        if old_ids != new_ids:
            changed += 1
            if len(shown) < examples:
                shown.append({"buyer": buyer, "before": old_ids, "after": new_ids})
        entered += len(set(new_ids) - set(old_ids))
        left += len(set(old_ids) - set(new_ids))
        if old_ids:
            kept.append(len(set(old_ids) & set(new_ids)) / len(old_ids))
    return RankingShift(
        buyers=len(before),
        changed=changed,
        entered=entered,
        left=left,
        kept_share=sum(kept) / len(kept) if kept else 1.0,
        examples=tuple(shown),
    )


def user_language_set(*, user: User, language: str) -> User:
    """The person's language (en/ru/uz) for the portal on devices without a choice of their own and for e-mails.
    ValidationError naming `language` for an unknown code; nothing written then."""
    if language not in Language.values:
        raise ValidationError({"language": _("Choose English, Russian or Uzbek.")})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
