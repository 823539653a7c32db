"""Participant import from CSV and XLSX: the service, its limits and the import_profiles command."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from matchmaking.enums import BuyerOrganisationType, ExhibitorOrganisationType, Language, SponsorTier, TeamRole
from matchmaking.imports import MAX_BYTES, MAX_ROWS, ImportIssue, profiles_import
from matchmaking.imports.reading import FileRefused, read_table
from matchmaking.models import Buyer, Exhibitor, TeamMember, User
from matchmaking.services import taxonomy_load
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EXHIBITOR_HEADER = [
    "Key",
    "Company*",
    "Organisation type",
    "country",
    "City",
    "website",
    "description",
    "languages",
    "keywords",
    "categories",
    "Contact e-mail",
    "contact first name",
    "contact_last_name",
    "Contact phone",
    "contact language",
    "offering",
    "hall",
    "booth",
    "parallel meetings",
    "sponsor tier",
]
KAMERA = [
    "EX-1",
    "Kamera Tizimlari MChJ",
    "manufacturer",
    "uz",
    "Tashkent",
    "kamera.uz",
    "IP cameras made in Uzbekistan",
    "uz, ru en",
    "cctv; IP camera, cctv",
    "1.1; 1.2",
    "Aziz@Kamera.uz",
    "Aziz",
    "Karimov",
    "+998 90 123 45 67",
    "uz",
    "IP cameras and NVRs",
    "Pavilion 1",
    "A12",
    "3",
    "gold",
]
TURNIKET = [
    "EX-2",
    "Turniket Pro",
    "System integrator",
    "KZ",
    "Almaty",
    "",
    "",
    "ru",
    "",
    "2.3",
    "sales@turniket.kz",
    "",
    "",
    "",
    "",
    "Turnstiles and barriers",
    "Pavilion 2",
    "B4",
    "",
    "",
]

BUYER_HEADER = [
    "key",
    "company",
    "organisation_type",
    "country",
    "languages",
    "categories",
    "looking_for",
    "days_attending",
    "purchase_timeframe",
    "budget_band",
    "purchasing_role",
    "contact_email",
    "contact_first_name",
    "contact_phone",
]
METRO = [
    "B-1",
    "Metro Toshkent",
    "Transport: metro, airports, railways",
    "UZ",
    "uz ru",
    1.1,
    "CCTV for metro stations",
    date(2026, 11, 10),
    "0-3m",
    "250k-1m",
    "Decision maker",
    "buyer@metro.uz",
    "Dilshod",
    998901112233,
]
OLMALIQ = [
    "B-2",
    "Olmaliq Zavodi",
    "industry",
    "UZ",
    "ru",
    "4.1, 4",
    "Fire alarms for the plant",
    "2; 3",
    "6-12m",
    "",
    "",
    "safety@olmaliq.uz",
    "",
    "",
]


@pytest.fixture
def categories():
    return taxonomy_load()


@pytest.fixture
def event(categories):
    event = EventFactory(start_date=date(2026, 11, 10), end_date=date(2026, 11, 12))
    for day in (10, 11, 12):
        EventDayFactory(event=event, date=date(2026, 11, day))
    return event


def write_csv(path, rows, *, delimiter=",", bom=False):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode())
    return path


def write_xlsx(path, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def run(event, path, kind="exhibitors", **options):
    return profiles_import(event=event, kind=kind, filename=path.name, data=path.read_bytes(), by_user=None, **options)


def counts(report):
    return report.created, report.updated, report.unchanged, report.skipped


def database_state():
    return (
        Exhibitor.objects.count(),
        Buyer.objects.count(),
        User.objects.count(),
        TeamMember.objects.count(),
        Exhibitor.categories.through.objects.count(),
        Buyer.days_attending.through.objects.count(),
    )


# --- good files ---------------------------------------------------------------------------------------------


def test_profiles_import_csv_creates_exhibitors_users_and_leads(event, tmp_path):
    path = write_csv(tmp_path / "exhibitors.csv", [EXHIBITOR_HEADER, KAMERA, TURNIKET], delimiter=";", bom=True)

    report = run(event, path)

    assert report.errors == [] and report.warnings == []
    assert (report.rows, report.valid_rows, *counts(report)) == (2, 2, 2, 0, 0, 0)
    assert (report.users_created, report.leads_added) == (2, 2)
    kamera = Exhibitor.objects.get(event=event, external_key="EX-1")
    assert kamera.company == "Kamera Tizimlari MChJ"
    assert kamera.organisation_type == ExhibitorOrganisationType.MANUFACTURER
    assert (kamera.country, kamera.city, kamera.website) == ("UZ", "Tashkent", "https://kamera.uz")
    assert kamera.languages == ["uz", "ru", "en"]
    assert kamera.keywords == ["cctv", "IP camera"]
    assert sorted(kamera.categories.values_list("code", flat=True)) == ["1.1", "1.2"]
    assert (kamera.hall, kamera.booth, kamera.parallel_meetings) == ("Pavilion 1", "A12", 3)
    assert kamera.sponsor_tier == SponsorTier.GOLD
    lead = TeamMember.objects.get(exhibitor=kamera)
    assert lead.role == TeamRole.LEAD
    assert lead.user.email == "aziz@kamera.uz"
    assert (lead.user.first_name, lead.user.last_name, lead.user.phone) == ("Aziz", "Karimov", "+998 90 123 45 67")
    assert lead.user.language == Language.UZBEK
    assert not lead.user.has_usable_password()
    turniket = Exhibitor.objects.get(event=event, external_key="EX-2")
    assert turniket.organisation_type == ExhibitorOrganisationType.INTEGRATOR
    assert (turniket.parallel_meetings, turniket.sponsor_tier, turniket.keywords) == (1, "", [])
    assert TeamMember.objects.get(exhibitor=turniket).user.language == Language.ENGLISH


def test_profiles_import_xlsx_creates_buyers_with_categories_and_days(event, tmp_path):
    path = write_xlsx(tmp_path / "buyers.xlsx", [BUYER_HEADER, METRO, OLMALIQ])

    report = run(event, path, kind="buyers")

    assert report.errors == []
    assert counts(report) == (2, 0, 0, 0)
    metro = Buyer.objects.get(event=event, external_key="B-1")
    assert metro.organisation_type == BuyerOrganisationType.TRANSPORT
    assert list(metro.categories.values_list("code", flat=True)) == ["1.1"]
    assert [d.date for d in metro.days_attending.all()] == [date(2026, 11, 10)]
    assert (metro.purchase_timeframe, metro.budget_band, metro.purchasing_role) == ("0-3m", "250k-1m", "decision_maker")
    assert TeamMember.objects.get(buyer=metro).user.phone == "998901112233"
    olmaliq = Buyer.objects.get(event=event, external_key="B-2")
    assert sorted(olmaliq.categories.values_list("code", flat=True)) == ["4", "4.1"]
    assert [d.number for d in olmaliq.days_attending.order_by("date")] == [2, 3]


def test_profiles_import_same_file_again_changes_nothing(event, tmp_path):
    path = write_csv(tmp_path / "exhibitors.csv", [EXHIBITOR_HEADER, KAMERA, TURNIKET])
    run(event, path)
    before = database_state()
    stamps = dict(Exhibitor.objects.values_list("pk", "updated_at"))

    report = run(event, path)

    assert report.errors == []
    assert counts(report) == (0, 0, 2, 0)
    assert (report.users_created, report.leads_added) == (0, 0)
    assert database_state() == before
    assert dict(Exhibitor.objects.values_list("pk", "updated_at")) == stamps


def test_profiles_import_same_xlsx_again_changes_nothing(event, tmp_path):
    path = write_xlsx(tmp_path / "buyers.xlsx", [BUYER_HEADER, METRO, OLMALIQ])
    run(event, path, kind="buyers")
    stamps = dict(Buyer.objects.values_list("pk", "updated_at"))

    report = run(event, path, kind="buyers")

    assert counts(report) == (0, 0, 2, 0)
    assert dict(Buyer.objects.values_list("pk", "updated_at")) == stamps


def test_profiles_import_changed_row_updates_only_that_profile(event, tmp_path):
    run(event, write_csv(tmp_path / "first.csv", [EXHIBITOR_HEADER, KAMERA, TURNIKET]))
    turniket = Exhibitor.objects.get(external_key="EX-2")
    changed = [*TURNIKET]
    changed[EXHIBITOR_HEADER.index("booth")] = "B5"
    changed[EXHIBITOR_HEADER.index("categories")] = "2.3 2.4"

    report = run(event, write_csv(tmp_path / "second.csv", [EXHIBITOR_HEADER, KAMERA, changed]))

    assert counts(report) == (0, 1, 1, 0)
    turniket.refresh_from_db()
    assert turniket.booth == "B5"
    assert sorted(turniket.categories.values_list("code", flat=True)) == ["2.3", "2.4"]


def test_profiles_import_row_without_key_matches_company_case_insensitively(event, tmp_path):
    existing = ExhibitorFactory(event=event, company="Kamera Tizimlari MChJ", external_key="")
    row = [*KAMERA]
    row[1] = "KAMERA tizimlari mchj"

    report = run(event, write_csv(tmp_path / "exhibitors.csv", [EXHIBITOR_HEADER, row]))

    assert counts(report) == (0, 1, 0, 0)
    existing.refresh_from_db()
    assert (existing.external_key, existing.company, existing.booth) == ("EX-1", "KAMERA tizimlari mchj", "A12")
    assert Exhibitor.objects.filter(event=event).count() == 1


def test_profiles_import_absent_columns_are_left_alone(event, tmp_path):
    existing = ExhibitorFactory(event=event, external_key="EX-1", company="Kamera", hall="Pavilion 3", booth="C1")
    header = ["key", "company", "organisation_type", "country", "contact_email", "booth"]

    report = run(
        event,
        write_csv(tmp_path / "booths.csv", [header, ["EX-1", "Kamera", "manufacturer", "UZ", "a@kamera.uz", "C2"]]),
    )

    assert counts(report) == (0, 1, 0, 0)
    existing.refresh_from_db()
    assert (existing.hall, existing.booth) == ("Pavilion 3", "C2")


def test_profiles_import_existing_user_keeps_own_details_and_becomes_lead(event, tmp_path):
    user = UserFactory(email="aziz@kamera.uz", first_name="Azizbek", last_name="", phone="")
    exhibitor = ExhibitorFactory(event=event, external_key="EX-1", company="Kamera Tizimlari MChJ")
    TeamMemberFactory(user=user, exhibitor=exhibitor, role=TeamRole.MEMBER)

    report = run(event, write_csv(tmp_path / "exhibitors.csv", [EXHIBITOR_HEADER, KAMERA]))

    assert report.errors == []
    assert (report.updated, report.users_created, report.leads_added) == (1, 0, 1)
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.phone) == ("Azizbek", "Karimov", "+998 90 123 45 67")
    assert user.has_usable_password()
    assert list(TeamMember.objects.filter(exhibitor=exhibitor).values_list("user", "role")) == [
        (user.pk, TeamRole.LEAD)
    ]


def test_profiles_import_that_changed_something_recomputes_recommendations(
    event, tmp_path, django_capture_on_commit_callbacks
):
    path = write_csv(tmp_path / "exhibitors.csv", [EXHIBITOR_HEADER, KAMERA])
    with django_capture_on_commit_callbacks() as first:
        run(event, path)
    with django_capture_on_commit_callbacks() as again:
        run(event, path)

    assert (len(first), len(again)) == (1, 0)


# --- bad files ----------------------------------------------------------------------------------------------


def test_profiles_import_bad_rows_reports_every_error_and_writes_nothing(event, tmp_path):
    other = ExhibitorFactory(event=event, company="Other Co")
    TeamMemberFactory(user=UserFactory(email="taken@other.uz"), exhibitor=other)
    before = database_state()

    def row(**changes):
        values = dict(zip(EXHIBITOR_HEADER, KAMERA, strict=True))
        values.update({"Key": "", "Contact e-mail": "", **changes})
        return [*values.values(), ""]

    rows = [
        [*EXHIBITOR_HEADER, "Notes"],
        row(**{"Key": "EX-1", "Contact e-mail": "one@kamera.uz"}),  # row 2: its key is reused in row 5
        row(**{"Company*": "Beta", "country": "Uzbekistan", "Contact e-mail": "not-an-email"}),  # 3
        [""] * len(EXHIBITOR_HEADER),  # 4: blank, ignored
        row(**{"Key": "EX-1", "Company*": "Gamma", "categories": "11; 1.9; 1.1", "parallel meetings": "25"}),  # 5
        row(**{"Company*": "Turniket Pro", "parallel meetings": "two", "Contact e-mail": "x@"}),  # 6
        row(
            **{
                "Company*": "turniket PRO",
                "description": "x" * 5001,
                "Organisation type": "Reseller",
                "Contact e-mail": "seven@turniket.uz",
            }
        ),  # 7
        row(**{"Company*": "Fresh Co", "Contact e-mail": "Taken@Other.uz"}),  # 8
    ]
    rows[4][EXHIBITOR_HEADER.index("Contact e-mail")] = "five@gamma.uz"

    report = run(event, write_csv(tmp_path / "bad.csv", rows))

    assert report.warnings == [ImportIssue(1, "Notes", "Unknown column; ignored.")]
    assert [(issue.row, issue.column) for issue in report.errors] == [
        (2, "key"),
        (3, "country"),
        (3, "contact_email"),
        (5, "key"),
        (5, "categories"),
        (5, "parallel_meetings"),
        (6, "company"),
        (6, "contact_email"),
        (6, "parallel_meetings"),
        (7, "company"),
        (7, "organisation_type"),
        (7, "description"),
        (8, "contact_email"),
    ]
    messages = {(issue.row, issue.column): issue.message for issue in report.errors}
    assert messages[(2, "key")] == "The same key is also in row 5."
    assert messages[(3, "country")] == "“Uzbekistan” is not a two-letter country code such as UZ."
    assert messages[(3, "contact_email")] == "Enter a valid email address."
    assert messages[(5, "categories")] == "Unknown category codes: 11, 1.9."
    assert messages[(5, "parallel_meetings")] == "Ensure this value is less than or equal to 20."
    assert messages[(6, "parallel_meetings")] == "“two” is not a whole number."
    assert messages[(7, "company")] == "The same company is also in row 6."
    assert messages[(7, "description")] == "Ensure this value has at most 5000 characters (it has 5001)."
    assert messages[(7, "organisation_type")].startswith("“Reseller” is not one of: manufacturer, distributor,")
    assert messages[(8, "contact_email")] == "taken@other.uz is already on the team of “Other Co” at this event."
    assert (report.rows, report.valid_rows, *counts(report)) == (6, 0, 0, 0, 0, 6)
    assert report.refused and not report.written
    assert database_state() == before


def test_profiles_import_missing_and_unknown_columns_refuse_the_file(event, tmp_path):
    header = ["Company", "country", "contact email", "Booth", "days attending", "Colour", "company"]
    path = write_csv(tmp_path / "bad.csv", [header, ["Acme", "Uzbekistan", "acme@acme.uz", "A1", "1", "red", "x"]])

    report = run(event, path, valid_rows_only=True)

    assert report.errors == [
        ImportIssue(1, "company", "The column appears twice (columns A and G)."),
        ImportIssue(1, "organisation_type", "This required column is missing."),
        ImportIssue(2, "country", "“Uzbekistan” is not a two-letter country code such as UZ."),
    ]
    assert report.warnings == [
        ImportIssue(1, "days attending", "This column is not used for exhibitors; ignored."),
        ImportIssue(1, "Colour", "Unknown column; ignored."),
    ]
    assert counts(report) == (0, 0, 0, 1)
    assert Exhibitor.objects.count() == 0


def test_profiles_import_values_without_column_name_are_warned_about(event, tmp_path):
    header = ["company", "organisation_type", "country", "contact_email"]
    path = write_csv(tmp_path / "extra.csv", [header, ["Acme", "manufacturer", "UZ", "a@acme.uz", "stray"]])

    report = run(event, path)

    assert report.warnings == [ImportIssue(1, "E", "This column has values but no name in row 1; ignored.")]
    assert report.created == 1


def test_profiles_import_company_with_other_key_is_refused(event, tmp_path):
    ExhibitorFactory(event=event, company="Kamera Tizimlari MChJ", external_key="OLD-7")

    report = run(event, write_csv(tmp_path / "exhibitors.csv", [EXHIBITOR_HEADER, KAMERA]))

    assert report.errors == [
        ImportIssue(
            2,
            "company",
            "“Kamera Tizimlari MChJ” was imported with the key “OLD-7”; correct the key or the company.",
        )
    ]


def test_profiles_import_two_rows_matching_one_profile_are_refused(event, tmp_path):
    ExhibitorFactory(event=event, company="Acme", external_key="EX-1")
    header = ["key", "company", "organisation_type", "country", "contact_email"]
    rows = [
        header,
        ["EX-1", "Acme Security", "manufacturer", "UZ", "a@acme.uz"],
        ["", "ACME", "manufacturer", "UZ", ""],
    ]
    rows[2][4] = "b@acme.uz"

    report = run(event, write_csv(tmp_path / "exhibitors.csv", rows))

    assert report.errors == [ImportIssue(3, "company", "This row and row 2 both match the same profile.")]


def test_profiles_import_same_contact_in_three_rows_names_the_others(event, tmp_path):
    header = ["company", "organisation_type", "country", "contact_email"]
    rows = [header, *([f"Co {n}", "manufacturer", "UZ", "same@acme.uz"] for n in range(3))]

    report = run(event, write_csv(tmp_path / "exhibitors.csv", rows))

    assert [str(issue) for issue in report.errors] == [
        f"row {n}, column contact_email: The same person is also the contact in rows {others}; "
        "a person can be on one team only."
        for n, others in ((2, "3, 4"), (3, "2, 4"), (4, "2, 3"))
    ]


def test_profiles_import_buyer_days_outside_the_event_are_errors(event, tmp_path):
    event.days.filter(date=date(2026, 11, 12)).delete()
    row = [*OLMALIQ]
    row[BUYER_HEADER.index("days_attending")] = "0, 2026-11-13, Monday, 3"

    report = run(event, write_xlsx(tmp_path / "buyers.xlsx", [BUYER_HEADER, row]), kind="buyers")

    hint = "is not a day of the event: use dates 2026-11-10 to 2026-11-12 or day numbers 1 to 3."
    assert [issue.message for issue in report.errors] == [
        f"“0” {hint}",
        f"“2026-11-13” {hint}",
        f"“Monday” {hint}",
        "The event has no day plan for 2026-11-12 yet; add the event's days first.",
    ]
    assert Buyer.objects.count() == 0


def test_profiles_import_person_on_a_team_of_the_other_side_is_accepted(event, tmp_path):
    buyer = BuyerFactory(event=event)
    TeamMemberFactory(user=UserFactory(email="aziz@kamera.uz"), exhibitor=None, buyer=buyer)

    report = run(event, write_csv(tmp_path / "exhibitors.csv", [EXHIBITOR_HEADER, KAMERA]))

    assert report.errors == []
    assert report.created == 1


# --- valid rows only, dry run --------------------------------------------------------------------------------


def test_profiles_import_valid_rows_only_writes_exactly_the_valid_rows(event, tmp_path):
    bad = [*TURNIKET]
    bad[EXHIBITOR_HEADER.index("country")] = "Kazakhstan"
    third = [*TURNIKET]
    third[:2] = ["EX-3", "Yongin Himoya"]
    third[EXHIBITOR_HEADER.index("Contact e-mail")] = "info@yongin.uz"
    path = write_csv(tmp_path / "exhibitors.csv", [EXHIBITOR_HEADER, KAMERA, bad, third])

    report = run(event, path, valid_rows_only=True)

    assert report.errors == [ImportIssue(3, "country", "“Kazakhstan” is not a two-letter country code such as UZ.")]
    assert counts(report) == (2, 0, 0, 1)
    assert report.refused and report.written
    assert sorted(Exhibitor.objects.values_list("external_key", flat=True)) == ["EX-1", "EX-3"]
    assert not User.objects.filter(email="sales@turniket.kz").exists()


def test_profiles_import_dry_run_writes_nothing_but_counts(event, tmp_path):
    run(event, write_csv(tmp_path / "first.csv", [EXHIBITOR_HEADER, KAMERA]))
    before = database_state()
    changed = [*KAMERA]
    changed[EXHIBITOR_HEADER.index("hall")] = "Pavilion 4"

    report = run(event, write_csv(tmp_path / "second.csv", [EXHIBITOR_HEADER, changed, TURNIKET]), dry_run=True)

    assert counts(report) == (1, 1, 0, 0)
    assert (report.users_created, report.leads_added) == (1, 1)
    assert not report.written
    assert report.summary() == (
        "Dry run, nothing was written. It would be: 1 created, 1 updated, 0 unchanged, 0 skipped; 1 new user."
    )
    assert database_state() == before
    assert Exhibitor.objects.get().hall == "Pavilion 1"


def test_profiles_import_dry_run_of_a_bad_file_reports_the_errors(event, tmp_path):
    bad = [*KAMERA]
    bad[EXHIBITOR_HEADER.index("Contact e-mail")] = "aziz at kamera"

    report = run(event, write_csv(tmp_path / "bad.csv", [EXHIBITOR_HEADER, bad, TURNIKET]), dry_run=True)

    assert report.errors == [ImportIssue(2, "contact_email", "Enter a valid email address.")]
    assert (report.valid_rows, *counts(report)) == (1, 0, 0, 0, 2)
    assert report.summary() == "Nothing would be imported: 1 error."


# --- database failure ---------------------------------------------------------------------------------------


def test_profiles_import_database_error_rolls_back_the_whole_file(event, tmp_path):
    table = TeamMember._meta.db_table
    with connection.cursor() as cursor:
        # A real database failure in the middle of the writes (after profiles and users were inserted).
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TRIGGER refuse_members BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'members refused'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_members() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'members refused'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_members BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse_members()"
            )
    before = database_state()

    report = run(event, write_csv(tmp_path / "exhibitors.csv", [EXHIBITOR_HEADER, KAMERA, TURNIKET]))

    assert len(report.errors) == 1
    assert report.errors[0].row == 2
    assert "members refused" in report.errors[0].message
    assert counts(report) == (0, 0, 0, 2)
    assert database_state() == before


# --- limits and file types ----------------------------------------------------------------------------------


def _zip_without_sheets(path):
    write_xlsx(path, [["company"]])
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/workbook.xml":
                text = content.decode()
                start, end = text.index("<sheets>"), text.index("</sheets>") + len("</sheets>")
                content = (text[:start] + "<sheets/>" + text[end:]).encode()
            target.writestr(item, content)
    return buffer.getvalue()


def _docx_like():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


HEADER_LINE = ",".join(EXHIBITOR_HEADER).encode() + b"\n"
BAD_FILES = {
    "too big": ("big.csv", HEADER_LINE + b"x" * MAX_BYTES, "files over 5 MB cannot be imported"),
    "too many rows": (
        "long.csv",
        b"company\n" + b"".join(b"Co %d\n" % n for n in range(MAX_ROWS + 1)),
        "more than 20,000 data rows",
    ),
    "image": ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a CSV (.csv) or Excel (.xlsx) file"),
    "binary named csv": ("data.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "The file is binary"),
    "legacy xls": ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "is not a CSV (.csv)"),
    "legacy xls named xlsx": ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel (.xls)"),
    "text named xlsx": ("list.xlsx", HEADER_LINE, "is not an Excel workbook"),
    "zip named csv": ("list.csv", _docx_like(), "holds a zip archive"),
    "zip not a workbook": ("list.xlsx", _docx_like(), "not an Excel workbook (.xlsx)"),
    "damaged zip": ("list.xlsx", b"PK\x03\x04" + b"garbage" * 20, "damaged zip archive"),
    "windows-1251": ("list.csv", "company\nТуркистон\n".encode("cp1251"), "not UTF-8 text (byte 0xD2 at position 8)"),
    "utf-16": ("list.csv", "company\nAcme\n".encode("utf-16"), "UTF-16 text"),
    "malformed csv": ("list.csv", b'company,country\n"Acme" Ltd,UZ\n', "The CSV file is malformed near line 2"),
    "unterminated quote": ("list.csv", b'company,country\n"Acme,UZ\n', "The CSV file is malformed near line 2"),
    "empty": ("list.csv", b"\xef\xbb\xbf\n\n", "The file is empty"),
    "no header": ("list.csv", b";;\nAcme;manufacturer;UZ\n", "Row 1 must hold the column names"),
}


@pytest.mark.parametrize("name, data, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_profiles_import_unreadable_file_is_refused_with_a_clear_error(event, name, data, message):
    report = profiles_import(event=event, kind="exhibitors", filename=name, data=data, by_user=None)

    assert len(report.errors) == 1
    assert (report.errors[0].row, report.errors[0].column) == (0, "")
    assert message in report.errors[0].message
    assert counts(report) == (0, 0, 0, 0)
    assert Exhibitor.objects.count() == 0


def test_profiles_import_workbook_without_sheet_is_refused(event, tmp_path):
    data = _zip_without_sheets(tmp_path / "empty.xlsx")

    report = profiles_import(event=event, kind="exhibitors", filename="empty.xlsx", data=data, by_user=None)

    assert [(issue.row, issue.column) for issue in report.errors] == [(0, "")]
    assert report.errors[0].message == "The workbook has no sheet."


def test_read_table_accepts_the_row_limit_and_numbers_rows_as_a_spreadsheet(tmp_path):
    rows = b"".join(b"Co %d\n" % n for n in range(MAX_ROWS - 1))
    data = b'company\n"Multi\nline"\n\n' + rows

    table = read_table(filename="long.csv", data=data)

    assert len(table.rows) == MAX_ROWS
    assert table.rows[0] == (2, ["Multi\nline"])
    assert table.rows[1] == (4, ["Co 0"])


def test_read_table_xlsx_cells_read_as_the_user_sees_them(tmp_path):
    path = write_xlsx(tmp_path / "cells.xlsx", [["a", "b", "c", "d"], [2.0, 1.25, date(2026, 11, 10), True]])

    table = read_table(filename=path.name, data=path.read_bytes())

    assert (table.format, table.header, table.rows) == (
        "xlsx",
        ["a", "b", "c", "d"],
        [(2, ["2", "1.25", "2026-11-10", "TRUE"])],
    )


def test_read_table_refuses_unknown_extension():
    with pytest.raises(FileRefused, match="only those can be imported"):
        read_table(filename="participants.json", data=b'[{"company": "Acme"}]')


# --- the command --------------------------------------------------------------------------------------------


def test_import_profiles_command_prints_the_summary(event, tmp_path):
    path = write_csv(tmp_path / "exhibitors.csv", [EXHIBITOR_HEADER, KAMERA, TURNIKET])
    out = io.StringIO()

    call_command("import_profiles", "--event", event.slug, "--kind", "exhibitors", str(path), stdout=out)

    assert out.getvalue() == "2 created, 0 updated, 0 unchanged, 0 skipped; 2 new users.\n"
    assert Exhibitor.objects.count() == 2


def test_import_profiles_command_prints_each_error_and_exits_with_1(event, tmp_path):
    bad = [*KAMERA]
    bad[EXHIBITOR_HEADER.index("country")] = "Uzbekistan"
    path = write_csv(tmp_path / "exhibitors.csv", [[*EXHIBITOR_HEADER, "Notes"], [*TURNIKET, ""], [*bad, ""]])
    out = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("import_profiles", "--event", event.slug, "--kind", "exhibitors", str(path), stdout=out)

    # manage.py turns a CommandError into this exit status.
    assert refused.value.returncode == 1
    assert str(refused.value) == "1 error(s) in exhibitors.csv."
    assert out.getvalue().splitlines() == [
        "warning: row 1, column Notes: Unknown column; ignored.",
        "row 3, column country: “Uzbekistan” is not a two-letter country code such as UZ.",
        "Nothing was imported: 1 error.",
    ]
    assert Exhibitor.objects.count() == 0


def test_import_profiles_command_valid_rows_only_and_dry_run(event, tmp_path):
    bad = [*KAMERA]
    bad[EXHIBITOR_HEADER.index("parallel meetings")] = "0"
    path = write_csv(tmp_path / "exhibitors.csv", [EXHIBITOR_HEADER, TURNIKET, bad])
    args = ["import_profiles", "--event", event.slug, "--kind", "exhibitors", str(path), "--valid-rows-only"]
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command(*args, "--dry-run", stdout=out)
    assert Exhibitor.objects.count() == 0
    with pytest.raises(CommandError):
        call_command(*args, stdout=out)

    assert out.getvalue().splitlines() == [
        "row 3, column parallel_meetings: Ensure this value is greater than or equal to 1.",
        "Dry run, nothing was written. It would be: 1 created, 0 updated, 0 unchanged, 1 skipped; 1 new user.",
        "row 3, column parallel_meetings: Ensure this value is greater than or equal to 1.",
        "1 created, 0 updated, 0 unchanged, 1 skipped; 1 new user.",
    ]
    assert list(Exhibitor.objects.values_list("external_key", flat=True)) == ["EX-2"]


def test_import_profiles_command_unknown_event_or_file_is_an_error(event, tmp_path):
    with pytest.raises(CommandError, match="No event with slug “nope”"):
        call_command("import_profiles", "--event", "nope", "--kind", "buyers", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_profiles", "--event", event.slug, "--kind", "buyers", str(tmp_path / "missing.csv"))
