"""The participant import service: check every row of a file, then write all of it (or the valid rows) at once."""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from matchmaking.enums import TeamRole
from matchmaking.imports.columns import ImportKind
from matchmaking.imports.planning import Planner, Row
from matchmaking.imports.reading import FileRefused, read_table
from matchmaking.imports.report import ImportIssue, ImportReport
from matchmaking.models import Event, TeamMember, User

log = logging.getLogger(__name__)


def profiles_import(
    *,
    event: Event,
    kind: str,
    filename: str,
    data: bytes,
    by_user: User | None,
    valid_rows_only: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import the exhibitors or buyers (`kind`: "exhibitors" / "buyers") of `event` from a CSV or XLSX file.

    Every row is checked first. Unless every row is valid, nothing is written — or, with `valid_rows_only`,
    only the valid rows are written and the others are reported. Problems with the file as a whole (unreadable,
    over the limits, a required column missing) always refuse everything. With `dry_run` nothing is written
    but the report counts what would have happened.

    Rows are matched to existing profiles by the `key` column (Profile.external_key), else by company name
    (case-insensitive); unchanged rows are not saved. The lead contact's user (by e-mail) and lead TeamMember
    are created when missing; existing users only get empty names or phone filled in; nobody is removed.

    All writes happen in one transaction; a database error rolls everything back and is reported as an error.
    Bad input never raises: it becomes an error in the report. Only an unknown `kind` raises ValueError (a
    programming error). After an import that changed something, the event's recommendations are recomputed in
    the background once the transaction has committed.
    """
    kind = ImportKind(kind)
    report = ImportReport(kind=kind, filename=filename, dry_run=dry_run, valid_rows_only=valid_rows_only)
    try:
        table = read_table(filename=filename, data=data)
    except FileRefused as exc:
        report.errors.append(ImportIssue(0, "", str(exc)))
        return report
    report.rows = len(table.rows)
    planner = Planner(event=event, kind=kind, report=report)
    writing = 0  # the row being written, for the report if the database refuses it
    try:
        with transaction.atomic():
            # Serialise imports of one event, so two uploads cannot both create the same profile.
            Event.objects.select_for_update().filter(pk=event.pk).first()
            rows = planner.plan(table)
            for row in rows:
                report.errors.extend(row.errors)
            valid = [row for row in rows if not row.errors]
            report.valid_rows = len(valid) if planner.header_ok else 0
            if not planner.header_ok or (len(valid) < len(rows) and not valid_rows_only):
                report.skipped = report.rows
            else:
                _count(report, valid, skipped=len(rows) - len(valid))
                if not dry_run:
                    for row in valid:
                        writing = row.number
                        _write(planner, row)
                    writing = 0
                    if report.created or report.updated:
                        _recompute_after_commit(event)
    except DatabaseError as exc:
        report.created = report.updated = report.unchanged = report.users_created = report.leads_added = 0
        report.skipped = report.rows
        report.errors.append(
            ImportIssue(
                writing, "", _("The database refused this row (%(problem)s); nothing was imported.") % {"problem": exc}
            )
        )
    by = by_user.pk if by_user is not None else "command line"
    log.info("import of %s %s for %s by user %s: %s", kind, filename, event.slug, by, report.summary())
    return report


def _count(report: ImportReport, valid: list[Row], *, skipped: int) -> None:
    report.skipped = skipped
    for row in valid:
        setattr(report, row.action, getattr(report, row.action) + 1)
        report.users_created += row.user is None
        report.leads_added += row.adds_lead


def _write(planner: Planner, row: Row) -> None:
    """Write one planned row: its user, its profile (only if something changed), categories, days, lead."""
    user = row.user
    if user is None:
        user = User.objects.create_user(password=None, **row.user_values)  # no password: unusable until reset
        planner.users[user.email] = user
    elif row.user_fill:
        for name, value in row.user_fill.items():
            setattr(user, name, value)
        user.save(update_fields=list(row.user_fill))
    profile = row.profile
    if row.is_new:
        profile.save()
    elif row.saves_profile:
        profile.save(update_fields=[*row.changed_fields, "updated_at"])
    if row.categories is not None:
        profile.categories.set(row.categories)
    if row.days is not None:
        profile.days_attending.set(row.days)
    if row.lead is None:
        TeamMember.objects.create(user=user, role=TeamRole.LEAD, **{planner.side: profile})
    elif row.lead.role != TeamRole.LEAD:
        TeamMember.objects.filter(pk=row.lead.pk).update(role=TeamRole.LEAD)


def _recompute_after_commit(event: Event) -> None:
    # Imported lazily like the other services do: the task module pulls in the matching service.
    from matchmaking.tasks import recompute_recommendations

    event_id = event.pk
    transaction.on_commit(lambda: recompute_recommendations.enqueue(event_id))
