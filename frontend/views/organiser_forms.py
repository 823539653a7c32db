"""Organiser forms: shapes and types only. The match rules' limits live in the engine (Rules.validate), reached
through matchmaking.services.match_rules_validate; its errors are put back on the form's fields here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meetings.enums import MeetingStatus
from meetings.services.schedule import DEFAULT_TIME_LIMIT, MAX_TIME_LIMIT

FIELD_LABELS = {
    "looking_for": _("Looking for"),
    "offering": _("Offering"),
    "description": _("Description"),
    "keywords": _("Keywords"),
}
SPONSOR_TIERS = ("platinum", "gold", "silver")


def _pairs() -> tuple[str, ...]:
    """The text-field pairs the engine compares by default ("buyer_field:exhibitor_field").

    Imported when a form is built, not at module import: the engine package loads scikit-learn.
    """
    from matchmaking.engine.rules import DEFAULT_FIELD_WEIGHTS

    return tuple(DEFAULT_FIELD_WEIGHTS)


def _weight_name(pair: str) -> str:
    return "fw_" + pair.replace(":", "__")


def _boost_name(tier: str) -> str:
    return f"sponsor_{tier}"


def _number(label: Any, help_text: Any = "", *, required: bool = True) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class RulesForm(forms.Form):
    """Every tunable rule as a form field. `rules_data()` gives the engine's JSON form (Rules.to_dict keys)."""

    top_k = forms.IntegerField(
        label=_("Recommendations per person"), help_text=_("How many matches each buyer and exhibitor sees.")
    )
    min_score = _number(_("Minimum relevance"), _("0–1: pairs below it are never recommended."))
    category_weight = _number(_("Weight of product categories"), _("0–1: the rest of the relevance is text."))
    exposure_cap = _number(
        _("Exposure cap"),
        _("No one is recommended to more than this multiple of the average number of people (≥ 1). Empty: no cap."),
        required=False,
    )
    mutual_interest_boost = _number(_("Boost when both sides shortlisted each other"), _("0–1"))
    interest_boost = _number(_("Boost when the other side shortlisted"), _("0–1"))
    target_country_boost = _number(_("Boost for an exhibitor's target country"), _("0–1"))
    exclude_same_company = forms.BooleanField(label=_("Never match people of the same company"), required=False)
    require_shared_language = forms.BooleanField(label=_("Require a shared language"), required=False)
    note = forms.CharField(label=_("What changed (for the history)"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pairs = _pairs()
        for pair in self.pairs:
            buyer_field, _sep, exhibitor_field = pair.partition(":")
            self.fields[_weight_name(pair)] = _number(
                _("Buyer’s %(buyer)s ↔ exhibitor’s %(exhibitor)s")
                % {"buyer": FIELD_LABELS[buyer_field], "exhibitor": FIELD_LABELS[exhibitor_field]},
                required=False,
            )
        for tier in SPONSOR_TIERS:
            self.fields[_boost_name(tier)] = _number(_("Boost for %(tier)s sponsors") % {"tier": tier}, required=False)
        self.blocked_pairs: list[list[str]] = []
        self.extra_weights: dict[str, float] = {}

    @classmethod
    def for_rules(cls, data: dict[str, Any]) -> RulesForm:
        """An unbound form showing `data` (a Rules.to_dict())."""
        initial = {k: v for k, v in data.items() if k in cls.base_fields}
        for pair, weight in data.get("field_weights", {}).items():
            initial[_weight_name(pair)] = weight
        for tier, boost in data.get("sponsor_boosts", {}).items():
            initial[_boost_name(tier)] = boost
        form = cls(initial=initial)
        form.keep_hidden(data)
        return form

    def keep_hidden(self, data: dict[str, Any]) -> None:
        """Rules the form does not show (blocked pairs, weights of pairs outside the defaults) are kept as they
        are in the version being edited."""
        self.blocked_pairs = list(data.get("blocked_pairs", []))
        self.extra_weights = {k: v for k, v in data.get("field_weights", {}).items() if k not in self.pairs}

    @property
    def weight_fields(self) -> list[forms.BoundField]:
        return [self[_weight_name(pair)] for pair in self.pairs]

    @property
    def boost_fields(self) -> list[forms.BoundField]:
        return [self[_boost_name(tier)] for tier in SPONSOR_TIERS]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        names = ("top_k", "min_score", "category_weight", "exposure_cap")
        return [self[n] for n in names]

    @property
    def boost_rule_fields(self) -> list[forms.BoundField]:
        names = ("mutual_interest_boost", "interest_boost", "target_country_boost")
        return [self[n] for n in names]

    def rules_data(self) -> dict[str, Any]:
        """The engine's JSON form of the cleaned data (call after is_valid())."""
        c = self.cleaned_data
        weights = dict(self.extra_weights)
        for pair in self.pairs:
            value = c.get(_weight_name(pair))
            if value is not None:
                weights[pair] = value
        boosts = {tier: c[_boost_name(tier)] for tier in SPONSOR_TIERS if c.get(_boost_name(tier)) is not None}
        return {
            "top_k": c["top_k"],
            "min_score": c["min_score"],
            "category_weight": c["category_weight"],
            "exposure_cap": c.get("exposure_cap"),
            "mutual_interest_boost": c["mutual_interest_boost"],
            "interest_boost": c["interest_boost"],
            "target_country_boost": c["target_country_boost"],
            "exclude_same_company": c["exclude_same_company"],
            "require_shared_language": c["require_shared_language"],
            "field_weights": weights,
            "sponsor_boosts": boosts,
            "blocked_pairs": self.blocked_pairs,
        }

    def add_rules_error(self, error: ValidationError) -> None:
        """Put the engine's error (keyed by rule name) on the field that holds it."""
        for key, messages in error.message_dict.items():
            for message in messages:
                self.add_error(self._field_for(key, message), message)

    def _field_for(self, key: str, message: str) -> str | None:
        if key in self.fields:
            return key
        if key == "field_weights":
            return next((_weight_name(p) for p in self.pairs if f"'{p}'" in message), None)
        if key == "sponsor_boosts":
            return next((_boost_name(t) for t in SPONSOR_TIERS if f"'{t}'" in message), None)
        return None


class ScheduleRunForm(forms.Form):
    time_limit = forms.FloatField(
        label=_("Time limit (seconds)"),
        min_value=1,
        max_value=MAX_TIME_LIMIT,
        initial=int(DEFAULT_TIME_LIMIT),
        help_text=_("The solver stops at this limit with the best schedule found so far."),
        widget=forms.NumberInput(attrs={"step": "1", "inputmode": "numeric"}),
    )
    workers = forms.IntegerField(
        label=_("Solver threads"), min_value=1, max_value=16, initial=2, widget=forms.NumberInput(attrs={"step": "1"})
    )


class GridFilterForm(forms.Form):
    """Filters of the schedule grid; every field optional, bad values are errors shown beside the field."""

    day = forms.TypedChoiceField(label=_("Day"), required=False, coerce=int)
    exhibitor = forms.CharField(label=_("Exhibitor"), required=False, max_length=100)
    buyer = forms.CharField(label=_("Buyer"), required=False, max_length=100)
    hall = forms.ChoiceField(label=_("Hall"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Active (not cancelled)")), *MeetingStatus.choices]
    )

    def __init__(self, *args: Any, days: list[tuple[int, str]], halls: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = days
        self.fields["hall"].choices = [("", _("All halls")), *[(h, h) for h in halls]]


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
