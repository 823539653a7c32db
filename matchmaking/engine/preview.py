"""Rules preview: the figures an organiser needs before publishing draft rules.

Contract: ``preview(...)`` ranks exhibitors for every buyer under the draft rules, once as configured and once
without the exposure cap (to show the cap's effect), and returns a ``PreviewReport``. It does not change the
model it is given (it works on ``model.with_rules(draft)``), so the app can call it on the live model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .model import MatchModel
from .rules import Rules
from .thesaurus import Thesaurus
from .types import Match, Profile


@dataclass(frozen=True)
class ExposureFigures:
    """How recommendations spread over exhibitors: ``per_exhibitor`` maps a number of buyers to how many
    exhibitors are recommended to exactly that many buyers."""

    exhibitors_without_recommendations: int
    max_recommendations_per_exhibitor: int
    per_exhibitor: dict[int, int]


@dataclass(frozen=True)
class PreviewReport:
    """Figures for draft rules. ``share_buyers_with_k`` is the share (0–1) of buyers with at least ``k``
    matches; ``score_histogram`` holds (low, high, count) per bin of match scores; ``uncapped`` are the exposure
    figures the same rules give without the exposure cap (equal to ``exposure`` when the cap is off)."""

    buyers: int
    exhibitors: int
    k: int
    top_k: int
    share_buyers_with_k: float
    buyers_without_matches: int
    mean_matches_per_buyer: float
    exposure_cap: int | None
    exposure: ExposureFigures
    uncapped: ExposureFigures
    score_histogram: tuple[tuple[float, float, int], ...]
    samples: tuple[Match, ...]


def _exposure(lists: dict[str, list[Match]], exhibitor_ids: Sequence[str]) -> ExposureFigures:
    counts = dict.fromkeys(exhibitor_ids, 0)
    for matches in lists.values():
        for m in matches:
            counts[m.exhibitor] += 1
    dist: dict[int, int] = {}
    for c in counts.values():
        dist[c] = dist.get(c, 0) + 1
    return ExposureFigures(
        exhibitors_without_recommendations=dist.get(0, 0),
        max_recommendations_per_exhibitor=max(counts.values(), default=0),
        per_exhibitor=dict(sorted(dist.items())),
    )


def preview(
    buyers: Sequence[Profile],
    exhibitors: Sequence[Profile],
    rules: Rules,
    *,
    k: int | None = None,
    samples: int = 5,
    bins: int = 10,
    model: MatchModel | None = None,
    thesaurus: Thesaurus | None = None,
) -> PreviewReport:
    """Figures for ``rules`` over the profiles (or over ``model``'s profiles when a fitted model is given, which
    avoids re-analysing texts). ``k`` defaults to ``rules.top_k``."""
    base = model.with_rules(rules) if model is not None else MatchModel.fit(buyers, exhibitors, rules, thesaurus)
    k = k or rules.top_k
    lists = base.exhibitors_for_all_buyers()
    exhibitor_ids = [p.id for p, a in zip(base.exhibitors, base.side("exhibitor").active, strict=True) if a]
    exposure = _exposure(lists, exhibitor_ids)
    if rules.exposure_cap is None:
        uncapped = exposure
    else:
        free = base.with_rules(dataclasses.replace(rules, exposure_cap=None))
        uncapped = _exposure(free.exhibitors_for_all_buyers(), exhibitor_ids)
    scores = np.array([m.score for ms in lists.values() for m in ms], dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    hist, _ = np.histogram(np.clip(scores, 0.0, 1.0), bins=edges)
    with_matches = [bid for bid, ms in lists.items() if ms]
    step = max(1, len(with_matches) // max(1, samples))
    sample = tuple(lists[bid][0] for bid in with_matches[::step][:samples])
    n = len(lists)
    return PreviewReport(
        buyers=n,
        exhibitors=len(exhibitor_ids),
        k=k,
        top_k=rules.top_k,
        share_buyers_with_k=(sum(1 for ms in lists.values() if len(ms) >= k) / n) if n else 0.0,
        buyers_without_matches=sum(1 for ms in lists.values() if not ms),
        mean_matches_per_buyer=(len(scores) / n) if n else 0.0,
        exposure_cap=base.state["exhibitors"].cap,
        exposure=exposure,
        uncapped=uncapped,
        score_histogram=tuple(
            (round(float(edges[i]), 3), round(float(edges[i + 1]), 3), int(hist[i])) for i in range(bins)
        ),
        samples=sample,
    )
