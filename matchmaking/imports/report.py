"""What an import did (or, in a dry run, would do): counts, and every problem with its row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class ImportIssue(NamedTuple):
    """One problem. `row` as the spreadsheet shows it (header = 1, first data row = 2; 0 = the whole file);
    `column` is the canonical column name ("" when the problem is not about one column)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message if not self.column else f"column {self.column}: {self.message}"
        if not self.column:
            return f"row {self.row}: {self.message}"
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class ImportReport:
    """The outcome of ``profiles_import``.

    - `rows`: non-blank data rows in the file; `valid_rows`: those that passed every check.
    - `created`, `updated`, `unchanged`: rows that were — or in a dry run would be — imported that way. All 0 when
      the file was refused. "unchanged" rows were not saved at all.
    - `skipped`: rows not imported: the invalid ones with `valid_rows_only`, every row when the file was refused.
    - `users_created`, `leads_added`: new user accounts and new (or promoted) lead team members.
    - `errors`: every problem found; any error means something was refused. `warnings`: ignored columns.
    """

    kind: str
    filename: str
    dry_run: bool = False
    valid_rows_only: bool = False
    rows: int = 0
    valid_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    users_created: int = 0
    leads_added: int = 0
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        """True when the file or some of its rows were refused (there is at least one error)."""
        return bool(self.errors)

    @property
    def written(self) -> bool:
        """True when the import changed the database (never in a dry run)."""
        return not self.dry_run and bool(self.created or self.updated)

    def summary(self) -> str:
        """One sentence for the organiser, e.g. "2 created, 1 updated, 0 unchanged, 1 skipped."."""
        counts = _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(skipped)d skipped") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
        }
        if not (self.created or self.updated or self.unchanged) and self.errors:
            errors = ngettext("%(n)d error", "%(n)d errors", len(self.errors)) % {"n": len(self.errors)}
            if self.dry_run:
                return _("Nothing would be imported: %(errors)s.") % {"errors": errors}
            return _("Nothing was imported: %(errors)s.") % {"errors": errors}
        people = ngettext("%(n)d new user", "%(n)d new users", self.users_created) % {"n": self.users_created}
        if self.dry_run:
            return _("Dry run, nothing was written. It would be: %(counts)s; %(people)s.") % {
                "counts": counts,
                "people": people,
            }
        return f"{counts}; {people}."
