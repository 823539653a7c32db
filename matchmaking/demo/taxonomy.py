"""The two-level product taxonomy (10 categories x 5 subcategories), read from matchmaking/data/taxonomy.json.

Pure Python: no Django import, so the demo generator and its tests run without settings.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

TAXONOMY_PATH = Path(__file__).resolve().parent.parent / "data" / "taxonomy.json"


@cache
def _load() -> tuple[dict[str, Any], ...]:
    with TAXONOMY_PATH.open(encoding="utf-8") as handle:
        return tuple(json.load(handle))


def load_taxonomy() -> list[dict[str, Any]]:
    """The taxonomy as a list of top-level nodes.

    Each node is ``{"code": "1", "name": {"en", "ru", "uz"}, "children": [{"code": "1.1", "name": {...}}]}``.
    The result is a fresh deep copy, so callers may modify it.
    """
    return copy.deepcopy(list(_load()))


def all_codes() -> set[str]:
    """Every category and subcategory code ("1".."10" and "1.1".."10.5")."""
    codes: set[str] = set()
    for node in _load():
        codes.add(node["code"])
        codes.update(child["code"] for child in node["children"])
    return codes


def names(code: str) -> dict[str, str]:
    """The en/ru/uz names of one category or subcategory code; KeyError when unknown."""
    for node in _load():
        if node["code"] == code:
            return dict(node["name"])
        for child in node["children"]:
            if child["code"] == code:
                return dict(child["name"])
    raise KeyError(code)
