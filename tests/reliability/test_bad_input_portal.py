"""Bad input through the portal: uploads to the organiser's import page (oversized, wrong type, malformed, odd
bytes and odd Unicode in cells) and odd text in the portal's forms. A clear message on the page, never a 500,
nothing written; unusual but valid text is stored exactly."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from matchmaking.imports import MAX_BYTES
from matchmaking.models import Buyer, Exhibitor, TeamMember, User
from meetings.models import ChangeLog, MeetingRequest
from tests.security.conftest import World
from tests.security.conftest import world as world

pytestmark = pytest.mark.django_db

HEADER = ["Key", "Company*", "Organisation type", "country", "City", "description", "offering", "Contact e-mail"]


def _csv(*rows: list[str]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([HEADER, *rows])
    return buffer.getvalue().encode()


def _row(company: str = "Kamera Tizimlari MChJ", **cells: str) -> list[str]:
    values = {
        "Key": "EX-1",
        "Company*": company,
        "Organisation type": "manufacturer",
        "country": "UZ",
        "City": "Tashkent",
        "description": "IP cameras",
        "offering": "IP cameras and NVRs",
        "Contact e-mail": "aziz@kamera.uz",
        **cells,
    }
    return [values[h] for h in HEADER]


def _written(w: World) -> tuple:
    return (
        Exhibitor.objects.count(),
        Buyer.objects.count(),
        User.objects.count(),
        TeamMember.objects.count(),
        ChangeLog.objects.count(),
    )


def _upload(w: World, name: str, data: bytes, *, dry_run: bool = False):
    client = Client()
    client.force_login(w.users["organiser"])
    form = {"kind": "exhibitors", "file": SimpleUploadedFile(name, data)}
    if dry_run:
        form["dry_run"] = "on"
    return client.post(reverse("organiser-import", kwargs={"slug": w.event.slug}), form)


BAD_UPLOADS = {
    "over the size limit": ("big.csv", _csv(_row()) + b"x" * MAX_BYTES, "the limit is 5 MB"),
    "empty": ("list.csv", b"", "The submitted file is empty."),
    "pdf": ("list.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "is not a CSV (.csv) or Excel (.xlsx) file"),
    "executable named csv": ("list.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" * 20, "The file is binary"),
    "random bytes named xlsx": ("list.xlsx", bytes(range(256)) * 4, "not an Excel workbook"),
    "malformed csv": ("list.csv", b'Company*,country\n"Acme" Ltd,UZ\n', "malformed near line 2"),
    "invalid utf-8 (lone surrogate bytes)": (
        "list.csv",
        _csv(_row()).replace(b"Kamera", b"K\xed\xa0\x80mera"),
        "UTF-8",
    ),
    "nul byte in a cell": ("list.csv", _csv(_row("Kamera\x00Tizimlari")), "The file is binary"),
    "a cell of 100,000 characters": ("list.csv", _csv(_row("K" * 100_000)), "at most 200 characters (it has 100000)"),
}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_import_page_refuses_a_bad_upload_clearly_and_writes_nothing(world, case):
    name, data, message = BAD_UPLOADS[case]
    before = _written(world)
    response = _upload(world, name, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert _written(world) == before


def test_import_page_stores_odd_but_valid_unicode_exactly(world):
    company = "Oʻzbek \u200fمرحبا\u200f Café e\u0301 🛡️ Тошкент"
    response = _upload(world, "list.csv", _csv(_row(company, description="👩\u200d💻 RTL \u202bتست\u202c")))
    assert response.status_code == 200
    exhibitor = Exhibitor.objects.get(event=world.event, external_key="EX-1")
    assert exhibitor.company == company
    assert exhibitor.description == "👩\u200d💻 RTL \u202bتست\u202c"


ODD_TEXT = {
    "nul byte": "Let us meet\x00tomorrow",
    "very long": "x" * 100_000,
}


@pytest.mark.parametrize("case", sorted(ODD_TEXT))
def test_request_form_refuses_bad_message_naming_the_field(world, case):
    client = Client()
    client.force_login(world.users["other_buyer"])
    url = reverse("buyer-request-create", kwargs={"slug": world.event.slug, "pk": world.objects["exhibitor2"].pk})
    before = (MeetingRequest.objects.count(), ChangeLog.objects.count())
    response = client.post(url, {"message": ODD_TEXT[case], "priority": "2"})
    assert 400 <= response.status_code < 500, response.status_code
    assert "message" in response.content.decode().lower()
    assert (MeetingRequest.objects.count(), ChangeLog.objects.count()) == before


def _profile_post(w: World, **changes: str):
    buyer = Buyer.objects.get(pk=w.objects["buyer"].pk)
    data = {
        "company": buyer.company,
        "organisation_type": buyer.organisation_type,
        "country": buyer.country,
        "city": buyer.city,
        "looking_for": buyer.looking_for,
        "description": buyer.description,
        "keywords": ", ".join(buyer.keywords),
        **changes,
    }
    client = Client()
    client.force_login(w.users["buyer"])
    return client.post(reverse("buyer-profile", kwargs={"slug": w.event.slug}), data)


PROFILE_TEXT_FIELDS = {"company": 200, "city": 100, "looking_for": 5000, "description": 5000, "keywords": 2000}


@pytest.mark.parametrize("field", sorted(PROFILE_TEXT_FIELDS))
@pytest.mark.parametrize("case", ["nul byte", "over the limit"])
def test_profile_form_refuses_bad_text_naming_the_field_and_keeps_the_rest(world, field, case):
    value = "Metro\x00Toshkent" if case == "nul byte" else "x" * (PROFILE_TEXT_FIELDS[field] + 1)
    before = list(Buyer.objects.filter(pk=world.objects["buyer"].pk).values())
    response = _profile_post(world, **{field: value, "city": "Samarqand" if field != "city" else value})
    assert response.status_code == 422
    form = response.context["form"]
    assert field in form.errors
    if field != "city":
        assert form["city"].value() == "Samarqand"  # what the user typed elsewhere is kept
    assert list(Buyer.objects.filter(pk=world.objects["buyer"].pk).values()) == before


def test_profile_form_stores_odd_but_valid_unicode_exactly(world):
    company = "Oʻzbek \u200fمرحبا\u200f Café e\u0301 🛡️ Тошкент"
    response = _profile_post(world, company=company, looking_for="👩\u200d💻 \u202bتست\u202c cameras")
    assert response.status_code == 302
    buyer = Buyer.objects.get(pk=world.objects["buyer"].pk)
    assert (buyer.company, buyer.looking_for) == (company, "👩\u200d💻 \u202bتست\u202c cameras")
