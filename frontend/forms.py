"""Portal forms: shape and size checks only; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from matchmaking.enums import BudgetBand, BuyerOrganisationType, Language, PurchaseTimeframe, PurchasingRole
from matchmaking.imports import MAX_BYTES, ImportKind
from matchmaking.models import Event, EventDay
from meetings.enums import RequestPriority
from meetings.services.requests import MESSAGE_MAX


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("One participant per row; the first row names the columns. See the column list below."),
    )
    valid_rows_only = forms.BooleanField(label=_("Import the valid rows even if some rows have errors"), required=False)
    dry_run = forms.BooleanField(label=_("Only check the file; write nothing"), required=False, initial=True)

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is %(limit)d MB.")
                % {"size": upload.size / 1e6, "limit": MAX_BYTES // 1_000_000}
            )
        return upload


# --- Buyer pages ----------------------------------------------------------------------------------------------


class ExhibitorSearchForm(forms.Form):
    """The exhibitor directory's filters (GET). Choices are the values present at the event."""

    SCOPES = [("recommended", _("Recommended")), ("all", _("All exhibitors"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    scope = forms.ChoiceField(label=_("Show"), choices=SCOPES, required=False)
    category = forms.ChoiceField(label=_("Product category"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    hall = forms.ChoiceField(label=_("Hall"), required=False)

    def __init__(self, *args: Any, options: Any, language_code: str = "en", **kwargs: Any) -> None:
        from frontend.views.common import country_name, language_name

        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Company, product, keyword…"), "autocomplete": "off"}
        )
        self.fields["category"].choices = anything + [(c.code, c.name(language_code)) for c in options.categories]
        self.fields["country"].choices = anything + sorted(
            ((c, country_name(c)) for c in options.countries), key=lambda pair: str(pair[1])
        )
        self.fields["language"].choices = anything + sorted(
            ((c, language_name(c)) for c in options.languages), key=lambda pair: pair[1]
        )
        self.fields["hall"].choices = anything + [(h, h) for h in options.halls]

    def search(self) -> Any:
        """The matchmaking.queries.ExhibitorSearch for the valid part of the form (bad fields are ignored)."""
        from matchmaking.queries import ExhibitorSearch

        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()  # cleaned_data then holds the valid fields only
            data = self.cleaned_data
        return ExhibitorSearch(
            text=data.get("q", ""),
            category=data.get("category", ""),
            country=data.get("country", ""),
            language=data.get("language", ""),
            hall=data.get("hall", ""),
            recommended_only=data.get("scope", "") != "all",
        )


class MeetingRequestForm(forms.Form):
    """A buyer's meeting request: the rules (caps, duplicates) are the service's."""

    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        choices=RequestPriority.choices,
        initial=RequestPriority.NORMAL,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the exhibitor"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you would like to discuss: products, volumes, timing."),
    )


def _keywords(value: str) -> list[str]:
    return [k.strip() for k in value.replace(";", ",").split(",") if k.strip()]


class BuyerProfileForm(forms.Form):
    """The fields of matchmaking.services.profile_update a buyer edits; the model validates them whole."""

    company = forms.CharField(label=_("Company"), max_length=200)
    organisation_type = forms.ChoiceField(label=_("Organisation type"), choices=BuyerOrganisationType.choices)
    country = forms.CharField(
        label=_("Country"), max_length=2, help_text=_("Two-letter code, e.g. UZ."), widget=forms.TextInput()
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    looking_for = forms.CharField(
        label=_("What we are looking for"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Products, quantities, projects. This text drives your recommendations most."),
    )
    description = forms.CharField(
        label=_("About the organisation"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    categories = forms.MultipleChoiceField(
        label=_("Products of interest"), required=False, widget=forms.CheckboxSelectMultiple
    )
    keywords = forms.CharField(
        label=_("Keywords"), required=False, max_length=2000, help_text=_("Separate with commas.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    purchasing_role = forms.ChoiceField(
        label=_("Role in purchasing"), required=False, choices=[("", "—"), *PurchasingRole.choices]
    )
    purchase_timeframe = forms.ChoiceField(
        label=_("Purchase time frame"), required=False, choices=[("", "—"), *PurchaseTimeframe.choices]
    )
    budget_band = forms.ChoiceField(label=_("Budget"), required=False, choices=[("", "—"), *BudgetBand.choices])

    def __init__(self, *args: Any, categories: Any, language_code: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        parents = {c.pk: c for c in categories if c.parent_id is None}
        for c in categories:
            if c.parent_id is not None and c.parent_id in parents:
                groups.setdefault(parents[c.parent_id].name(language_code), []).append((c.code, c.name(language_code)))
        self.fields["categories"].choices = list(groups.items())

    def clean_country(self) -> str:
        return self.cleaned_data["country"].strip().upper()

    def clean_keywords(self) -> list[str]:
        return _keywords(self.cleaned_data["keywords"])

    @staticmethod
    def initial_for(buyer: Any) -> dict[str, Any]:
        return {
            **{name: getattr(buyer, name) for name in BUYER_PROFILE_FIELDS if name != "keywords"},
            "keywords": ", ".join(buyer.keywords or []),
            "categories": [c.code for c in buyer.categories.all()],
        }

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in BUYER_PROFILE_FIELDS}


BUYER_PROFILE_FIELDS = (
    "company",
    "organisation_type",
    "country",
    "city",
    "website",
    "looking_for",
    "description",
    "keywords",
    "languages",
    "purchasing_role",
    "purchase_timeframe",
    "budget_band",
)


class AvailabilityForm(forms.Form):
    """One slot to block or free (the availability grid's buttons)."""

    action = forms.ChoiceField(choices=[("block", _("Block")), ("unblock", _("Free"))])


class BuyerDaysForm(forms.Form):
    """The show days a buyer attends (checkboxes on the availability page)."""

    day = forms.ModelMultipleChoiceField(
        label=_("Days you attend"),
        queryset=EventDay.objects.none(),
        error_messages={"required": _("Choose at least one day."), "invalid_choice": _("Choose days of this event.")},
    )

    def __init__(self, *args: object, event: Event, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].queryset = event.days.order_by("date")
