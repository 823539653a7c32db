"""Participant import (exhibitors, buyers) from CSV and XLSX files: see docs/imports.md.

The organiser upload page and ``manage.py import_profiles`` both call ``profiles_import``.
"""

from matchmaking.imports.columns import COLUMNS, ImportKind, columns_for
from matchmaking.imports.reading import MAX_BYTES, MAX_COLUMNS, MAX_ROWS
from matchmaking.imports.report import ImportIssue, ImportReport
from matchmaking.imports.service import profiles_import

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "ImportIssue",
    "ImportKind",
    "ImportReport",
    "columns_for",
    "profiles_import",
]
