"""Explanations: which shared concepts, words, categories and rules produced a pair's score.

Contract: ``explain_pairs(model, direction, chosen)`` returns one ``Match`` per chosen pair, in order. Because a
pair's relevance is a dot product of two sparse rows, each feature's share of the score is exact: the element-wise
product of the two rows, summed per feature over the field blocks. Reasons cite at most three concepts, three
further words and two categories that each carried at least ``MIN_SHARE`` of the relevance, then every rule that
changed the score or the list. Sentences address the viewer ("you"): the buyer when ranking exhibitors
(direction "exhibitors"), the exhibitor when ranking buyers.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from .analysis import AnalysedProfile
from .normalize import normalize_word
from .taxonomy import label as category_label
from .taxonomy import parent
from .types import Evidence, Match
from .vectors import CATEGORY_CODES

if TYPE_CHECKING:
    from .model import MatchModel
    from .ranking import Chosen

MIN_SHARE = 0.02
MAX_CONCEPTS, MAX_TERMS, MAX_CATEGORIES = 3, 3, 2
PAIR_CHUNK = 20_000  # pairs per element-wise product, to bound memory
TOP_FEATURES = 10  # features per pair looked at (by contribution); more never reach the reasons


def explain_pairs(model: MatchModel, direction: str, chosen: Sequence[Chosen]) -> list[Match]:
    """Matches with reasons for ``chosen`` (buyer row, exhibitor row, score, relevance, capped-substitute)."""
    out: list[Match] = []
    with gc_paused():
        for start in range(0, len(chosen), PAIR_CHUNK):
            out.extend(_explain_chunk(model, direction, chosen[start : start + PAIR_CHUNK]))
    return out


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while creating many small acyclic objects (matches, tokens).

    With a large live heap, generational collections triggered by the allocations rescan it over and over
    (measured: explanations for 83k matches 9.0 s with the collector running, 5.1 s without). The previous
    state is restored, so callers that disabled it themselves are unaffected.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _explain_chunk(model: MatchModel, direction: str, chosen: Sequence[Chosen]) -> list[Match]:
    if not chosen:
        return []
    bs, es = model.side("buyer"), model.side("exhibitor")
    info = model.feature_info
    b_arr = np.fromiter((c[0] for c in chosen), dtype=np.int64, count=len(chosen))
    e_arr = np.fromiter((c[1] for c in chosen), dtype=np.int64, count=len(chosen))
    rel = np.fromiter((c[3] for c in chosen), dtype=np.float64, count=len(chosen))
    # Element-wise product = each feature's contribution per block; the fold matrix sums a word's blocks.
    contrib = sp.csr_matrix(bs.matrix[b_arr].multiply(es.matrix[e_arr])) @ model.fold_matrix
    contrib = sp.coo_matrix(contrib)
    rows, feats, sums = contrib.row, contrib.col, contrib.data
    keep = sums >= MIN_SHARE * rel[rows]
    rows, feats, sums = rows[keep], feats[keep], sums[keep]
    order = np.lexsort((-sums, rows))
    rows, feats, sums = rows[order], feats[order], sums[order]
    starts = np.searchsorted(rows, np.arange(len(chosen) + 1))
    rank = np.arange(len(rows)) - starts[rows]
    keep = rank < TOP_FEATURES
    # Shares of the relevance, rounded here in one vectorised step rather than per item in Python.
    shares = np.round(sums[keep] / np.maximum(rel[rows[keep]], 1e-12), 4)
    feats_l, shares_l = feats[keep].tolist(), shares.tolist()
    bounds = np.searchsorted(rows[keep], np.arange(len(chosen) + 1)).tolist()
    viewer = "buyer" if direction == "exhibitors" else "exhibitor"
    # Only pairs touched by a boost need the (slower) per-pair rule lookup.
    may_have_rules = _rule_candidates(model, b_arr, e_arr).tolist()
    scores = np.round(np.fromiter((c[2] for c in chosen), dtype=np.float64, count=len(chosen)), 4).tolist()
    rels = np.round(rel, 4).tolist()
    b_ids = [p.id for p in bs.profiles]
    e_ids = [p.id for p in es.profiles]
    matches = []
    for i, (b, e, _, _, substitute) in enumerate(chosen):
        lo, hi = bounds[i], bounds[i + 1]
        ba, ea = bs.analysed[b], es.analysed[e]
        evidence = _feature_evidence(ba, ea, info, feats_l[lo:hi], shares_l[lo:hi])
        reasons = [_sentence(ev, viewer, ba, ea) for ev in evidence]
        rule_ev = model.pairs.rule_evidence(b, e) if may_have_rules[i] else []
        if substitute:
            rule_ev.append(Evidence("rule", "exposure_cap"))
        for ev in rule_ev:
            reasons.append(_rule_sentence(ev, viewer, model, b))
        matches.append(Match(b_ids[b], e_ids[e], scores[i], rels[i], tuple(reasons), tuple(evidence + rule_ev)))
    return matches


def _rule_candidates(model: MatchModel, b_arr: np.ndarray, e_arr: np.ndarray) -> np.ndarray:
    """Pairs for which a rule may add evidence (a superset; ``rule_evidence`` decides)."""
    pairs, rules = model.pairs, model.rules
    if rules.require_shared_language:
        return np.ones(len(b_arr), dtype=bool)
    out = pairs.e_sponsor[e_arr] > 0
    out |= np.fromiter((len(pairs.b_short[b]) > 0 for b in b_arr.tolist()), dtype=bool, count=len(b_arr))
    out |= np.fromiter((len(pairs.e_short[e]) > 0 for e in e_arr.tolist()), dtype=bool, count=len(e_arr))
    if rules.target_country_boost and pairs.targets:
        countries = pairs.b_country[b_arr]
        for c, targeted in pairs.targets.items():
            sel = countries == c
            out[sel] |= targeted[e_arr[sel]]
    return out


_PARENT_INDEX = [CATEGORY_CODES.index(parent(c)) for c in CATEGORY_CODES]


def _feature_evidence(
    ba: AnalysedProfile,
    ea: AnalysedProfile,
    info: list[tuple[str, str | None]],
    feats: list[int],
    shares: list[float],
) -> list[Evidence]:
    """Evidence from one pair's strongest features (``feats`` with their ``shares`` of the relevance, sorted
    by share descending, already filtered by ``MIN_SHARE``)."""
    v = len(info)
    concepts: list[Evidence] = []
    terms: list[Evidence] = []
    cats: list[tuple[int, float]] = []
    words: list[tuple[str, str, float]] = []
    for f, s in zip(feats, shares, strict=True):
        if f >= v:
            cats.append((f - v, s))
            continue
        feature, label = info[f]
        bt, et = ba.surfaces.get(feature, feature), ea.surfaces.get(feature, feature)
        if label is None:
            words.append((bt, et, s))
        elif len(concepts) < MAX_CONCEPTS:
            concepts.append(Evidence("concept", label, bt, et, s))
    # A word already quoted inside a concept ("лиц" in "распознавание лиц") is not repeated as a term.
    covered = " ".join(normalize_word(e.buyer_text) + " " + normalize_word(e.exhibitor_text) for e in concepts)
    for bt, et, s in words:
        if len(terms) >= MAX_TERMS:
            break
        if normalize_word(bt) not in covered:
            terms.append(Evidence("term", bt, bt, et, s))
    if not cats:
        return concepts + terms
    # Report the most specific shared codes: a category's share goes to its shared subcategory, if any.
    by_code: dict[int, float] = dict(cats)
    for ci, _ in cats:
        p = _PARENT_INDEX[ci]
        if p != ci and p in by_code:
            by_code[ci] += by_code.pop(p)
    best = sorted(by_code.items(), key=lambda t: -t[1])[:MAX_CATEGORIES]
    return concepts + terms + [Evidence("category", CATEGORY_CODES[ci], "", "", round(s, 4)) for ci, s in best]


_LABELS = {c: category_label(c) for c in CATEGORY_CODES}


def _sentence(ev: Evidence, viewer: str, ba: AnalysedProfile, ea: AnalysedProfile) -> str:
    mine, theirs = (ev.buyer_text, ev.exhibitor_text) if viewer == "buyer" else (ev.exhibitor_text, ev.buyer_text)
    if ev.kind == "concept":
        if normalize_word(mine) == normalize_word(theirs):
            return f'Both mention {ev.label}: "{mine}"'
        return f'Both about {ev.label}: you wrote "{mine}", they wrote "{theirs}"'
    if ev.kind == "term":
        return f'Both use the word "{mine}"'
    both = ev.label in ba.declared_categories and ev.label in ea.declared_categories
    suffix = "" if both else " (recognised from the profile texts)"
    return f"Same product category: {_LABELS[ev.label]}{suffix}"


def _rule_sentence(ev: Evidence, viewer: str, model: MatchModel, b: int) -> str:
    amount = f" (+{ev.weight:.2f})"
    if ev.label == "sponsor_tier":
        if viewer == "buyer":
            return f"Featured: {ev.exhibitor_text} sponsor of the show{amount}"
        return f"Your {ev.exhibitor_text} sponsorship raises your visibility{amount}"
    if ev.label == "mutual_interest":
        return f"You have both shortlisted each other{amount}"
    if ev.label == "buyer_interest":
        return ("You shortlisted this exhibitor" if viewer == "buyer" else "This buyer shortlisted you") + amount
    if ev.label == "exhibitor_interest":
        return ("This exhibitor shortlisted you" if viewer == "buyer" else "You shortlisted this buyer") + amount
    if ev.label == "target_country":
        country = ev.buyer_text or model.side("buyer").profiles[b].country
        if viewer == "buyer":
            return f"This exhibitor is looking for buyers in {country}{amount}"
        return f"This buyer is in {country}, one of your target markets{amount}"
    if ev.label == "shared_language":
        return f"You share a language: {ev.buyer_text}"
    if ev.label == "exposure_cap":
        return "Shown in place of a closer match that has reached its recommendation limit"
    return ev.label
