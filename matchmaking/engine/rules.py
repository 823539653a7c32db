"""Match rules as plain data, with a JSON form an organiser can edit.

JSON keys equal the ``Rules`` field names; every key is optional and unknown keys are errors (a typo must not
silently fall back to a default). Example::

    {"top_k": 10, "min_score": 0.08, "category_weight": 0.25,
     "field_weights": {"looking_for:offering": 0.5, "description:description": 0.1},
     "exclude_same_company": true, "blocked_pairs": [["B17", "E4"]], "require_shared_language": false,
     "sponsor_boosts": {"gold": 0.05}, "mutual_interest_boost": 0.1, "interest_boost": 0.03,
     "target_country_boost": 0.02, "exposure_cap": 2.0}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

BUYER_FIELDS = ("looking_for", "description", "keywords")
EXHIBITOR_FIELDS = ("offering", "description", "keywords")

# Text-field pairs compared (buyer field : exhibitor field) and their default weights. What a buyer looks for
# against what an exhibitor offers dominates; descriptions and keywords add context. Weights are relative:
# they are divided by their sum, so only ratios matter.
DEFAULT_FIELD_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "looking_for:offering": 0.45,
        "looking_for:description": 0.15,
        "looking_for:keywords": 0.05,
        "description:offering": 0.1,
        "description:description": 0.1,
        "keywords:offering": 0.05,
        "keywords:keywords": 0.1,
    }
)
DEFAULT_SPONSOR_BOOSTS: Mapping[str, float] = MappingProxyType({"platinum": 0.06, "gold": 0.04, "silver": 0.02})


class RulesError(ValueError):
    """Rules are invalid; the message names the offending key."""


@dataclass(frozen=True)
class Rules:
    """Everything an organiser can tune. Invariants are checked by ``validate`` (called by ``from_dict``).

    - ``field_weights``: relative weights of the text-field pairs "buyer_field:exhibitor_field".
    - ``category_weight``: share (0–1) of the relevance that comes from category overlap; the rest is text.
    - ``min_score``: relevance (before boosts) a pair needs to be recommended at all.
    - ``top_k``: recommendations per person.
    - ``exclude_same_company``: never match people of the same company (case-insensitive name).
    - ``blocked_pairs``: (buyer id, exhibitor id) pairs the organiser has blocked.
    - ``require_shared_language``: exclude pairs without a common language (empty language lists never block).
    - ``sponsor_boosts``: amount added to an exhibitor's score by sponsor tier (case-insensitive).
    - ``mutual_interest_boost``: added when both sides shortlisted each other.
    - ``interest_boost``: added when the counterpart shortlisted the viewer (only one side did).
    - ``target_country_boost``: added when the exhibitor lists the buyer's country as a target market.
    - ``exposure_cap``: no one is recommended to more than ``ceil(exposure_cap × average)`` people, where the
      average is (people on the other side × top_k) / (people on this side); None switches the cap off.
    """

    field_weights: Mapping[str, float] = field(default_factory=lambda: DEFAULT_FIELD_WEIGHTS)
    category_weight: float = 0.25
    min_score: float = 0.05
    top_k: int = 10
    exclude_same_company: bool = True
    blocked_pairs: frozenset[tuple[str, str]] = frozenset()
    require_shared_language: bool = False
    sponsor_boosts: Mapping[str, float] = field(default_factory=lambda: DEFAULT_SPONSOR_BOOSTS)
    mutual_interest_boost: float = 0.1
    interest_boost: float = 0.03
    target_country_boost: float = 0.02
    exposure_cap: float | None = 2.0

    def validate(self) -> Rules:
        """Return self, or raise RulesError naming the first invalid key."""
        if not self.field_weights:
            raise RulesError("field_weights: at least one field pair is needed")
        for key, w in self.field_weights.items():
            b, _, e = key.partition(":")
            if b not in BUYER_FIELDS or e not in EXHIBITOR_FIELDS:
                raise RulesError(
                    f"field_weights: '{key}' is not 'buyer_field:exhibitor_field' with buyer fields "
                    f"{', '.join(BUYER_FIELDS)} and exhibitor fields {', '.join(EXHIBITOR_FIELDS)}"
                )
            if not _is_number(w) or w < 0:
                raise RulesError(f"field_weights: '{key}' must be a number ≥ 0")
        if sum(self.field_weights.values()) <= 0:
            raise RulesError("field_weights: the weights must not all be zero")
        if not _is_number(self.category_weight) or not 0 <= self.category_weight <= 1:
            raise RulesError("category_weight: must be between 0 and 1")
        if not _is_number(self.min_score) or not 0 <= self.min_score <= 1:
            raise RulesError("min_score: must be between 0 and 1")
        if isinstance(self.top_k, bool) or not isinstance(self.top_k, int) or self.top_k < 1:
            raise RulesError("top_k: must be a whole number ≥ 1")
        for name in ("mutual_interest_boost", "interest_boost", "target_country_boost"):
            value = getattr(self, name)
            if not _is_number(value) or not 0 <= value <= 1:
                raise RulesError(f"{name}: must be between 0 and 1")
        for tier, value in self.sponsor_boosts.items():
            if not _is_number(value) or not 0 <= value <= 1:
                raise RulesError(f"sponsor_boosts: '{tier}' must be between 0 and 1")
        if self.exposure_cap is not None and (not _is_number(self.exposure_cap) or self.exposure_cap < 1):
            raise RulesError("exposure_cap: must be a number ≥ 1 (a multiple of the average exposure) or null")
        return self

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rules:
        """Build rules from their JSON form (see module docstring); missing keys keep their defaults."""
        if not isinstance(data, Mapping):
            raise RulesError("rules must be a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise RulesError(f"{unknown[0]}: unknown rule (known: {', '.join(sorted(known))})")
        kwargs: dict[str, Any] = dict(data)
        for key in ("field_weights", "sponsor_boosts"):
            if key in kwargs:
                if not isinstance(kwargs[key], Mapping):
                    raise RulesError(f"{key}: must be an object")
                kwargs[key] = MappingProxyType(dict(kwargs[key]))
        if "sponsor_boosts" in kwargs:
            boosts = kwargs["sponsor_boosts"]
            kwargs["sponsor_boosts"] = MappingProxyType({str(k).lower(): v for k, v in boosts.items()})
        if "blocked_pairs" in kwargs:
            pairs = kwargs["blocked_pairs"]
            if not isinstance(pairs, list) or not all(
                isinstance(p, list | tuple) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs
            ):
                raise RulesError("blocked_pairs: must be a list of [buyer_id, exhibitor_id] pairs")
            kwargs["blocked_pairs"] = frozenset((p[0], p[1]) for p in pairs)
        for key in ("exclude_same_company", "require_shared_language"):
            if key in kwargs and not isinstance(kwargs[key], bool):
                raise RulesError(f"{key}: must be true or false")
        return cls(**kwargs).validate()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form; ``Rules.from_dict(r.to_dict()) == r``."""
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        out["field_weights"] = dict(self.field_weights)
        out["sponsor_boosts"] = dict(self.sponsor_boosts)
        out["blocked_pairs"] = sorted([list(p) for p in self.blocked_pairs])
        return out


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
