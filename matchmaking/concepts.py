"""The thesaurus's concepts by name, for pages: without importing the matching core (and scikit-learn with it),
so the web process stays light (DESIGN.md). Reads the same shipped file as ``matchmaking.engine.thesaurus``."""

from __future__ import annotations

import functools
import json
from pathlib import Path

THESAURUS = Path(__file__).resolve().parent / "engine" / "data" / "thesaurus.json"


@functools.cache
def _concept_terms() -> dict[str, dict[str, str]]:
    """Concept label (as stored in evidence) → its first term in each language of the shipped thesaurus."""
    concepts = json.loads(THESAURUS.read_text("utf-8"))["concepts"]
    return {
        c["label"]: {lang: c[lang][0] for lang in ("en", "ru", "uz") if c.get(lang)} for c in concepts if c.get("label")
    }


def concept_name(label: str, language: str) -> str:
    """A concept of the evidence named in ``language`` ("ru": "видеонаблюдение" for "video surveillance"); the
    label itself in English, for a language without a term, or for a label the thesaurus does not know."""
    if language == "en":
        return label
    return _concept_terms().get(label, {}).get(language, label)


def concept_labels() -> list[str]:
    """Every concept label of the shipped thesaurus."""
    return list(_concept_terms())
