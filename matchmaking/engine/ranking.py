"""Top-k selection with rules: exclusions, boosts, minimum score and the exposure cap.

Scores are computed in row chunks (``CHUNK_CELLS`` cells at a time), so memory stays bounded whatever the number
of buyers and exhibitors: the full buyers × exhibitors matrix is never materialised.

Exposure cap (the rule we chose)
--------------------------------
With ``rules.exposure_cap = f``, no candidate may appear in more than ``cap = ceil(f × Q × k / C)`` lists, where
Q and C are the active people on the query and candidate side and ``k`` the list length: at most ``f`` times the
average exposure. Lists are filled greedily in rounds: round r offers every query its r-th best candidate;
where more queries want a candidate than it has places left, those with fewer recommendations so far win, then
those with the stronger score; a query turned away moves on to its next candidate in the next round. So each
person keeps as much of their own ranking as the cap allows, the strongest pairs win contested places in the
first round, nobody is turned away twice while others are served twice, and the places freed go to less exposed
exhibitors that still pass the minimum score.
Candidates that entered a list only because a better one was capped are flagged so the explanation can say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .model import MatchModel

CHUNK_CELLS = 4_000_000  # float32 cells per chunk: ~16 MB per score array
CANDIDATE_FACTOR = 5  # candidates kept per query when the cap may push some out (5: fewest passes, measured)
MAX_PASSES = 3  # greedy passes with fresh candidates for queries the cap left short

# (buyer row, exhibitor row, score, relevance, entered because a better candidate was capped)
Chosen = tuple[int, int, float, float, bool]


@dataclass
class DirectionState:
    """Lists and exposure counts of the last full ranking in one direction (indices, not ids)."""

    lists: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    counts: np.ndarray | None = None
    cap: int | None = None
    k: int = 0
    candidate_kind: str = ""

    def grow(self, kind: str, i: int) -> None:
        if self.counts is not None and kind == self.candidate_kind and i >= len(self.counts):
            self.counts = np.append(self.counts, 0)

    def forget_query(self, q: int) -> None:
        for c, _ in self.lists.pop(q, []):
            if self.counts is not None:
                self.counts[c] -= 1

    def forget_candidate(self, c: int) -> None:
        for q, entries in self.lists.items():
            self.lists[q] = [(x, s) for x, s in entries if x != c]
        if self.counts is not None:
            self.counts[c] = 0


def _scores(model: MatchModel, direction: str, q_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(final, relevance) for queries ``q_idx`` against all candidates, query-major; excluded → -inf."""
    bs, es = model.side("buyer"), model.side("exhibitor")
    if direction == "exhibitors":
        b_idx, e_idx = q_idx, np.arange(len(es.profiles))
        rel = (bs.matrix[b_idx] @ es.matrix.T).toarray()
    else:
        b_idx, e_idx = np.arange(len(bs.profiles)), q_idx
        rel = (bs.matrix @ es.matrix[e_idx].T).toarray()
    boost, excluded = model.pairs.block(b_idx, e_idx)
    final = np.minimum(rel + boost, np.float32(1.0))
    final[excluded | (rel < model.rules.min_score) | (rel <= 0)] = -np.inf
    if direction == "buyers":
        return final.T, rel.T
    return final, rel


def _top(final: np.ndarray, rel: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row, the ``m`` best candidates sorted by score desc then index asc: (index, final, relevance)."""
    m = min(m, final.shape[1])
    if m == 0:
        empty = np.zeros((final.shape[0], 0))
        return empty.astype(np.int64), empty, empty
    part = (
        np.argpartition(-final, m - 1, axis=1)[:, :m]
        if m < final.shape[1]
        else np.tile(np.arange(final.shape[1]), (final.shape[0], 1))
    )
    part = np.sort(part, axis=1)
    vals = np.take_along_axis(final, part, axis=1)
    order = np.argsort(-vals, axis=1, kind="stable")
    idx = np.take_along_axis(part, order, axis=1)
    return idx, np.take_along_axis(final, idx, axis=1), np.take_along_axis(rel, idx, axis=1)


def _pair(direction: str, q: int, c: int) -> tuple[int, int]:
    return (q, c) if direction == "exhibitors" else (c, q)


def _cap(model: MatchModel, direction: str, k: int) -> int | None:
    if model.rules.exposure_cap is None:
        return None
    q_side, c_side = ("buyer", "exhibitor") if direction == "exhibitors" else ("exhibitor", "buyer")
    nq = int(model.side(q_side).active.sum())
    nc = max(1, int(model.side(c_side).active.sum()))
    return max(1, math.ceil(model.rules.exposure_cap * nq * k / nc))


def rank_all(model: MatchModel, direction: str, k: int) -> list[Chosen]:
    """Every active query's list (see module docstring); records the lists and counts in ``model.state``.

    With a cap, queries that were turned away and are still short of ``k`` get further passes (at most
    ``MAX_PASSES``) over fresh candidates, full candidates and those already taken masked out, so a cap does not
    leave lists half empty merely because the first ``CANDIDATE_FACTOR × k`` candidates were popular."""
    q_kind, c_kind = ("buyer", "exhibitor") if direction == "exhibitors" else ("exhibitor", "buyer")
    nq, nc = len(model.side(q_kind).profiles), len(model.side(c_kind).profiles)
    cap = _cap(model, direction, k)
    m = k * CANDIDATE_FACTOR if cap is not None else k
    limit = cap if cap is not None else nq * k + 1
    counts = np.zeros(nc, dtype=np.int64)
    filled = np.zeros(nq, dtype=np.int64)
    capped = np.zeros(nq, dtype=bool)
    taken: list[tuple[np.ndarray, ...]] = []  # (query, candidate, score, relevance, substitute) arrays
    queries = np.arange(nq)
    for _ in range(MAX_PASSES if cap is not None else 1):
        if len(queries) == 0:
            break
        idx, fin, rel = _candidates(model, direction, queries, m, counts >= limit, taken)
        lost = np.zeros(nq, dtype=bool)
        # Rounds are independent per query (a query offers one candidate per round), so each round is a
        # vectorised "first come, first served" within every candidate's remaining capacity.
        for r in range(idx.shape[1]):
            s = fin[:, r]
            rows = np.flatnonzero((filled[queries] < k) & np.isfinite(s))
            if len(rows) == 0:
                continue
            q, c = queries[rows], idx[rows, r]
            # By candidate; then people with fewer recommendations so far (someone already pushed out of a
            # full candidate goes first at the next one); then score desc; then query index.
            order = np.lexsort((q, -s[rows], filled[q], c))
            rows, q, c = rows[order], q[order], c[order]
            start = np.r_[0, np.flatnonzero(np.diff(c)) + 1]
            rank_in_group = np.arange(len(c)) - np.repeat(start, np.diff(np.r_[start, len(c)]))
            ok = rank_in_group < (limit - counts[c])
            np.add.at(counts, c[ok], 1)
            filled[q[ok]] += 1
            taken.append((q[ok], c[ok], fin[rows[ok], r], rel[rows[ok], r], capped[q[ok]].copy()))
            capped[q[~ok]] = True
            lost[q[~ok]] = True
        queries = np.flatnonzero(lost & (filled < k))
    if taken:
        aq, ac, afin, arel, asub = (np.concatenate(parts) for parts in zip(*taken, strict=True))
    else:
        aq = ac = np.zeros(0, dtype=np.int64)
        afin = arel = np.zeros(0, dtype=np.float32)
        asub = np.zeros(0, dtype=bool)
    order = np.lexsort((ac, -afin, aq))
    aq, ac, afin, arel, asub = aq[order], ac[order], afin[order], arel[order], asub[order]
    state = model.state[direction]
    state.lists = {}
    for q_, c_, f_ in zip(aq.tolist(), ac.tolist(), afin.tolist(), strict=True):
        state.lists.setdefault(q_, []).append((c_, f_))
    state.counts, state.cap, state.k, state.candidate_kind = counts, cap, k, c_kind
    if direction == "exhibitors":
        pairs = zip(aq.tolist(), ac.tolist(), afin.tolist(), arel.tolist(), asub.tolist(), strict=True)
    else:
        pairs = zip(ac.tolist(), aq.tolist(), afin.tolist(), arel.tolist(), asub.tolist(), strict=True)
    return list(pairs)


def _candidates(
    model: MatchModel,
    direction: str,
    queries: np.ndarray,
    m: int,
    full: np.ndarray,
    taken: list[tuple[np.ndarray, ...]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top-``m`` (index, score, relevance) for ``queries``, chunk by chunk, leaving out full candidates and pairs
    already taken."""
    nc = len(full)
    chunk = max(1, CHUNK_CELLS // max(1, nc))
    aq = np.concatenate([t[0] for t in taken]) if taken else np.zeros(0, dtype=np.int64)
    ac = np.concatenate([t[1] for t in taken]) if taken else np.zeros(0, dtype=np.int64)
    row_of = np.full(int(queries.max()) + 1 if len(queries) else 0, -1, dtype=np.int64)
    parts = []
    for start in range(0, len(queries), chunk):
        q_chunk = queries[start : start + chunk]
        fin, rel = _scores(model, direction, q_chunk)
        if full.any():
            fin[:, full] = -np.inf
        if len(aq):
            row_of[q_chunk] = np.arange(len(q_chunk))
            inside = aq < len(row_of)
            rows = np.full(len(aq), -1, dtype=np.int64)
            rows[inside] = row_of[aq[inside]]
            hit = rows >= 0
            fin[rows[hit], ac[hit]] = -np.inf
            row_of[q_chunk] = -1
        parts.append(_top(fin, rel, m))
    if not parts:
        empty = np.zeros((0, 0))
        return empty.astype(np.int64), empty, empty
    return tuple(np.vstack([p[i] for p in parts]) for i in range(3))  # type: ignore[return-value]


def rank_some(model: MatchModel, direction: str, queries: list[int], k: int) -> list[Chosen]:
    """The lists of ``queries`` against all candidates, respecting the exposure counts of the last full ranking
    (taken in the order given). One chunked sparse product for all of them, so refreshing the few hundred
    buyers an exhibitor change affects costs about as much as ranking one."""
    state = model.state[direction]
    for q in queries:
        state.forget_query(q)
    cap = _cap(model, direction, k) if state.counts is not None else None
    nc = len(model.side("exhibitor" if direction == "exhibitors" else "buyer").profiles)
    chunk = max(1, CHUNK_CELLS // max(1, nc))
    out: list[Chosen] = []
    for start in range(0, len(queries), chunk):
        q_chunk = np.array(queries[start : start + chunk], dtype=np.int64)
        fin, rel = _scores(model, direction, q_chunk)
        idx, f, rv = _top(fin, rel, fin.shape[1])
        for row, q in enumerate(q_chunk.tolist()):
            mine: list[Chosen] = []
            capped = False
            for c, s, r in zip(idx[row].tolist(), f[row].tolist(), rv[row].tolist(), strict=True):
                if len(mine) >= k or not np.isfinite(s):
                    break
                if cap is not None and state.counts is not None and state.counts[c] >= cap:
                    capped = True
                    continue
                b, e = _pair(direction, q, c)
                mine.append((b, e, s, r, capped))
            if state.counts is not None:
                state.lists[q] = [(e if direction == "exhibitors" else b, s) for b, e, s, _, _ in mine]
                for c, _ in state.lists[q]:
                    state.counts[c] += 1
            out.extend(mine)
    return out


def buyers_affected_by(model: MatchModel, e: int) -> list[str]:
    """Buyers whose last list holds exhibitor ``e`` or whose last entry ``e`` now beats (see upsert_exhibitor)."""
    state = model.state["exhibitors"]
    if state.counts is None:
        return []
    fin, _ = _scores(model, "buyers", np.array([e]))
    col = fin[0]
    bs = model.side("buyer")
    floor = np.full(len(bs.profiles), -np.inf)
    holders = []
    for b, lst in state.lists.items():
        if len(lst) >= state.k:
            floor[b] = lst[-1][1]
        if any(c == e for c, _ in lst):
            holders.append(b)
    affected = np.isfinite(col) & (col > floor)
    affected[holders] = True
    affected &= bs.active
    return [bs.profiles[b].id for b in np.flatnonzero(affected)]
