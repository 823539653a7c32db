"""The columns of a participant import file and how a cell's text becomes a field value.

Contract: every parser takes the stripped cell text (never empty — empty cells are handled by the caller) and
returns the value for the model field, or raises ``ValidationError`` with a message about that cell. Validity
rules that the models already hold (country format, language codes, keyword limits, ranges, max lengths) are
checked later by the model's own validation, so they live in one place (``matchmaking.validators``, model fields).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matchmaking.enums import (
    BudgetBand,
    BuyerOrganisationType,
    ExhibitorOrganisationType,
    Language,
    PurchaseTimeframe,
    PurchasingRole,
    SponsorTier,
)


class ImportKind(models.TextChoices):
    EXHIBITORS = "exhibitors", gettext_lazy("Exhibitors")
    BUYERS = "buyers", gettext_lazy("Buyers")


LIST_SPLIT_RE = re.compile(r"[,;\s]+")
KEYWORD_SPLIT_RE = re.compile(r"[;,]")
HEADER_SPACE_RE = re.compile(r"[\s_\-]+")
WHOLE_NUMBER_RE = re.compile(r"^[+-]?\d+$")


def normalise_header(text: str) -> str:
    """ "Contact E-mail* " → "contact_email": case, spaces, underscores and hyphens do not matter; "*" is dropped."""
    text = text.replace("*", "").strip().lower().replace("e-mail", "email")
    return HEADER_SPACE_RE.sub("_", text).strip("_")


# --- parsers ----------------------------------------------------------------------------------------------------


def parse_text(value: str) -> str:
    return value


def parse_country(value: str) -> str:
    """ "uz" → "UZ"; anything else is kept as written, so the error message quotes what the user typed."""
    return value.upper() if len(value) == 2 else value


def parse_email(value: str) -> str:
    return value.lower()


def parse_website(value: str) -> str:
    """Registration exports often drop the scheme: "acme.uz" means "https://acme.uz"."""
    return value if "://" in value else f"https://{value}"


def parse_whole_number(value: str) -> int:
    if not WHOLE_NUMBER_RE.match(value):
        raise ValidationError(_("“%(value)s” is not a whole number.") % {"value": value})
    return int(value)


def parse_codes(value: str) -> list[str]:
    """Language codes separated by commas, semicolons or spaces, lower-cased, each once, in the given order."""
    return _unique(code.lower() for code in LIST_SPLIT_RE.split(value) if code)


def parse_tokens(value: str) -> list[str]:
    """Category codes or days separated by commas, semicolons or spaces, each once."""
    return _unique(token for token in LIST_SPLIT_RE.split(value) if token)


def parse_keywords(value: str) -> list[str]:
    """Keywords separated by ";" or "," (they may contain spaces), each once regardless of case."""
    seen: set[str] = set()
    keywords = []
    for item in KEYWORD_SPLIT_RE.split(value):
        item = " ".join(item.split())
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            keywords.append(item)
    return keywords


def choice_parser(choices: type[models.TextChoices]) -> Callable[[str], str]:
    """A parser accepting a choice's stored value or its English label, in any letter case."""

    known: dict[str, str] = {}

    def parse(value: str) -> str:
        if not known:  # built on first use: labels are lazy translations, not ready at import time
            with translation.override("en"):
                known.update({str(label).casefold(): choice for choice, label in choices.choices})
            known.update({choice.casefold(): choice for choice in choices.values})
        found = known.get(value.casefold())
        if found is None:
            allowed = ", ".join(choice for choice in choices.values if choice)
            raise ValidationError(
                _("“%(value)s” is not one of: %(allowed)s (or their English names).")
                % {"value": value, "allowed": allowed}
            )
        return found

    return parse


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(items))


# --- the columns ------------------------------------------------------------------------------------------------

KEY, PROFILE, USER, CATEGORIES, DAYS = "key", "profile", "user", "categories", "days"
BOTH = frozenset(ImportKind)
EXHIBITORS = frozenset({ImportKind.EXHIBITORS})
BUYERS = frozenset({ImportKind.BUYERS})


@dataclass(frozen=True)
class Column:
    """One known column: where its value goes (`target`, `field`), how it is parsed, for which kinds."""

    name: str
    target: str  # KEY, PROFILE, USER, CATEGORIES or DAYS
    field: str
    parse: Callable[[str], Any]
    kinds: frozenset[str] = BOTH
    required: bool = False
    # The value an empty cell stands for; None means the model field's default.
    empty: Any = ""


COLUMNS: tuple[Column, ...] = (
    Column("key", KEY, "external_key", parse_text),
    Column("company", PROFILE, "company", parse_text, required=True),
    Column(
        "organisation_type",
        PROFILE,
        "organisation_type",
        choice_parser(ExhibitorOrganisationType),
        kinds=EXHIBITORS,
        required=True,
    ),
    Column(
        "organisation_type",
        PROFILE,
        "organisation_type",
        choice_parser(BuyerOrganisationType),
        kinds=BUYERS,
        required=True,
    ),
    Column("country", PROFILE, "country", parse_country, required=True),
    Column("city", PROFILE, "city", parse_text),
    Column("website", PROFILE, "website", parse_website),
    Column("description", PROFILE, "description", parse_text),
    Column("languages", PROFILE, "languages", parse_codes, empty=[]),
    Column("keywords", PROFILE, "keywords", parse_keywords, empty=[]),
    Column("categories", CATEGORIES, "categories", parse_tokens, empty=[]),
    Column("contact_email", USER, "email", parse_email, required=True),
    Column("contact_first_name", USER, "first_name", parse_text),
    Column("contact_last_name", USER, "last_name", parse_text),
    Column("contact_phone", USER, "phone", parse_text),
    Column("contact_language", USER, "language", choice_parser(Language), empty=None),
    # Exhibitors.
    Column("offering", PROFILE, "offering", parse_text, kinds=EXHIBITORS),
    Column("hall", PROFILE, "hall", parse_text, kinds=EXHIBITORS),
    Column("booth", PROFILE, "booth", parse_text, kinds=EXHIBITORS),
    Column("parallel_meetings", PROFILE, "parallel_meetings", parse_whole_number, kinds=EXHIBITORS, empty=None),
    Column("sponsor_tier", PROFILE, "sponsor_tier", choice_parser(SponsorTier), kinds=EXHIBITORS),
    # Buyers.
    Column("looking_for", PROFILE, "looking_for", parse_text, kinds=BUYERS),
    Column("days_attending", DAYS, "days_attending", parse_tokens, kinds=BUYERS, empty=[]),
    Column("purchase_timeframe", PROFILE, "purchase_timeframe", choice_parser(PurchaseTimeframe), kinds=BUYERS),
    Column("budget_band", PROFILE, "budget_band", choice_parser(BudgetBand), kinds=BUYERS),
    Column("purchasing_role", PROFILE, "purchasing_role", choice_parser(PurchasingRole), kinds=BUYERS),
)
ALL_COLUMN_NAMES = frozenset(column.name for column in COLUMNS)


def columns_for(kind: str) -> dict[str, Column]:
    """The columns a file of `kind` may have, by name, in the documented order."""
    return {column.name: column for column in COLUMNS if kind in column.kinds}
