"""Turning an uploaded file (bytes) into a header and rows of text cells, whatever the file holds.

Contract: ``read_table(filename=..., data=...)`` returns a ``Table`` or raises ``FileRefused`` with a message fit
for the organiser. It never raises anything else on bad input: malformed CSV, binary garbage, a workbook without
sheets, a wrong encoding or a file over the limits all become ``FileRefused``. No database access here.

Row numbers are the ones a spreadsheet shows: the header is row 1, the first data row is row 2; a CSV record that
spans several lines (a quoted cell with line breaks) is one row, as in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200
# An XLSX is a zip archive: a few megabytes can unpack to gigabytes. Refuse before openpyxl reads it.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

CSV_EXTENSIONS = frozenset({".csv", ".txt"})
XLSX_EXTENSIONS = frozenset({".xlsx", ".xlsm"})
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls and password-protected workbooks
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class FileRefused(Exception):
    """The file cannot be read as a table at all; the message says why, for the organiser."""


@dataclass
class Table:
    """A file's first row (`header`) and its data rows as `(row number, cells)`, every cell a stripped string.

    Fully blank rows are left out (their numbers are skipped, so later rows keep the numbers the user sees).
    """

    format: str  # "csv" or "xlsx"
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def read_table(*, filename: str, data: bytes) -> Table:
    """Read a CSV (UTF-8, optional BOM, comma/semicolon/tab sniffed) or XLSX (first sheet) file.

    The format is decided by the content and must agree with the file name's extension (``.csv``/``.txt`` or
    ``.xlsx``/``.xlsm``; a name without extension is judged by content alone). Raises ``FileRefused``.
    """
    if len(data) > MAX_BYTES:
        raise FileRefused(
            _("The file is %(size).1f MB; files over %(limit)d MB cannot be imported. Split it into smaller files.")
            % {"size": len(data) / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise FileRefused(_("The file is empty."))
    extension = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    looks_zip = data.startswith(ZIP_MAGIC)
    if extension and extension not in CSV_EXTENSIONS | XLSX_EXTENSIONS:
        raise FileRefused(
            _("“%(name)s” is not a CSV (.csv) or Excel (.xlsx) file; only those can be imported.") % {"name": filename}
        )
    if data.startswith(OLE_MAGIC):
        raise FileRefused(
            _(
                "This is an old Excel (.xls) or a password-protected workbook, which cannot be read. "
                "Save it as an Excel workbook (.xlsx) without a password, or as CSV UTF-8."
            )
        )
    if extension in XLSX_EXTENSIONS and not looks_zip:
        raise FileRefused(_("“%(name)s” is not an Excel workbook (its content is not .xlsx).") % {"name": filename})
    if extension in CSV_EXTENSIONS and looks_zip:
        raise FileRefused(
            _("“%(name)s” is named like a CSV file but holds a zip archive (an Excel workbook?). Rename it to .xlsx.")
            % {"name": filename}
        )
    table = _read_xlsx(data) if looks_zip else _read_csv(data)
    _trim_header(table)
    return table


# --- CSV ------------------------------------------------------------------------------------------------------


def _read_csv(data: bytes) -> Table:
    if data.startswith(UTF16_BOMS):
        raise FileRefused(_("The file is UTF-16 text (Excel’s “Unicode text”). Save it as “CSV UTF-8” instead."))
    if b"\x00" in data:
        raise FileRefused(_("The file is binary, neither CSV text nor an Excel workbook."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(
            _(
                "The file is not UTF-8 text (byte %(byte)s at position %(position)d). "
                "Save it as “CSV UTF-8” (Excel) or choose the UTF-8 encoding when exporting."
            )
            % {"byte": f"0x{data[exc.start]:02X}", "position": exc.start}
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text), strict=True)
    table = Table(format="csv", header=[])
    try:
        for number, record in enumerate(reader, start=1):
            if number == 1:
                table.header = [cell.strip() for cell in record]
                continue
            _add_row(table, number, [cell.strip() for cell in record])
    except csv.Error as exc:
        raise FileRefused(
            _("The CSV file is malformed near line %(line)d: %(problem)s.") % {"line": reader.line_num, "problem": exc}
        ) from exc
    return table


def _sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: whichever of comma, semicolon and tab occurs most outside quotes."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            break
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


# --- XLSX -----------------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRefused(_("The file is a damaged zip archive, not a readable Excel workbook.")) from exc
    if "xl/workbook.xml" not in names:
        raise FileRefused(_("The file is a zip archive but not an Excel workbook (.xlsx)."))
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRefused(
            _("The workbook unpacks to more than %(limit)d MB; split it into smaller files.")
            % {"limit": MAX_UNPACKED_BYTES // 1024 // 1024}
        )
    # openpyxl is only needed here; importing it lazily keeps it out of the web process until someone uploads.
    from openpyxl import load_workbook

    table = Table(format="xlsx", header=[])
    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it ignores (styles, data validation); none matter to us.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheets = workbook.worksheets
                if not sheets:
                    raise FileRefused(_("The workbook has no sheet."))
                rows = sheets[0].iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
                for number, values in enumerate(rows, start=1):
                    cells = [_cell_text(value) for value in values]
                    if number == 1:
                        table.header = cells
                    else:
                        _add_row(table, number, cells)
            finally:
                workbook.close()
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many types (KeyError, ValueError, XML errors) on broken files
        raise FileRefused(_("The Excel workbook could not be read (%(problem)s).") % {"problem": exc}) from exc
    return table


def _cell_text(value: object) -> str:
    """An XLSX cell as the text the user sees: 2 not 2.0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


# --- common ---------------------------------------------------------------------------------------------------


def _add_row(table: Table, number: int, cells: list[str]) -> None:
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return
    if len(table.rows) >= MAX_ROWS:
        raise FileRefused(
            _("The file has more than %(limit)s data rows; split it into smaller files.") % {"limit": f"{MAX_ROWS:,}"}
        )
    table.rows.append((number, cells))


def _trim_header(table: Table) -> None:
    """Drop empty trailing header cells (spreadsheets often carry formatted empty columns); check the width."""
    while table.header and not table.header[-1]:
        table.header.pop()
    if not any(table.header):
        raise FileRefused(_("Row 1 must hold the column names, but it is empty."))
    if len(table.header) > MAX_COLUMNS:
        raise FileRefused(_("The file has more than %(limit)d columns.") % {"limit": MAX_COLUMNS})


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
