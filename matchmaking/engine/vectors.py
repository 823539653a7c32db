"""Sparse feature matrices: TF-IDF per text field, taxonomy vectors, and the weighted block layout.

Layout contract: a buyer row of ``Q`` and an exhibitor row of ``E`` have ``len(BUYER_FIELDS) * V + NC`` columns
(V = vocabulary size, NC = number of taxonomy codes). Block ``i`` of ``Q`` holds the buyer's L2-normalised TF-IDF
vector of buyer field ``i``; block ``i`` of ``E`` holds ``(1 - category_weight) × Σ_f w(i, f) × tfidf(f)`` over the
exhibitor fields ``f`` (weights normalised to sum 1). The last NC columns hold the L2-normalised category vector,
scaled by ``sqrt(category_weight)`` on both sides. So ``Q[b] · E[e]`` is exactly

    (1 - cw) × Σ_(i,f) w(i,f) × cos(buyer_field_i, exhibitor_field_f)  +  cw × cos(categories_b, categories_e)

in [0, 1], and a single sparse product gives every pair's relevance. Buyer rows are divided by the share of the
weight their non-empty fields can reach, so a buyer who left the description empty is not penalised for it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .analysis import CONCEPT_PREFIX, AnalysedProfile
from .rules import BUYER_FIELDS, EXHIBITOR_FIELDS, Rules
from .taxonomy import CATEGORY_NAMES, is_valid_code, parent

CATEGORY_CODES: tuple[str, ...] = tuple(CATEGORY_NAMES)
CATEGORY_INDEX: dict[str, int] = {c: i for i, c in enumerate(CATEGORY_CODES)}
NC = len(CATEGORY_CODES)
# Categories only inferred from text count less than those the registrant ticked.
INFERRED_CATEGORY_WEIGHT = 0.5


def _identity(doc: list[str]) -> list[str]:
    return doc


# Plain words found in more than this share of all field texts are dropped (concepts never are): they carry
# little information and make the sparse products nearly dense. Below MIN_DOCS_FOR_PRUNING field texts the
# share means nothing (in a 3-profile test every shared word is "common"), so nothing is pruned.
MAX_DF_SHARE = 0.5
MIN_DOCS_FOR_PRUNING = 200


class FieldVectorizer:
    """scikit-learn TF-IDF over pre-analysed documents (lists of features), plus the pruning above.

    Sublinear TF stops one word repeated ten times from dominating. Rows come out L2-normalised.
    """

    def __init__(self) -> None:
        self.tfidf = TfidfVectorizer(analyzer=_identity, lowercase=False, sublinear_tf=True, dtype=np.float32)
        self.keep: np.ndarray | None = None  # float32 0/1 per column; None = keep all

    def fit_transform(self, docs: list[list[str]]) -> sp.csr_matrix:
        if not docs:
            docs = [["\x00empty"]]  # no text at all: an empty vocabulary would make scikit-learn raise
        x = self.tfidf.fit_transform(docs).tocsr()
        if len(docs) >= MIN_DOCS_FOR_PRUNING:
            df = np.bincount(x.indices, minlength=x.shape[1])
            names = self.tfidf.get_feature_names_out()
            is_concept = np.char.startswith(names.astype(str), CONCEPT_PREFIX)
            prune = (df > MAX_DF_SHARE * len(docs)) & ~is_concept
            if prune.any():
                self.keep = (~prune).astype(np.float32)
                x = self._prune(x)
        return x

    def transform(self, docs: list[list[str]]) -> sp.csr_matrix:
        x = self.tfidf.transform(docs).tocsr()
        return self._prune(x) if self.keep is not None else x

    def feature_names(self) -> np.ndarray:
        return self.tfidf.get_feature_names_out()

    def _prune(self, x: sp.csr_matrix) -> sp.csr_matrix:
        assert self.keep is not None
        x = sp.csr_matrix(x @ sp.diags(self.keep), dtype=np.float32)
        x.eliminate_zeros()
        return sp.csr_matrix(normalize(x), dtype=np.float32)


def category_matrix(declared: Sequence[Sequence[str]], inferred: Sequence[Iterable[str]]) -> sp.csr_matrix:
    """Rows of L2-normalised taxonomy vectors: a subcategory code also sets its category, declared codes weigh 1,
    codes only inferred from the text weigh ``INFERRED_CATEGORY_WEIGHT``. Invalid codes are ignored."""
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, (dec, inf) in enumerate(zip(declared, inferred, strict=True)):
        weights: dict[int, float] = {}
        for codes, w in ((inf, INFERRED_CATEGORY_WEIGHT), (dec, 1.0)):
            for code in codes:
                for i in _CODE_COLUMNS.get(code, ()):
                    if weights.get(i, 0.0) < w:
                        weights[i] = w
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        rows.extend([r] * len(weights))
        cols.extend(weights)
        vals.extend(v / norm for v in weights.values())
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(declared), NC), dtype=np.float32)


# A valid code sets its own column and its category's column; invalid codes map to nothing.
_CODE_COLUMNS: dict[str, tuple[int, ...]] = {
    c: tuple(sorted({CATEGORY_INDEX[c], CATEGORY_INDEX[parent(c)]})) for c in CATEGORY_CODES if is_valid_code(c)
}


def vectorise_fields(
    vec: FieldVectorizer, sides: Sequence[tuple[Sequence[AnalysedProfile], Sequence[str]]]
) -> list[dict[str, sp.csr_matrix]]:
    """Fit ``vec`` on every non-empty field text of all sides in one pass and return, per side, the TF-IDF
    matrix of each field (one row per profile; empty fields give empty rows). Fitting and transforming in a
    single pass halves the counting work compared with ``fit`` followed by one ``transform`` per field."""
    docs: list[list[str]] = []
    slots: list[tuple[int, str, int]] = []  # (side, field, profile row) of each document
    for s, (analysed, names) in enumerate(sides):
        for name in names:
            for r, a in enumerate(analysed):
                doc = a.fields.get(name, [])
                if doc:
                    docs.append(doc)
                    slots.append((s, name, r))
    x = vec.fit_transform(docs)
    out: list[dict[str, sp.csr_matrix]] = []
    for s, (analysed, names) in enumerate(sides):
        per_field: dict[str, sp.csr_matrix] = {}
        for name in names:
            doc_idx = [d for d, (ss, nn, _) in enumerate(slots) if ss == s and nn == name]
            rows = [slots[d][2] for d in doc_idx]
            place = sp.csr_matrix(
                (np.ones(len(rows), dtype=np.float32), (rows, np.arange(len(rows)))), shape=(len(analysed), len(rows))
            )
            per_field[name] = sp.csr_matrix(place @ x[doc_idx], dtype=np.float32)
        out.append(per_field)
    return out


def field_matrices(
    vec: FieldVectorizer, analysed: Sequence[AnalysedProfile], names: Sequence[str]
) -> dict[str, sp.csr_matrix]:
    """TF-IDF matrix (rows L2-normalised) per field name; features unknown to the vocabulary are ignored."""
    return {name: vec.transform([a.fields.get(name, []) for a in analysed]).tocsr() for name in names}


def normalised_weights(rules: Rules) -> dict[tuple[str, str], float]:
    total = sum(rules.field_weights.values())
    return {tuple(k.split(":", 1)): w / total for k, w in rules.field_weights.items()}  # type: ignore[misc]


def buyer_blocks(fields: dict[str, sp.csr_matrix], cats: sp.csr_matrix, rules: Rules) -> sp.csr_matrix:
    """``Q`` rows for buyers (see module docstring)."""
    weights = normalised_weights(rules)
    text_share = 1.0 - rules.category_weight
    n = cats.shape[0]
    reach = np.zeros(n, dtype=np.float64)
    for bf in BUYER_FIELDS:
        present = np.diff(fields[bf].indptr) > 0
        reach += present * text_share * sum(w for (b, _), w in weights.items() if b == bf)
    reach += (np.diff(cats.indptr) > 0) * rules.category_weight
    scale = np.divide(1.0, reach, out=np.ones(n), where=reach > 0).astype(np.float32)
    blocks = [fields[bf] for bf in BUYER_FIELDS] + [cats * np.float32(math.sqrt(rules.category_weight))]
    q = sp.hstack(blocks, format="csr", dtype=np.float32)
    return sp.csr_matrix(sp.diags(scale) @ q, dtype=np.float32)


def exhibitor_blocks(fields: dict[str, sp.csr_matrix], cats: sp.csr_matrix, rules: Rules) -> sp.csr_matrix:
    """``E`` rows for exhibitors (see module docstring)."""
    weights = normalised_weights(rules)
    text_share = 1.0 - rules.category_weight
    blocks = []
    for bf in BUYER_FIELDS:
        acc = sp.csr_matrix(fields[EXHIBITOR_FIELDS[0]].shape, dtype=np.float32)
        for ef in EXHIBITOR_FIELDS:
            w = weights.get((bf, ef), 0.0)
            if w:
                acc = acc + fields[ef] * np.float32(text_share * w)
        blocks.append(acc)
    blocks.append(cats * np.float32(math.sqrt(rules.category_weight)))
    return sp.hstack(blocks, format="csr", dtype=np.float32)


def replace_row(m: sp.csr_matrix, i: int, row: sp.csr_matrix) -> sp.csr_matrix:
    """A copy of ``m`` with row ``i`` replaced by the one-row ``row`` (appended when ``i == m.shape[0]``).

    Works on the CSR arrays directly (one concatenation each), which is several times faster than stacking
    slices; this is what keeps a single-profile refresh in milliseconds at 10,000 rows."""
    row = sp.csr_matrix(row, dtype=m.dtype)
    row.sort_indices()
    start, end = (int(m.indptr[i]), int(m.indptr[i + 1])) if i < m.shape[0] else (m.nnz, m.nnz)
    delta = row.nnz - (end - start)
    data = np.concatenate([m.data[:start], row.data, m.data[end:]])
    indices = np.concatenate([m.indices[:start], row.indices, m.indices[end:]])
    if i < m.shape[0]:
        indptr = np.concatenate([m.indptr[: i + 1], [start + row.nnz], m.indptr[i + 2 :] + delta])
    else:
        indptr = np.concatenate([m.indptr, [m.nnz + row.nnz]])
    n_rows = m.shape[0] + (1 if i == m.shape[0] else 0)
    return sp.csr_matrix((data, indices, indptr), shape=(n_rows, m.shape[1]))
