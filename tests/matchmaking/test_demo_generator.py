"""The pure demo-data generator and the taxonomy file: determinism, sizes, uniqueness, realism checks.

No database and no Django import: matchmaking.demo is plain Python.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import FrozenInstanceError, asdict

import pytest

from matchmaking.demo.generator import (
    BUYER_ORG_TYPES,
    EXHIBITOR_ORG_TYPES,
    DemoBuyer,
    DemoData,
    DemoExhibitor,
    generate,
)
from matchmaking.demo.taxonomy import all_codes, load_taxonomy
from matchmaking.demo.text import ascii_slug, uzbek_cyrillic

UZ_CYRILLIC_LETTERS = re.compile("[ўқғҳЎҚҒҲ]")
UZ_LATIN_LETTERS = re.compile("[oOgG]ʻ")
RUSSIAN_ONLY_LETTERS = re.compile("[ыэщЫЭЩ]")
EMAIL_RE = re.compile(r"^[a-z0-9.]+@[a-z0-9-]+\.example$")


@pytest.fixture(scope="module")
def default_data() -> DemoData:
    return generate()


def _texts(data: DemoData) -> list[str]:
    return (
        [e.description for e in data.exhibitors]
        + [e.offering for e in data.exhibitors]
        + [b.description for b in data.buyers]
        + [b.looking_for for b in data.buyers]
    )


# --- taxonomy ----------------------------------------------------------------------------------------------


def test_taxonomy_has_ten_categories_of_five_with_three_names() -> None:
    taxonomy = load_taxonomy()
    assert [node["code"] for node in taxonomy] == [str(i) for i in range(1, 11)]
    for i, node in enumerate(taxonomy, 1):
        assert [child["code"] for child in node["children"]] == [f"{i}.{j}" for j in range(1, 6)]
        for item in (node, *node["children"]):
            assert set(item["name"]) == {"en", "ru", "uz"}
            assert all(name.strip() for name in item["name"].values())
            assert "'" not in item["name"]["uz"] and "‘" not in item["name"]["uz"]  # oʻ/gʻ use U+02BB
    assert len(all_codes()) == 60
    assert taxonomy[1]["name"]["ru"] == "Системы контроля и управления доступом (СКУД)"
    assert taxonomy[3]["name"]["uz"] == "Yongʻin xavfsizligi"


def test_load_taxonomy_returns_a_copy() -> None:
    load_taxonomy()[0]["name"]["en"] = "changed"
    assert load_taxonomy()[0]["name"]["en"] == "Video surveillance"


# --- generator ---------------------------------------------------------------------------------------------


def test_same_seed_same_data_and_other_seed_differs() -> None:
    first, second = generate(seed=7, exhibitors=40, buyers=150), generate(seed=7, exhibitors=40, buyers=150)
    assert first == second
    assert asdict(first) == asdict(second)
    assert generate(seed=8, exhibitors=40, buyers=150) != first


def test_default_sizes_and_keys(default_data: DemoData) -> None:
    assert len(default_data.exhibitors) == 120
    assert len(default_data.buyers) == 600
    assert default_data.exhibitors[0].key == "exh-0001"
    assert default_data.buyers[-1].key == "buy-0600"
    assert isinstance(default_data.exhibitors[0], DemoExhibitor)
    assert isinstance(default_data.buyers[0], DemoBuyer)


@pytest.mark.parametrize(("exhibitors", "buyers"), [(0, 0), (1, 1), (3, 17), (7, 0)])
def test_other_sizes(exhibitors: int, buyers: int) -> None:
    data = generate(exhibitors=exhibitors, buyers=buyers)
    assert (len(data.exhibitors), len(data.buyers)) == (exhibitors, buyers)


def test_records_are_frozen(default_data: DemoData) -> None:
    with pytest.raises(FrozenInstanceError):
        default_data.exhibitors[0].company = "x"  # type: ignore[misc]


def test_field_values_are_valid(default_data: DemoData) -> None:
    codes = all_codes()
    for exhibitor in default_data.exhibitors:
        assert exhibitor.organisation_type in EXHIBITOR_ORG_TYPES
        assert 1 <= len(exhibitor.categories) <= 4 and set(exhibitor.categories) <= codes
        assert 1 <= exhibitor.parallel_meetings <= 3
        assert exhibitor.parallel_meetings <= len(exhibitor.team) <= 3
        assert exhibitor.sponsor_tier in ("", "gold", "silver")
        assert exhibitor.hall in ("Pavilion 1", "Pavilion 2", "Pavilion 3")
        assert re.fullmatch(r"B[123]\.\d{2,}", exhibitor.booth)
        assert exhibitor.target_countries and exhibitor.target_countries[0] == "UZ"
    for buyer in default_data.buyers:
        assert buyer.organisation_type in BUYER_ORG_TYPES
        assert 1 <= len(buyer.categories) <= 4 and set(buyer.categories) <= codes
        assert buyer.days_attending and set(buyer.days_attending) <= {1, 2, 3}
        assert list(buyer.days_attending) == sorted(set(buyer.days_attending))
        assert buyer.purchase_timeframe in ("0-3m", "3-6m", "6-12m", "12m+")
        assert buyer.budget_band in ("<50k", "50-250k", "250k-1m", ">1m")
        assert buyer.purchasing_role in ("decision_maker", "influencer", "specifier", "user")
        assert 1 <= len(buyer.team) <= 2
    for profile in (*default_data.exhibitors, *default_data.buyers):
        assert re.fullmatch(r"[A-Z]{2}", profile.country)
        assert profile.city and profile.company
        assert re.fullmatch(r"https://(www\.)?[a-z0-9-]+\.example", profile.website)
        assert profile.languages and all(re.fullmatch(r"[a-z]{2}", code) for code in profile.languages)
        assert 0 < len(profile.keywords) <= 30 and all(0 < len(k) <= 60 for k in profile.keywords)
        assert [p.role for p in profile.team] == ["lead"] + ["member"] * (len(profile.team) - 1)
        for person in profile.team:
            assert person.first_name and person.last_name and person.job_title
            assert person.language in ("en", "ru", "uz")
            assert EMAIL_RE.match(person.email)
            assert person.email.endswith("@" + profile.website.split("//")[1].removeprefix("www."))
            assert re.fullmatch(r"\+\d[\d -]{7,}", person.phone)


def test_categories_mostly_subcategories(default_data: DemoData) -> None:
    all_categories = [c for p in (*default_data.exhibitors, *default_data.buyers) for c in p.categories]
    assert sum("." in c for c in all_categories) / len(all_categories) > 0.9


def test_realistic_mix(default_data: DemoData) -> None:
    exhibitor_countries = Counter(e.country for e in default_data.exhibitors)
    assert exhibitor_countries.most_common(1)[0][0] == "UZ"
    assert len(exhibitor_countries) >= 18
    assert {"CN", "TR", "RU", "DE", "AE", "KR", "BY", "NL", "FI", "CZ", "KZ"} <= set(exhibitor_countries)
    buyer_countries = Counter(b.country for b in default_data.buyers)
    assert buyer_countries["UZ"] / len(default_data.buyers) > 0.7
    assert set(Counter(e.organisation_type for e in default_data.exhibitors)) == set(EXHIBITOR_ORG_TYPES)
    assert set(Counter(b.organisation_type for b in default_data.buyers)) == set(BUYER_ORG_TYPES)
    assert sum(len(b.days_attending) < 3 for b in default_data.buyers) > len(default_data.buyers) / 2
    assert sum(e.parallel_meetings <= 2 for e in default_data.exhibitors) > len(default_data.exhibitors) * 0.8
    assert any(e.sponsor_tier for e in default_data.exhibitors)


def test_texts_in_three_languages_and_both_uzbek_scripts(default_data: DemoData) -> None:
    texts = _texts(default_data)
    assert all(text.strip() for text in texts)
    assert any(re.search(r"\bwe\b", text, re.IGNORECASE) for text in texts)  # English
    assert any(RUSSIAN_ONLY_LETTERS.search(text) for text in texts)  # Russian
    assert any(UZ_LATIN_LETTERS.search(text) for text in texts)  # Uzbek, Latin script
    assert any(UZ_CYRILLIC_LETTERS.search(text) for text in texts)  # Uzbek, Cyrillic script
    assert not any("{" in text or "}" in text for text in texts)


def test_texts_are_coherent_with_categories(default_data: DemoData) -> None:
    cameras = re.compile(r"камер|camera|kamera|камера", re.IGNORECASE)
    for exhibitor in default_data.exhibitors:
        if exhibitor.categories == ("1.1",):
            assert cameras.search(exhibitor.description + exhibitor.offering)
    metro = [b for b in default_data.buyers if "metro" in b.company.lower() or "метро" in b.company.lower()]
    for buyer in metro:
        assert set(buyer.categories) & {"2.3", "1.3", "4.1", "4.4", "7.2", "1.1", "9.5"}


def test_people_names(default_data: DemoData) -> None:
    uzbek_leads = [e.team[0] for e in default_data.exhibitors if e.country == "UZ"]
    assert any(p.last_name.endswith(("ov", "ova", "yev", "yeva", "ев", "ов", "ова", "ева")) for p in uzbek_leads)
    emails = [p.email for profile in (*default_data.exhibitors, *default_data.buyers) for p in profile.team]
    assert len(emails) == len(set(emails))


def test_large_dataset_is_fast_and_unique() -> None:
    started = time.perf_counter()
    data = generate(exhibitors=2000, buyers=10000)
    elapsed = time.perf_counter() - started
    assert elapsed < 10
    profiles = [*data.exhibitors, *data.buyers]
    assert len({p.key for p in profiles}) == 12000
    assert len({p.company for p in profiles}) == 12000
    assert len({p.website.split("//")[1].removeprefix("www.") for p in profiles}) == 12000
    emails = [person.email for p in profiles for person in p.team]
    assert len(emails) == len(set(emails))
    assert len({e.booth for e in data.exhibitors}) == 2000
    assert all(len(p.company) <= 200 for p in profiles)


def test_text_helpers() -> None:
    assert uzbek_cyrillic("Yoʻl harakati, maʼlumot, signalizatsiya, IP-kameralar") == (
        "Йўл ҳаракати, маълумот, сигнализация, IP-камералар"
    )
    assert ascii_slug("Дилшод Oʻktam Müller", ".") == "dilshod.oktam.muller"
