"""Per-pair rules (exclusions and boosts), precomputed per profile so a block of pairs is a few array operations.

Contract: ``PairRules.block(b_idx, e_idx)`` returns the boost (float32) and exclusion (bool) arrays for every
(buyer, exhibitor) pair of the two index arrays. Lookups are kept per profile and updated one profile at a
time (``update``), so refreshing one changed profile never rebuilds them for everyone. Shortlists and blocked
pairs are stored by id and resolved at use, so a shortlisted profile that registers later is picked up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .types import Evidence, Profile

if TYPE_CHECKING:
    from .model import MatchModel


def _key(value: str) -> str:
    return value.strip().casefold()


class PairRules:
    """Lookup arrays for the pair rules of one model (see module docstring)."""

    def __init__(self, model: MatchModel) -> None:
        self.model = model
        rules = model.rules
        bs, es = model.side("buyer"), model.side("exhibitor")
        self._codes: dict[str, dict[str, int]] = {"company": {}, "lang": {}, "country": {}}
        self._boosts = {_key(k): float(v) for k, v in rules.sponsor_boosts.items()}
        self.b_company = np.array([self._code("company", p.company) for p in bs.profiles], dtype=np.int64)
        self.e_company = np.array([self._code("company", p.company) for p in es.profiles], dtype=np.int64)
        self.b_country = np.array([self._code("country", p.country) for p in bs.profiles], dtype=np.int64)
        self.b_langs = [self._langs(p) for p in bs.profiles]
        self.e_langs = [self._langs(p) for p in es.profiles]
        self.e_sponsor = np.array([self._sponsor(p) for p in es.profiles], dtype=np.float32)
        self.targets: dict[int, np.ndarray] = {}  # country code → which exhibitors target it
        for e, p in enumerate(es.profiles):
            self._set_targets(e, p, len(es.profiles))
        self.b_short: list[frozenset[str]] = [frozenset(p.shortlist) for p in bs.profiles]
        self.e_short: list[frozenset[str]] = [frozenset(p.shortlist) for p in es.profiles]
        # Reverse indexes: who shortlisted a given id (by row on the other side).
        self.shortlisted_by_buyers: dict[str, set[int]] = {}
        self.shortlisted_by_exhibitors: dict[str, set[int]] = {}
        for b, ids in enumerate(self.b_short):
            for x in ids:
                self.shortlisted_by_buyers.setdefault(x, set()).add(b)
        for e, ids in enumerate(self.e_short):
            for x in ids:
                self.shortlisted_by_exhibitors.setdefault(x, set()).add(e)
        self.blocked_b: dict[str, set[str]] = {}
        self.blocked_e: dict[str, set[str]] = {}
        for bid, eid in rules.blocked_pairs:
            self.blocked_b.setdefault(bid, set()).add(eid)
            self.blocked_e.setdefault(eid, set()).add(bid)
        self._rebuild_lang_bits()

    # ------------------------------------------------------------------------------------------- building
    def _code(self, table: str, value: str) -> int:
        value = _key(value)
        codes = self._codes[table]
        return codes.setdefault(value, len(codes)) if value else -1

    def _langs(self, p: Profile) -> set[int]:
        return {self._code("lang", x) for x in p.languages} - {-1}

    def _sponsor(self, p: Profile) -> float:
        return self._boosts.get(_key(p.sponsor_tier), 0.0)

    def _set_targets(self, e: int, p: Profile, n: int) -> None:
        for arr in self.targets.values():
            arr[e] = False
        for c in p.target_countries:
            idx = self._code("country", c)
            if idx >= 0:
                self.targets.setdefault(idx, np.zeros(n, dtype=bool))[e] = True

    def _rebuild_lang_bits(self) -> None:
        self.lang_bits_b = _bits(self.b_langs, len(self._codes["lang"]))
        self.lang_bits_e = _bits(self.e_langs, len(self._codes["lang"]))

    def update(self, kind: str, i: int, old: Profile | None, new: Profile) -> None:
        """Profile row ``i`` of side ``kind`` changed from ``old`` (None: appended) to ``new``."""
        n_langs = len(self._codes["lang"])
        if kind == "buyer":
            append = i == len(self.b_company)
            self.b_company = _put(self.b_company, i, self._code("company", new.company))
            self.b_country = _put(self.b_country, i, self._code("country", new.country))
            langs = self._langs(new)
            if append:
                self.b_langs.append(langs)
                self.b_short.append(frozenset())
            else:
                self.b_langs[i] = langs
            self._move_shortlist(self.shortlisted_by_buyers, i, self.b_short[i], frozenset(new.shortlist))
            self.b_short[i] = frozenset(new.shortlist)
        else:
            append = i == len(self.e_company)
            self.e_company = _put(self.e_company, i, self._code("company", new.company))
            self.e_sponsor = _put(self.e_sponsor, i, self._sponsor(new))
            if append:
                self.targets = {c: np.append(arr, False) for c, arr in self.targets.items()}
            self._set_targets(i, new, len(self.e_company))
            langs = self._langs(new)
            if append:
                self.e_langs.append(langs)
                self.e_short.append(frozenset())
            else:
                self.e_langs[i] = langs
            self._move_shortlist(self.shortlisted_by_exhibitors, i, self.e_short[i], frozenset(new.shortlist))
            self.e_short[i] = frozenset(new.shortlist)
        if append or len(self._codes["lang"]) != n_langs:
            self._rebuild_lang_bits()
        else:
            bits = _bits([langs], n_langs)[0]
            (self.lang_bits_b if kind == "buyer" else self.lang_bits_e)[i] = bits

    @staticmethod
    def _move_shortlist(index: dict[str, set[int]], row: int, old: frozenset[str], new: frozenset[str]) -> None:
        for x in old - new:
            index.get(x, set()).discard(row)
        for x in new - old:
            index.setdefault(x, set()).add(row)

    # -------------------------------------------------------------------------------------------- queries
    def block(self, b_idx: np.ndarray, e_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Boost (float32) and exclusion (bool) arrays of shape (len(b_idx), len(e_idx))."""
        m, rules = self.model, self.model.rules
        bs, es = m.side("buyer"), m.side("exhibitor")
        nb, ne = len(b_idx), len(e_idx)
        boost = np.zeros((nb, ne), dtype=np.float32)
        boost += self.e_sponsor[e_idx][None, :]
        excluded = ~bs.active[b_idx][:, None] | ~es.active[e_idx][None, :]
        if rules.exclude_same_company:
            bc = self.b_company[b_idx][:, None]
            excluded |= (bc == self.e_company[e_idx][None, :]) & (bc >= 0)
        if rules.require_shared_language:
            bl, el = self.lang_bits_b[b_idx], self.lang_bits_e[e_idx]
            no_shared = np.ones((nb, ne), dtype=bool)
            for w in range(bl.shape[1]):
                no_shared &= (bl[:, w][:, None] & el[:, w][None, :]) == 0
            excluded |= no_shared & bl.any(axis=1)[:, None] & el.any(axis=1)[None, :]
        if rules.target_country_boost and self.targets:
            uniq, inv = np.unique(self.b_country[b_idx], return_inverse=True)
            table = np.zeros((len(uniq), ne), dtype=bool)
            for u, c in enumerate(uniq):
                t = self.targets.get(int(c))
                if t is not None:
                    table[u] = t[e_idx]
            boost += table[inv.ravel()] * np.float32(rules.target_country_boost)
        interest = np.zeros((nb, ne), dtype=np.int8)  # bit 1: buyer shortlisted, bit 2: exhibitor shortlisted
        # Walk the sparse relations from the smaller side; positions map rows of the other side to columns.
        if nb <= ne:
            col = np.full(len(es.profiles), -1, dtype=np.int64)
            col[e_idx] = np.arange(ne)
            for r, b in enumerate(b_idx.tolist()):
                bid = bs.profiles[b].id
                for eid in self.b_short[b]:
                    e = es.pos.get(eid, -1)
                    if e >= 0 and col[e] >= 0:
                        interest[r, col[e]] |= 1
                for e in self.shortlisted_by_exhibitors.get(bid, ()):
                    if col[e] >= 0:
                        interest[r, col[e]] |= 2
                for eid in self.blocked_b.get(bid, ()):
                    e = es.pos.get(eid, -1)
                    if e >= 0 and col[e] >= 0:
                        excluded[r, col[e]] = True
        else:
            row = np.full(len(bs.profiles), -1, dtype=np.int64)
            row[b_idx] = np.arange(nb)
            for c, e in enumerate(e_idx.tolist()):
                eid = es.profiles[e].id
                for b in self.shortlisted_by_buyers.get(eid, ()):
                    if row[b] >= 0:
                        interest[row[b], c] |= 1
                for bid in self.e_short[e]:
                    b = bs.pos.get(bid, -1)
                    if b >= 0 and row[b] >= 0:
                        interest[row[b], c] |= 2
                for bid in self.blocked_e.get(eid, ()):
                    b = bs.pos.get(bid, -1)
                    if b >= 0 and row[b] >= 0:
                        excluded[row[b], c] = True
        if interest.any():
            boost += np.where(
                interest == 3,
                np.float32(rules.mutual_interest_boost),
                np.where(interest > 0, np.float32(rules.interest_boost), np.float32(0)),
            )
        return boost, excluded

    def exclusion_reasons(self, b: int, e: int) -> list[str]:
        """Why a pair can never be recommended (empty list if it can)."""
        m, rules = self.model, self.model.rules
        bp, ep = m.side("buyer").profiles[b], m.side("exhibitor").profiles[e]
        out = []
        if not m.side("buyer").active[b] or not m.side("exhibitor").active[e]:
            out.append("one of the two profiles has been removed")
        if rules.exclude_same_company and self.b_company[b] >= 0 and self.b_company[b] == self.e_company[e]:
            out.append("same company")
        if ep.id in self.blocked_b.get(bp.id, ()):
            out.append("the organiser blocked this pair")
        if (
            rules.require_shared_language
            and self.b_langs[b]
            and self.e_langs[e]
            and not (self.b_langs[b] & self.e_langs[e])
        ):
            out.append("no language in common, and the event requires one")
        return out

    def rule_evidence(self, b: int, e: int) -> list[Evidence]:
        """The boosts that apply to a pair, as evidence (label = rule name, weight = amount added)."""
        m, rules = self.model, self.model.rules
        bp, ep = m.side("buyer").profiles[b], m.side("exhibitor").profiles[e]
        out: list[Evidence] = []
        if self.e_sponsor[e]:
            out.append(Evidence("rule", "sponsor_tier", "", ep.sponsor_tier, round(float(self.e_sponsor[e]), 4)))
        by_b, by_e = ep.id in self.b_short[b], bp.id in self.e_short[e]
        if by_b and by_e and rules.mutual_interest_boost:
            out.append(Evidence("rule", "mutual_interest", "", "", rules.mutual_interest_boost))
        elif by_b and rules.interest_boost:
            out.append(Evidence("rule", "buyer_interest", "", "", rules.interest_boost))
        elif by_e and rules.interest_boost:
            out.append(Evidence("rule", "exhibitor_interest", "", "", rules.interest_boost))
        c = int(self.b_country[b])
        if rules.target_country_boost and c in self.targets and self.targets[c][e]:
            out.append(Evidence("rule", "target_country", bp.country, "", rules.target_country_boost))
        if rules.require_shared_language:
            shared = sorted({x.casefold() for x in bp.languages} & {x.casefold() for x in ep.languages})
            if shared:
                out.append(Evidence("rule", "shared_language", ", ".join(shared), ", ".join(shared), 0.0))
        return out


def _put(arr: np.ndarray, i: int, value: float) -> np.ndarray:
    """``arr`` with element ``i`` set (appended when ``i == len(arr)``)."""
    if i == len(arr):
        return np.append(arr, np.array([value], dtype=arr.dtype))
    arr[i] = value
    return arr


def _bits(sets: list[set[int]], n: int) -> np.ndarray:
    """Language sets as rows of uint64 bit words (any number of languages)."""
    words = max(1, (n + 63) // 64)
    out = np.zeros((len(sets), words), dtype=np.uint64)
    for r, s in enumerate(sets):
        for x in s:
            out[r, x // 64] |= np.uint64(1) << np.uint64(x % 64)
    return out
