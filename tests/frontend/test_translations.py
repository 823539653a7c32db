"""The Russian and Uzbek (Latin) catalogues: complete, compiled, placeholders intact, and used by the pages.

The .po files are read with a small parser below (the project does not depend on polib); the committed .mo
files are checked against them so a fresh clone serves exactly what the .po files say.
"""

from __future__ import annotations

import ast
import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from matchmaking import concepts
from matchmaking.models import User
from meetings import demo

LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = ("ru", "uz")
DJANGO_LOCALE = Path(django.__file__).parent / "conf" / "locale"
# printf-style placeholders as Python's % operator reads them: %(name)s, %d, %.1f, %%.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # a PO string is a C string literal, which Python reads the same way


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (the header is the entry with msgid ""); obsolete (#~) entries left out."""
    entries: list[Entry] = []
    current = Entry()
    last: tuple[str, int] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#,"):
            if current.msgstr:
                entries.append(current)
                current = Entry()
            current.flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            assert last is not None, f"{path}:{number}: a string without a keyword"
            name, index, value = *last, _unquote(line)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and current.msgstr:
                entries.append(current)
                current = Entry()
            if keyword.startswith("msgstr["):
                name, index = "msgstr", int(keyword[7:-1])
            elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
                name, index = keyword, 0
            else:
                raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
            value = _unquote(rest)
        last = (name, index)
        if name == "msgstr":
            current.msgstr[index] = current.msgstr.get(index, "") + value
        else:
            setattr(current, name, (getattr(current, name) or "") + value)
    if current.msgstr:
        entries.append(current)
    return entries


def _catalogue(language: str) -> list[Entry]:
    return parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")


def _messages(language: str) -> list[Entry]:
    return [e for e in _catalogue(language) if e.msgid]


def _header(language: str) -> dict[str, str]:
    header = next(e for e in _catalogue(language) if not e.msgid)
    return dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)


def _plural_forms_of_django(language: str) -> str:
    return _header_of(DJANGO_LOCALE / language / "LC_MESSAGES" / "django.po")["Plural-Forms"]


def _header_of(path: Path) -> dict[str, str]:
    header = next(e for e in parse_po(path) if not e.msgid)
    return dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)


# --- The catalogues ---------------------------------------------------------------------------------------


def test_po_parser_reads_plural_context_and_continued_strings(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid "%(n)d row"\nmsgid_plural "%(n)d rows"\n'
        'msgstr[0] "%(n)d строка"\nmsgstr[1] "%(n)d "\n"строки"\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr "Май"\n\n#~ msgid "Gone"\n#~ msgstr "Нет"\n',
        encoding="utf-8",
    )
    header, rows, may = parse_po(po)
    assert header.msgstr == {0: "Language: ru\n"}
    assert (rows.msgid, rows.msgid_plural, rows.msgstr, rows.flags) == (
        "%(n)d row",
        "%(n)d rows",
        {0: "%(n)d строка", 1: "%(n)d строки"},
        {"python-format"},
    )
    assert (may.msgctxt, may.msgid, may.msgstr) == ("month", "May", {0: "Май"})


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_every_entry_translated_and_none_fuzzy(language):
    entries = _messages(language)
    assert len(entries) > 500  # the whole portal, not a stub
    untranslated = [e.msgid for e in entries if not all(e.msgstr.values()) or not e.msgstr]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header_names_the_language_utf8_and_djangos_plural_forms(language):
    header = _header(language)
    assert header["Language"] == language
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Language-Team"].startswith({"ru": "Russian", "uz": "Uzbek"}[language])
    assert header["Plural-Forms"] == _plural_forms_of_django(language)
    assert "fuzzy" not in next(e for e in _catalogue(language) if not e.msgid).flags


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_plural_entries_fill_every_plural_form(language):
    nplurals = int(re.search(r"nplurals=(\d+)", _header(language)["Plural-Forms"]).group(1))
    assert nplurals == {"ru": 4, "uz": 1}[language]
    plural = [e for e in _messages(language) if e.msgid_plural]
    assert plural
    wrong = [(e.msgid, sorted(e.msgstr)) for e in plural if sorted(e.msgstr) != list(range(nplurals))]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_placeholders_are_the_same_as_in_the_english(language):
    wrong = []
    for e in _messages(language):
        english = Counter(PLACEHOLDER.findall(e.msgid_plural or e.msgid))
        for form, text in e.msgstr.items():
            if Counter(PLACEHOLDER.findall(text)) != english:
                wrong.append((e.msgid, form, text))
    assert wrong == []


def test_uzbek_catalogue_writes_o_g_and_tutuq_with_modifier_letters():
    # Uzbek Latin as written today: oʻ gʻ with U+02BB, the tutuq belgisi with U+02BC; never ' ‘ ’ or `.
    wrong = [text for e in _messages("uz") for text in e.msgstr.values() if re.search(r"['‘’`]", text)]
    assert wrong == []
    texts = " ".join(t for e in _messages("uz") for t in e.msgstr.values())
    assert "soʻrov" in texts and "eʼlon" in texts


def test_russian_catalogue_is_written_in_cyrillic():
    # Words of Latin letters only are left for names that stay as they are (E-mail, CSV, Excel, UTC...).
    latin_only = [
        text
        for e in _messages("ru")
        for text in e.msgstr.values()
        if not re.search(r"[А-Яа-яЁё]", text) and re.search(r"[A-Za-z]", PLACEHOLDER.sub("", text))
    ]
    assert latin_only == ["E-mail"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_mo_file_matches_the_po_file(language):
    """The committed .mo holds exactly the .po's translations (run `make messages` after editing a .po)."""
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    expected: dict[object, str] = {}
    for e in _messages(language):
        if "fuzzy" in e.flags or not e.msgstr.get(0):
            continue  # msgfmt leaves these out (the test above fails on them)
        msgid = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural:
            expected.update({(msgid, form): text for form, text in e.msgstr.items()})
        else:
            expected[msgid] = e.msgstr[0]
    # GNUTranslations keeps the catalogue in _catalog: the header under "", plural forms under (msgid, n).
    actual = {k: v for k, v in compiled._catalog.items() if k != ""}  # type: ignore[attr-defined]
    assert actual == expected


# --- Pages ------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english_again_after_the_test():
    # A request in Russian or Uzbek activates that language in this thread (LocaleMiddleware) and nothing
    # switches it back: without this, later tests would build messages in Uzbek.
    yield
    translation.deactivate()


@pytest.fixture
def demo_buyer(client):
    demo.seed_demo(exhibitors=24, buyers=40)
    User.objects.filter(email=demo.DEMO_BUYER).update(language="en")  # the account's language, until switched
    assert client.login(email=demo.DEMO_BUYER, password=demo.DEMO_PASSWORD)
    return client


def _buyer_home() -> str:
    return reverse("buyer-home", kwargs={"slug": demo.DEMO_SLUG})


def _switch_with_header_form(client, page_html: str, language: str):
    """Choose `language` in the page's header switcher: post its form as the browser does (action, next)."""
    form = re.search(r'<form action="([^"]+)" method="post" class="lang">(.*?)</form>', page_html, re.S)
    assert form, "the page has no language switcher"
    next_url = re.search(r'name="next" type="hidden" value="([^"]*)"', form.group(2)).group(1)
    return client.post(form.group(1), {"language": language, "next": next_url}, follow=True)


def _switch(client, language: str, next_url: str):
    """Post to the language view as the header's selector does."""
    return client.post(reverse("set_language"), {"language": language, "next": next_url}, follow=True)


def _assert_speaks(response, address: str, language: str, *, shows: tuple[str, ...], hides: tuple[str, ...]) -> None:
    """The switch landed on the same `address` (no language in the URL), rendered in `language`."""
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == address
    assert f'<html lang="{language}">' in response.text
    for text in shows:
        assert text in response.text
    for text in hides:
        assert text not in response.text


@pytest.mark.django_db
def test_buyer_home_speaks_russian_after_the_language_switch(demo_buyer):
    home = _buyer_home()
    english = demo_buyer.get(home)
    assert english.status_code == 200
    assert "Recommended exhibitors" in english.text

    russian = _switch_with_header_form(demo_buyer, english.text, "ru")
    _assert_speaks(
        russian,
        home,
        "ru",
        shows=("Рекомендованные экспоненты", "Почему подходит", "Мои заявки", "Мой график", "Выйти"),
        hides=("Recommended exhibitors", "Why it matches", "My requests", "Log out"),
    )


@pytest.mark.django_db
def test_buyer_home_speaks_uzbek_after_switching_from_russian(demo_buyer):
    home = _buyer_home()
    russian = _switch(demo_buyer, "ru", home)
    assert russian.redirect_chain[-1][0] == home

    uzbek = _switch_with_header_form(demo_buyer, russian.text, "uz")
    _assert_speaks(
        uzbek,
        home,
        "uz",
        shows=("Tavsiya etilgan eksponentlar", "Nega mos keladi", "Mening soʻrovlarim", "Kun tartibim", "Chiqish"),
        hides=("Рекомендованные экспоненты", "Recommended exhibitors", "Why it matches", "Log out"),
    )


@pytest.mark.django_db
def test_buyer_home_match_reasons_come_out_in_the_chosen_language(demo_buyer):
    home = _buyer_home()
    pattern = re.compile(r'<li class="reason-[^"]*">(.*?)</li>', re.S)
    english = pattern.findall(demo_buyer.get(home).text)
    russian = pattern.findall(_switch(demo_buyer, "ru", home).text)
    uzbek = pattern.findall(_switch(demo_buyer, "uz", home).text)
    assert english and len(english) == len(russian) == len(uzbek)
    # Each reason is a sentence of ours around quoted profile words, which stay in the language they were written in.
    starts = ("Both ", "You ", "Same ", "Featured", "This ", "Shown ")
    assert [r for r in english if not r.startswith(starts)] == []
    assert [r for r in russian if not re.match(r"[А-ЯЁ]", r)] == []
    assert [r for r in uzbek if r.startswith(starts) or not re.match(r"[A-ZÀ-ɏ]", r)] == []
    assert "Та же категория продукции" in " ".join(russian)
    assert "Bir xil mahsulot toifasi" in " ".join(uzbek)
    # The topic of a shared concept is named in the language too, by the thesaurus's term.
    topics = re.findall(r"^Оба (?:о|упоминают) «([^»]*)»", "\n".join(russian), re.M)
    assert topics
    assert set(topics) <= {concepts.concept_name(c, "ru") for c in concepts.concept_labels()}


@pytest.mark.django_db
def test_exhibitor_recommended_buyers_reasons_come_out_in_the_chosen_language(client):
    """The exhibitor's side is built from the same evidence as the buyer's, not from the stored English."""
    demo.seed_demo(exhibitors=24, buyers=40)
    User.objects.filter(email=demo.DEMO_EXHIBITOR).update(language="en")
    assert client.login(email=demo.DEMO_EXHIBITOR, password=demo.DEMO_PASSWORD)
    page = reverse("exhibitor-buyers", kwargs={"slug": demo.DEMO_SLUG})
    pattern = re.compile(r'<li class="reason-[^"]*">(.*?)</li>', re.S)
    english = pattern.findall(client.get(page).text)
    russian = pattern.findall(_switch(client, "ru", page).text)
    uzbek = pattern.findall(_switch(client, "uz", page).text)
    assert english and len(english) == len(russian) == len(uzbek)
    starts = ("Both ", "You ", "Same ", "This ", "Your ")
    assert [r for r in english if not r.startswith(starts)] == []
    assert [r for r in russian if not re.match(r"[А-ЯЁ]", r)] == []
    assert [r for r in uzbek if r.startswith(starts) or not re.match(r"[A-ZÀ-ɏ]", r)] == []


@pytest.mark.django_db
def test_language_switch_is_remembered_by_the_account_for_new_devices_and_e_mail(demo_buyer):
    home = _buyer_home()
    _switch(demo_buyer, "uz", home)
    assert User.objects.get(email=demo.DEMO_BUYER).language == "uz"  # e-mails now go out in Uzbek

    phone = Client()  # a device that never chose: no language cookie
    assert phone.login(email=demo.DEMO_BUYER, password=demo.DEMO_PASSWORD)
    assert '<html lang="uz">' in phone.get(home).text
    phone.cookies["django_language"] = "en"  # this device's own choice wins over the account
    assert '<html lang="en">' in phone.get(home).text


@pytest.mark.django_db
def test_anonymous_language_switch_sets_only_the_device(client):
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/login/"}, follow=True)
    assert '<html lang="ru">' in response.text
    assert User.objects.filter(language="ru").count() == 0
