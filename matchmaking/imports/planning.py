"""Checking an import file row by row and planning what to write: nothing here writes to the database.

Contract: ``Planner(event=..., kind=..., report=...).plan(table)`` maps the header (warnings and file-level errors
go to the report), parses and validates every row against the file, the event and the database, and returns the
rows with their plan and their errors. Every problem found is recorded; a row whose cells failed is still checked
as far as that makes sense, so the organiser sees all problems at once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from matchmaking.enums import TeamRole
from matchmaking.imports.columns import (
    ALL_COLUMN_NAMES,
    CATEGORIES,
    DAYS,
    KEY,
    PROFILE,
    USER,
    Column,
    ImportKind,
    columns_for,
    normalise_header,
)
from matchmaking.imports.reading import Table, column_letter
from matchmaking.imports.report import ImportIssue, ImportReport
from matchmaking.models import Buyer, Category, Event, EventDay, Exhibitor, TeamMember, User

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DAY_NUMBER_RE = re.compile(r"^\d{1,3}$")
QUERY_CHUNK = 500


@dataclass
class Row:
    """One data row: its parsed values, then its plan (what to write) and its errors."""

    number: int
    key: str = ""
    company: str = ""
    profile_values: dict[str, Any] = field(default_factory=dict)
    user_values: dict[str, Any] = field(default_factory=dict)
    category_codes: list[str] | None = None
    day_tokens: list[str] | None = None
    errors: list[ImportIssue] = field(default_factory=list)
    # The plan.
    profile: Any = None
    is_new: bool = False
    changed_fields: list[str] = field(default_factory=list)
    categories: list[Category] | None = None
    days: list[EventDay] | None = None
    user: User | None = None
    user_fill: dict[str, Any] = field(default_factory=dict)
    lead: TeamMember | None = None

    @property
    def email(self) -> str:
        return self.user_values.get("email", "")

    def error(self, column: str, message: str) -> None:
        self.errors.append(ImportIssue(self.number, column, message))

    def has_error(self, column: str) -> bool:
        return any(issue.column == column for issue in self.errors)

    @property
    def adds_lead(self) -> bool:
        """The lead TeamMember is missing (or is a plain member) and will be created (or promoted)."""
        return self.lead is None or self.lead.role != TeamRole.LEAD

    @property
    def saves_profile(self) -> bool:
        """The profile row itself is written (so its updated_at moves): new, or a field or category/day changed."""
        return self.is_new or bool(self.changed_fields) or self.categories is not None or self.days is not None

    @property
    def action(self) -> str:
        """ "created", "updated" or "unchanged" (nothing at all is written for this row)."""
        if self.is_new:
            return "created"
        if self.saves_profile or self.user is None or self.user_fill or self.adds_lead:
            return "updated"
        return "unchanged"


class Planner:
    """What one import needs to look up (existing profiles, users, categories, days), and the checks."""

    def __init__(self, *, event: Event, kind: str, report: ImportReport) -> None:
        self.event = event
        self.kind = kind
        self.report = report
        self.model: type[Exhibitor] | type[Buyer] = Exhibitor if kind == ImportKind.EXHIBITORS else Buyer
        self.side = "exhibitor" if kind == ImportKind.EXHIBITORS else "buyer"
        self.columns: dict[int, Column] = {}
        self.header_ok = False
        # Filled by _load.
        self.by_key: dict[str, Any] = {}
        self.by_company: dict[str, list[Any]] = defaultdict(list)
        self.categories: dict[str, Category] = {}
        self.event_days: dict[date, EventDay] = {}
        self.users: dict[str, User] = {}
        self.memberships: dict[int, list[TeamMember]] = defaultdict(list)
        self.claimed: dict[int, int] = {}  # existing profile id → the row that updates it

    def plan(self, table: Table) -> list[Row]:
        """Every data row with its plan and errors (each row's errors in the order of the file's columns)."""
        self.header_ok = self._map_header(table)
        rows = [self._parse(number, cells) for number, cells in table.rows]
        self._load(rows)
        self._mark_duplicates(rows)
        for row in rows:
            self._plan(row)
        position = {column.name: index for index, column in self.columns.items()}
        for row in rows:
            row.errors.sort(key=lambda issue: position.get(issue.column, len(position)))
        return rows

    # --- header -----------------------------------------------------------------------------------------------

    def _map_header(self, table: Table) -> bool:
        """Map column indexes to known columns; report unknown columns (warnings) and missing ones (errors)."""
        known = columns_for(self.kind)
        seen: dict[str, int] = {}
        ok = True
        for index, text in enumerate(table.header):
            if not text:
                continue
            name = normalise_header(text)
            if name in seen:
                ok = False
                self._file_issue(
                    self.report.errors,
                    name,
                    _("The column appears twice (columns %(first)s and %(second)s).")
                    % {"first": column_letter(seen[name]), "second": column_letter(index)},
                )
            elif name in known:
                seen[name] = index
                self.columns[index] = known[name]
            elif name in ALL_COLUMN_NAMES:
                self._file_issue(
                    self.report.warnings,
                    text,
                    _("This column is not used for %(kind)s; ignored.") % {"kind": self.kind},
                )
            else:
                self._file_issue(self.report.warnings, text, _("Unknown column; ignored."))
        for column in known.values():
            if column.required and column.name not in seen:
                ok = False
                self._file_issue(self.report.errors, column.name, _("This required column is missing."))
        unnamed = sorted(
            {
                index
                for _number, cells in table.rows
                for index, cell in enumerate(cells)
                if cell and (index >= len(table.header) or not table.header[index])
            }
        )
        for index in unnamed:
            self._file_issue(
                self.report.warnings,
                column_letter(index),
                _("This column has values but no name in row 1; ignored."),
            )
        return ok

    @staticmethod
    def _file_issue(issues: list[ImportIssue], column: str, message: str) -> None:
        issues.append(ImportIssue(1, column, message))

    # --- cells ------------------------------------------------------------------------------------------------

    def _parse(self, number: int, cells: list[str]) -> Row:
        row = Row(number=number)
        for index, column in self.columns.items():
            text = cells[index] if index < len(cells) else ""
            if not text:
                if column.required:
                    row.error(column.name, _("A value is required."))
                    continue
                value = column.empty
            else:
                try:
                    value = column.parse(text)
                except ValidationError as exc:
                    row.error(column.name, _message(exc))
                    continue
            if column.target == KEY:
                row.key = value
            elif column.target == PROFILE:
                model_field = self.model._meta.get_field(column.field)
                if value is None and isinstance(model_field, models.Field):
                    value = model_field.get_default()
                row.profile_values[column.field] = value
                if column.field == "company":
                    row.company = value
            elif column.target == USER:
                if value:  # an empty cell leaves the user's value as it is
                    row.user_values[column.field] = value
            elif column.target == CATEGORIES:
                row.category_codes = value
            elif column.target == DAYS:
                row.day_tokens = value
        return row

    # --- lookups ----------------------------------------------------------------------------------------------

    def _load(self, rows: list[Row]) -> None:
        """Everything the plan looks up, in a few queries, whatever the number of rows."""
        profiles = self.model.objects.filter(event=self.event).prefetch_related("categories")
        if self.model is Buyer:
            profiles = profiles.prefetch_related("days_attending")
        for profile in profiles:
            if profile.external_key:
                self.by_key[profile.external_key] = profile
            self.by_company[profile.company.casefold()].append(profile)
        self.categories = {category.code: category for category in Category.objects.all()}
        self.event_days = {day.date: day for day in EventDay.objects.filter(event=self.event)}
        emails = sorted({row.email for row in rows if row.email})
        for start in range(0, len(emails), QUERY_CHUNK):
            chunk = emails[start : start + QUERY_CHUNK]
            for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk):
                self.users[user.email.lower()] = user
        # One query for the whole side of the event: filtering by thousands of user ids is slower.
        user_ids = {user.pk for user in self.users.values()}
        for member in TeamMember.objects.filter(**{f"{self.side}__event": self.event}).select_related(self.side):
            if member.user_id in user_ids:
                self.memberships[member.user_id].append(member)

    def _mark_duplicates(self, rows: list[Row]) -> None:
        """Rows sharing a key, a company or a lead contact are all refused, each naming the others."""
        checks = (
            ("key", lambda row: row.key, _("The same key is also in %(rows)s.")),
            ("company", lambda row: row.company.casefold(), _("The same company is also in %(rows)s.")),
            (
                "contact_email",
                lambda row: row.email,
                _("The same person is also the contact in %(rows)s; a person can be on one team only."),
            ),
        )
        for column, value_of, message in checks:
            groups: dict[str, list[Row]] = defaultdict(list)
            for row in rows:
                if value_of(row) and not row.has_error(column):
                    groups[value_of(row)].append(row)
            for group in groups.values():
                for row in group if len(group) > 1 else ():
                    others = [str(other.number) for other in group if other is not row]
                    rows_text = ngettext("row %(list)s", "rows %(list)s", len(others)) % {"list": ", ".join(others)}
                    row.error(column, message % {"rows": rows_text})

    # --- the plan of one row ----------------------------------------------------------------------------------

    def _plan(self, row: Row) -> None:
        """Decide what to write for the row, and find every remaining problem with it (added to its errors).

        A row whose cells already failed is still checked as far as possible, so the report lists every problem;
        only checks that depend on a failed cell are left out.
        """
        # Matching needs a sound identity; with a broken header the file is refused anyway: only check cells.
        identified = self.header_ok and not row.has_error("company") and not row.has_error("key")
        profile = self._match(row) if identified else None
        if profile is not None:
            first = self.claimed.setdefault(profile.pk, row.number)
            if first != row.number:
                # E.g. one row renames "Acme" by its key while a later, keyless row still says "Acme".
                row.error("company", _("This row and row %(row)d both match the same profile.") % {"row": first})
                profile = None
        identified = identified and not row.has_error("company")
        values = dict(row.profile_values)
        if row.key:
            values["external_key"] = row.key  # an empty key cell never clears a stored key
        if profile is None:
            profile = self.model(event=self.event, **values)
            row.is_new = True
        else:
            for name, value in values.items():
                if getattr(profile, name) != value:
                    row.changed_fields.append(name)
                    setattr(profile, name, value)
        row.profile = profile
        self._validate_profile(row)
        self._plan_categories(row)
        self._plan_days(row)
        self._plan_contact(row, check_teams=identified)

    def _match(self, row: Row) -> Any:
        company = row.company.casefold()
        same_company = self.by_company.get(company, [])
        profile = self.by_key.get(row.key) if row.key else None
        if profile is None:
            if row.key and any(p.external_key for p in same_company):
                keyed = next(p for p in same_company if p.external_key)
                row.error(
                    "company",
                    _("“%(company)s” was imported with the key “%(key)s”; correct the key or the company.")
                    % {"company": row.company, "key": keyed.external_key},
                )
            elif len(same_company) > 1:
                row.error(
                    "company",
                    _("Several profiles are called “%(company)s”; give each a key to tell them apart.")
                    % {"company": row.company},
                )
            elif same_company:
                profile = same_company[0]
        elif any(p.pk != profile.pk for p in same_company):
            row.error(
                "company",
                _("Another profile at this event is already called “%(company)s”.") % {"company": row.company},
            )
        return profile

    def _validate_profile(self, row: Row) -> None:
        """The model's own validation (field validators, choices, clean()); TextField lengths checked here."""
        profile = row.profile
        column_of = {column.field: column.name for column in self.columns.values() if column.target != USER}
        for name, value in row.profile_values.items():
            model_field = profile._meta.get_field(name)
            if isinstance(model_field, models.TextField) and model_field.max_length and isinstance(value, str):
                try:
                    MaxLengthValidator(model_field.max_length)(value)
                except ValidationError as exc:
                    row.error(column_of[name], _message(exc))
        try:
            # Uniqueness (key, company) is checked above against the whole file and the event; the database
            # constraints still guard against a race. The event is ours, no need to query it for every row.
            profile.full_clean(exclude=["event"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            self._add_model_errors(row, exc, column_of)

    def _add_model_errors(self, row: Row, exc: ValidationError, column_of: dict[str, str]) -> None:
        for name, messages in exc.message_dict.items():
            column = column_of.get(name)
            # Fields the file has no column for are not the file's problem (a missing required column is
            # reported once, for row 1); a cell whose own problem is already reported needs no second one.
            if column is None or row.has_error(column):
                continue
            # One problem per cell is enough (e.g. "not a country code", not also "at most 2 characters").
            row.error(column, messages[0])

    def _plan_categories(self, row: Row) -> None:
        if row.category_codes is None:
            return
        unknown = [code for code in row.category_codes if code not in self.categories]
        if unknown:
            row.error("categories", _("Unknown category codes: %(codes)s.") % {"codes": ", ".join(unknown)})
            return
        wanted = [self.categories[code] for code in row.category_codes]
        if row.is_new or {c.pk for c in row.profile.categories.all()} != {c.pk for c in wanted}:
            row.categories = wanted

    def _plan_days(self, row: Row) -> None:
        if row.day_tokens is None:
            return
        days = []
        for token in row.day_tokens:
            day = self._event_day(row, token)
            if day is not None:
                days.append(day)
        if row.has_error("days_attending"):
            return
        if row.is_new or {d.pk for d in row.profile.days_attending.all()} != {d.pk for d in days}:
            row.days = days

    def _event_day(self, row: Row, token: str) -> EventDay | None:
        first, last = self.event.start_date, self.event.end_date
        length = (last - first).days + 1
        when: date | None = None
        if DATE_RE.match(token):
            try:
                when = date.fromisoformat(token)
            except ValueError:
                when = None
        elif DAY_NUMBER_RE.match(token) and 1 <= int(token) <= length:
            when = first + timedelta(days=int(token) - 1)
        if when is None or not first <= when <= last:
            row.error(
                "days_attending",
                _("“%(value)s” is not a day of the event: use dates %(first)s to %(last)s or day numbers 1 to %(n)d.")
                % {"value": token, "first": first.isoformat(), "last": last.isoformat(), "n": length},
            )
            return None
        day = self.event_days.get(when)
        if day is None:
            row.error(
                "days_attending",
                _("The event has no day plan for %(date)s yet; add the event's days first.")
                % {"date": when.isoformat()},
            )
        return day

    def _plan_contact(self, row: Row, *, check_teams: bool) -> None:
        """The lead contact: validated as a User would be; must not be on another team of this side."""
        column_of = {column.field: column.name for column in self.columns.values() if column.target == USER}
        if row.has_error("contact_email"):
            return
        candidate = User(**row.user_values)
        exclude = [f.name for f in User._meta.fields if f.name not in row.user_values]
        try:
            candidate.clean_fields(exclude=exclude)
        except ValidationError as exc:
            self._add_model_errors(row, exc, column_of)
            return
        user = self.users.get(row.email)
        if user is None or not check_teams:
            return
        row.user = user
        memberships = self.memberships.get(user.pk, [])
        elsewhere = [m for m in memberships if row.is_new or getattr(m, f"{self.side}_id") != row.profile.pk]
        if elsewhere:
            row.error(
                "contact_email",
                _("%(email)s is already on the team of “%(company)s” at this event.")
                % {"email": row.email, "company": elsewhere[0].profile.company},
            )
            return
        row.lead = memberships[0] if memberships else None
        row.user_fill = {
            name: value for name, value in row.user_values.items() if name != "email" and not getattr(user, name)
        }


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages)
