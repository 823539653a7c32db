"""{% recommendation_reasons rec viewer as reasons %}: why ``rec`` matches, for ``viewer`` ("buyer" or
"exhibitor") in the page's language (``frontend.reasons.explain``); category names are read once a request."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from frontend.reasons import Viewer, category_names, explain
from matchmaking.models import Recommendation

register = template.Library()


@register.simple_tag(takes_context=True)
def recommendation_reasons(
    context: template.Context, rec: Recommendation | None, viewer: Viewer
) -> list[dict[str, Any]]:
    language = get_language() or "en"
    request = context.get("request")
    cache: dict[str, dict[str, str]] = getattr(request, "_category_names", None) or {}
    if language not in cache:
        cache[language] = category_names(language)
        if request is not None:
            request._category_names = cache  # type: ignore[attr-defined]
    return explain(rec, cache[language], viewer)
