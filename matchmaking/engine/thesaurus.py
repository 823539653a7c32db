"""Security-domain thesaurus: concepts with English, Russian and Uzbek terms, tied to the taxonomy.

Contract
--------
``Thesaurus.load()`` reads the shipped ``data/thesaurus.json`` and, optionally, organiser files with the same
format (``{"concepts": [{"id", "category", "label", "en", "ru", "uz"}]}``); a concept whose ``id`` already exists
gets the extra terms added, a new ``id`` adds a concept. Terms are analysed with ``normalize.analyze`` (so Uzbek
Cyrillic, Russian inflections and Uzbek suffixes need no separate entries).

``Thesaurus.find(tokens)`` returns the concept occurrences in a token sequence. Matching is on stems, phrase by
phrase; where one match lies strictly inside a longer match of another concept ("сигнализация" inside
"пожарная сигнализация"), only the longer one counts, so a generic word does not drag in a wrong concept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from .normalize import Token, analyze
from .taxonomy import is_valid_code

LANGUAGES = ("en", "ru", "uz")


class ThesaurusError(ValueError):
    """A thesaurus file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Concept:
    """One concept. ``category`` is a taxonomy code or None for cross-cutting concepts (sectors, services)."""

    id: str
    label: str
    category: str | None
    terms: dict[str, tuple[str, ...]]


class ConceptHit(NamedTuple):
    """A concept found at tokens ``start``..``end`` (exclusive); ``surface`` is the text as written."""

    concept: str
    start: int
    end: int
    surface: str


class Thesaurus:
    """An immutable set of concepts with a phrase index over stemmed terms."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self.concepts: dict[str, Concept] = {c.id: c for c in concepts}
        self.dropped_terms: list[tuple[str, str]] = []
        # first stem → list of (stem phrase, concept id); longest phrases first so nested matches are resolved.
        self._index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for concept in self.concepts.values():
            for terms in concept.terms.values():
                for term in terms:
                    stems = tuple(t.stem for t in analyze(term))
                    # A phrase that shrinks to one word once stop words go ("IT security" → "security") would
                    # match far too much; such terms are left out (listed by ``dropped_terms``).
                    if not stems or (len(stems) < 2 and len(analyze(term, keep_stop_words=True)) > len(stems)):
                        self.dropped_terms.append((concept.id, term))
                        continue
                    entries = self._index.setdefault(stems[0], [])
                    if (stems, concept.id) not in entries:
                        entries.append((stems, concept.id))
        for entries in self._index.values():
            entries.sort(key=lambda e: -len(e[0]))

    @classmethod
    def load(cls, extra: Sequence[str | Path] = ()) -> Thesaurus:
        """The shipped thesaurus merged with the organiser files in ``extra`` (in order)."""
        text = resources.files("matchmaking.engine").joinpath("data/thesaurus.json").read_text("utf-8")
        merged: dict[str, Concept] = {}
        _merge(merged, json.loads(text), "thesaurus.json")
        for path in extra:
            try:
                data = json.loads(Path(path).read_text("utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise ThesaurusError(f"{path}: {exc}") from exc
            _merge(merged, data, str(path))
        return cls(merged.values())

    def find(self, tokens: Sequence[Token]) -> list[ConceptHit]:
        """Concept occurrences in ``tokens`` as produced by ``analyze`` (stop words dropped, as for the terms)."""
        return self.find_lists([t.stem for t in tokens], [t.surface for t in tokens])

    def find_lists(self, stems: Sequence[str], surfaces: Sequence[str]) -> list[ConceptHit]:
        """``find`` on the parallel lists of ``analyze_lists``."""
        index = self._index
        hits: list[ConceptHit] = []
        for i, s in enumerate(stems):
            entries = index.get(s)
            if entries is None:
                continue
            for phrase, cid in entries:
                n = len(phrase)
                if n == 1 or tuple(stems[i : i + n]) == phrase:
                    hits.append(ConceptHit(cid, i, i + n, " ".join(surfaces[i : i + n])))
        if len(hits) < 2 or all(h.end - h.start == 1 for h in hits):
            return hits
        # Drop a hit strictly inside a longer hit of a different concept.
        return [
            h
            for h in hits
            if not any(
                o.concept != h.concept and o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start
                for o in hits
            )
        ]


def _merge(into: dict[str, Concept], data: Any, source: str) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
        raise ThesaurusError(f"{source}: expected an object with a 'concepts' list")
    for n, entry in enumerate(data["concepts"], start=1):
        where = f"{source}: concept #{n}"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
            raise ThesaurusError(f"{where}: needs a non-empty string 'id'")
        cid = entry["id"]
        category = entry.get("category")
        if category is not None and (not isinstance(category, str) or not is_valid_code(category)):
            raise ThesaurusError(f"{where} ({cid}): 'category' must be a taxonomy code like '1' or '1.3' or null")
        terms: dict[str, tuple[str, ...]] = {}
        for lang in LANGUAGES:
            values = entry.get(lang, [])
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise ThesaurusError(f"{where} ({cid}): '{lang}' must be a list of non-empty strings")
            terms[lang] = tuple(values)
        old = into.get(cid)
        if old is None:
            if not any(terms.values()):
                raise ThesaurusError(f"{where} ({cid}): a new concept needs at least one term")
            label = entry.get("label") or next(t for ts in terms.values() for t in ts)
            into[cid] = Concept(cid, str(label), category, terms)
        else:
            combined = {}
            for lang in LANGUAGES:
                known = old.terms.get(lang, ())
                combined[lang] = known + tuple(t for t in terms[lang] if t not in known)
            into[cid] = Concept(
                cid, str(entry.get("label") or old.label), category if "category" in entry else old.category, combined
            )
