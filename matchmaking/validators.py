"""Validation rules as plain functions, shared by model clean(), forms, serializers and imports."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ISO_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
ISO_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
MAX_KEYWORDS = 30
MAX_KEYWORD_LENGTH = 60


def validate_time_zone(value: str) -> None:
    """The value must name an IANA time zone (e.g. "Asia/Tashkent")."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value}) from exc


def validate_country_code(value: str) -> None:
    """ISO 3166-1 alpha-2, upper case ("UZ")."""
    if not ISO_COUNTRY_RE.match(value or ""):
        raise ValidationError(_("“%(value)s” is not a two-letter country code such as UZ."), params={"value": value})


def validate_language_codes(value: Iterable[str]) -> None:
    """A list of ISO 639-1/639-3 language codes in lower case (["uz", "ru"])."""
    if not isinstance(value, list | tuple):
        raise ValidationError(_("Languages must be a list of language codes."))
    for code in value:
        if not isinstance(code, str) or not ISO_LANGUAGE_RE.match(code):
            raise ValidationError(_("“%(value)s” is not a language code such as en, ru or uz."), params={"value": code})


def validate_keywords(value: Iterable[str]) -> None:
    """At most 30 keywords of at most 60 characters each."""
    if not isinstance(value, list | tuple):
        raise ValidationError(_("Keywords must be a list of words or short phrases."))
    items = list(value)
    if len(items) > MAX_KEYWORDS:
        raise ValidationError(_("At most %(max)d keywords."), params={"max": MAX_KEYWORDS})
    for item in items:
        if not isinstance(item, str) or not item.strip() or len(item) > MAX_KEYWORD_LENGTH:
            raise ValidationError(
                _("Each keyword must be 1 to %(max)d characters."), params={"max": MAX_KEYWORD_LENGTH}
            )


def validate_opening_hours(opens: time, closes: time) -> None:
    """A show day opens before it closes."""
    if opens >= closes:
        raise ValidationError({"closes": _("The day must close after it opens.")})


def validate_break_within_day(starts: time, ends: time, opens: time, closes: time) -> None:
    """A break lies inside its day's opening hours and ends after it starts."""
    if starts >= ends:
        raise ValidationError({"ends": _("The break must end after it starts.")})
    if starts < opens or ends > closes:
        raise ValidationError({"starts": _("The break must lie within the day's opening hours.")})
