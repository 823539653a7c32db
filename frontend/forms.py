"""Portal forms: shape and size checks only; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from matchmaking.imports import MAX_BYTES, ImportKind


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
