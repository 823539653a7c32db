"""The fitted match model: profiles in, ranked and explained matches out, in both directions.

Typical use by an adapter::

    model = MatchModel.fit(buyers, exhibitors, rules)
    lists = model.exhibitors_for_all_buyers()        # {buyer_id: [Match, ...]}, exposure cap applied
    model.upsert_buyer(changed_profile)               # one profile changed: re-vectorise it alone
    matches = model.exhibitors_for_buyer(changed_profile.id)   # its refreshed list (milliseconds)

Contracts
---------
- Ids are unique per side; ``fit`` raises ``ValueError`` on duplicates.
- A pair's relevance is the same number in both directions (see ``vectors``); boosts add to it, exclusions remove
  the pair; a pair needs ``relevance ≥ rules.min_score`` to be recommended.
- Lists are sorted by score, descending; ties broken by counterpart position (input order), so results are
  deterministic.
- The vocabulary and IDF weights are those of the last ``fit``: a changed profile is vectorised with them, so a
  word or thesaurus concept that no profile used at the last fit is ignored until the next full fit.
- The exposure cap of a single-profile refresh uses the exposure counts of the last full ranking in that
  direction (or none, if there was none), so refreshing one profile never pushes anyone over the cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from . import ranking
from .analysis import CONCEPT_PREFIX, AnalysedProfile, analyse_profile
from .explain import explain_pairs, gc_paused
from .pairs import PairRules
from .rules import BUYER_FIELDS, EXHIBITOR_FIELDS, Rules
from .thesaurus import Thesaurus
from .types import Match, Profile
from .vectors import (
    NC,
    FieldVectorizer,
    buyer_blocks,
    category_matrix,
    exhibitor_blocks,
    field_matrices,
    replace_row,
    vectorise_fields,
)


@dataclass
class _Side:
    """Per-side state. Row ``i`` of ``matrix`` belongs to ``profiles[i]``."""

    profiles: list[Profile]
    pos: dict[str, int]
    analysed: list[AnalysedProfile]
    fields: dict[str, sp.csr_matrix]
    cats: sp.csr_matrix
    matrix: sp.csr_matrix
    active: np.ndarray


class MatchModel:
    """A fitted model over one event's buyers and exhibitors. Not thread-safe; one instance per worker."""

    def __init__(
        self, rules: Rules, thesaurus: Thesaurus, vectorizer: FieldVectorizer, buyers: _Side, exhibitors: _Side
    ):
        self.rules = rules
        self.thesaurus = thesaurus
        self._vec = vectorizer
        self._vocabulary: np.ndarray | None = None
        self._feature_info: list[tuple[str, str | None]] | None = None
        self._fold: sp.csr_matrix | None = None
        self._b = buyers
        self._e = exhibitors
        self.pairs = PairRules(self)
        self.state = {"exhibitors": ranking.DirectionState(), "buyers": ranking.DirectionState()}

    # ----------------------------------------------------------------------------------------------- building
    @classmethod
    def fit(
        cls,
        buyers: Sequence[Profile],
        exhibitors: Sequence[Profile],
        rules: Rules | None = None,
        thesaurus: Thesaurus | None = None,
    ) -> MatchModel:
        """Analyse and vectorise all profiles. ``rules`` defaults to ``Rules()``, ``thesaurus`` to the shipped one."""
        rules = (rules or Rules()).validate()
        thesaurus = thesaurus or Thesaurus.load()
        for side, profiles in (("buyer", buyers), ("exhibitor", exhibitors)):
            seen: set[str] = set()
            for p in profiles:
                if p.id in seen:
                    raise ValueError(f"duplicate {side} id {p.id!r}")
                seen.add(p.id)
        with gc_paused():
            b_an = [analyse_profile(p, thesaurus, "buyer") for p in buyers]
            e_an = [analyse_profile(p, thesaurus, "exhibitor") for p in exhibitors]
        vec = FieldVectorizer()
        b_fields, e_fields = vectorise_fields(vec, [(b_an, BUYER_FIELDS), (e_an, EXHIBITOR_FIELDS)])
        for a in b_an + e_an:
            a.fields = {}  # vectorised now; keeping the feature lists would only weigh on memory and GC
        b_side = cls._side(list(buyers), b_an, b_fields)
        e_side = cls._side(list(exhibitors), e_an, e_fields)
        b_side.matrix = buyer_blocks(b_side.fields, b_side.cats, rules)
        e_side.matrix = exhibitor_blocks(e_side.fields, e_side.cats, rules)
        return cls(rules, thesaurus, vec, b_side, e_side)

    @staticmethod
    def _side(profiles: list[Profile], analysed: list[AnalysedProfile], fields: dict[str, sp.csr_matrix]) -> _Side:
        cats = category_matrix([p.categories for p in profiles], [a.inferred_categories for a in analysed])
        return _Side(
            profiles=profiles,
            pos={p.id: i for i, p in enumerate(profiles)},
            analysed=analysed,
            fields=fields,
            cats=cats,
            matrix=sp.csr_matrix((len(profiles), 0), dtype=np.float32),
            active=np.ones(len(profiles), dtype=bool),
        )

    def with_rules(self, rules: Rules) -> MatchModel:
        """A model with other rules over the same analysed profiles (no re-analysis, no re-fit): cheap enough
        for an organiser's live rules preview. Ranking state is not carried over."""
        rules = rules.validate()
        b, e = self._b, self._e
        # Copies of the containers, so that upserting into one model never changes the other.
        nb = _Side(
            list(b.profiles),
            dict(b.pos),
            list(b.analysed),
            dict(b.fields),
            b.cats,
            buyer_blocks(b.fields, b.cats, rules),
            b.active.copy(),
        )
        ne = _Side(
            list(e.profiles),
            dict(e.pos),
            list(e.analysed),
            dict(e.fields),
            e.cats,
            exhibitor_blocks(e.fields, e.cats, rules),
            e.active.copy(),
        )
        return MatchModel(rules, self.thesaurus, self._vec, nb, ne)

    # ------------------------------------------------------------------------------------------------ access
    @property
    def buyers(self) -> list[Profile]:
        return self._b.profiles

    @property
    def exhibitors(self) -> list[Profile]:
        return self._e.profiles

    def side(self, kind: str) -> _Side:
        """Internal: "buyer" or "exhibitor" side state (used by ranking and explanations)."""
        return self._b if kind == "buyer" else self._e

    @property
    def vocabulary(self) -> np.ndarray:
        """Feature names by column of one text block (stems and "@concept" features)."""
        if self._vocabulary is None:
            self._vocabulary = self._vec.feature_names()
        return self._vocabulary

    @property
    def feature_info(self) -> list[tuple[str, str | None]]:
        """Per vocabulary column: (feature, concept label, or None for a plain word stem). Cached."""
        if self._feature_info is None:
            info: list[tuple[str, str | None]] = []
            for feature in self.vocabulary.tolist():
                label = None
                if feature.startswith(CONCEPT_PREFIX):
                    cid = feature[len(CONCEPT_PREFIX) :]
                    concept = self.thesaurus.concepts.get(cid)
                    label = concept.label if concept else cid
                info.append((feature, label))
            self._feature_info = info
        return self._feature_info

    @property
    def fold_matrix(self) -> sp.csr_matrix:
        """(features × (V + NC)) 0/1 matrix summing a word's columns over the text blocks (for explanations)."""
        if self._fold is None:
            v = len(self.feature_info)
            n_text = len(BUYER_FIELDS) * v
            cols = np.arange(n_text + NC)
            keys = np.where(cols < n_text, cols % v, v + (cols - n_text))
            self._fold = sp.csr_matrix((np.ones(len(cols), dtype=np.float32), (cols, keys)), shape=(len(cols), v + NC))
        return self._fold

    # -------------------------------------------------------------------------------------------- rankings
    def exhibitors_for_all_buyers(self, top_k: int | None = None) -> dict[str, list[Match]]:
        """Top exhibitors for every active buyer, exposure cap applied across all buyers."""
        return self._rank_all("exhibitors", top_k)

    def buyers_for_all_exhibitors(self, top_k: int | None = None) -> dict[str, list[Match]]:
        """Top buyers for every active exhibitor, exposure cap applied across all exhibitors."""
        return self._rank_all("buyers", top_k)

    def exhibitors_for_buyer(self, buyer_id: str, top_k: int | None = None) -> list[Match]:
        """Refresh one buyer's list against all exhibitors (uses and updates the exposure counts)."""
        return self.exhibitors_for_buyers([buyer_id], top_k)[buyer_id]

    def exhibitors_for_buyers(self, buyer_ids: Sequence[str], top_k: int | None = None) -> dict[str, list[Match]]:
        """Refresh several buyers' lists in one batch (e.g. the ids ``upsert_exhibitor`` returned)."""
        return self._rank_some("exhibitors", [self._b.pos[i] for i in buyer_ids], top_k)

    def buyers_for_exhibitor(self, exhibitor_id: str, top_k: int | None = None) -> list[Match]:
        """Refresh one exhibitor's list against all buyers (uses and updates the exposure counts)."""
        return self.buyers_for_exhibitors([exhibitor_id], top_k)[exhibitor_id]

    def buyers_for_exhibitors(self, exhibitor_ids: Sequence[str], top_k: int | None = None) -> dict[str, list[Match]]:
        """Refresh several exhibitors' lists in one batch."""
        return self._rank_some("buyers", [self._e.pos[i] for i in exhibitor_ids], top_k)

    def explain_pair(self, buyer_id: str, exhibitor_id: str) -> tuple[Match, list[str]]:
        """Score any pair, recommended or not, from the buyer's point of view. Returns the match (score 0 when
        excluded) and the exclusion reasons (empty when the pair may be recommended)."""
        b, e = self._b.pos[buyer_id], self._e.pos[exhibitor_id]
        rel = float((self._b.matrix[b] @ self._e.matrix[e].T).toarray()[0, 0])
        boost, excluded = self.pairs.block(np.array([b]), np.array([e]))
        blocked = self.pairs.exclusion_reasons(b, e)
        if rel < self.rules.min_score:
            blocked.append(f"relevance {rel:.3f} is below the minimum score {self.rules.min_score:.3f}")
        score = 0.0 if excluded[0, 0] else min(1.0, rel + float(boost[0, 0]))
        match = explain_pairs(self, "exhibitors", [(b, e, score, rel, False)])[0]
        return match, blocked

    def _rank_all(self, direction: str, top_k: int | None) -> dict[str, list[Match]]:
        k = top_k or self.rules.top_k
        chosen = ranking.rank_all(self, direction, k)
        matches = explain_pairs(self, direction, chosen)
        query = self._b if direction == "exhibitors" else self._e
        out: dict[str, list[Match]] = {p.id: [] for p, a in zip(query.profiles, query.active, strict=True) if a}
        for m in matches:
            out[m.buyer if direction == "exhibitors" else m.exhibitor].append(m)
        return out

    def _rank_some(self, direction: str, rows: list[int], top_k: int | None) -> dict[str, list[Match]]:
        k = top_k or self.rules.top_k
        rows = list(dict.fromkeys(rows))  # a profile named twice is refreshed once
        query = self._b if direction == "exhibitors" else self._e
        out: dict[str, list[Match]] = {query.profiles[r].id: [] for r in rows}
        for m in explain_pairs(self, direction, ranking.rank_some(self, direction, rows, k)):
            out[m.buyer if direction == "exhibitors" else m.exhibitor].append(m)
        return out

    # ------------------------------------------------------------------------------------------------ updates
    def upsert_buyer(self, profile: Profile) -> None:
        """Add or replace one buyer; O(size of the buyer matrix) for the row swap, no re-fit."""
        self._upsert(self._b, profile, "buyer")

    def upsert_exhibitor(self, profile: Profile) -> list[str]:
        """Add or replace one exhibitor. Returns the ids of buyers whose current list (from the last full
        ranking) may change because of it: those who had it listed, and those for whom it now beats their last
        entry. The adapter refreshes them with ``exhibitors_for_buyers`` (one batch)."""
        self._upsert(self._e, profile, "exhibitor")
        return ranking.buyers_affected_by(self, self._e.pos[profile.id])

    def remove_buyer(self, buyer_id: str) -> None:
        """Deactivate a buyer: never recommended, no list of its own. Rows stay until the next ``fit``."""
        self._deactivate(self._b, buyer_id, "exhibitors", "buyers")

    def remove_exhibitor(self, exhibitor_id: str) -> None:
        """Deactivate an exhibitor (see ``remove_buyer``)."""
        self._deactivate(self._e, exhibitor_id, "buyers", "exhibitors")

    def _deactivate(self, side: _Side, pid: str, own_direction: str, other_direction: str) -> None:
        i = side.pos[pid]
        side.active[i] = False
        self.state[own_direction].forget_query(i)
        self.state[other_direction].forget_candidate(i)

    def _upsert(self, side: _Side, profile: Profile, kind: str) -> None:
        analysed = analyse_profile(profile, self.thesaurus, kind)  # type: ignore[arg-type]
        names = BUYER_FIELDS if kind == "buyer" else EXHIBITOR_FIELDS
        fields = field_matrices(self._vec, [analysed], names)
        cats = category_matrix([profile.categories], [analysed.inferred_categories])
        build = buyer_blocks if kind == "buyer" else exhibitor_blocks
        row = build(fields, cats, self.rules)
        i = side.pos.get(profile.id, len(side.profiles))
        old = side.profiles[i] if i < len(side.profiles) else None
        if i == len(side.profiles):
            side.profiles.append(profile)
            side.analysed.append(analysed)
            side.pos[profile.id] = i
            side.active = np.append(side.active, True)
            for d in self.state.values():
                d.grow(kind, i)
        else:
            side.profiles[i] = profile
            side.analysed[i] = analysed
            side.active[i] = True
        for name in names:
            side.fields[name] = replace_row(side.fields[name], i, fields[name])
        side.cats = replace_row(side.cats, i, cats)
        side.matrix = replace_row(side.matrix, i, row)
        self.pairs.update(kind, i, old, profile)
