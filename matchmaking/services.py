"""Write services of the matchmaking app. Each owns its transaction."""

from __future__ import annotations

from django.db import transaction

from matchmaking.demo.taxonomy import load_taxonomy
from matchmaking.models import Category


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
