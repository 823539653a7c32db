"""Explanations name the shared concepts and words as each side wrote them, the categories and the rules."""

import dataclasses

from matchmaking.engine import MatchModel, Profile, Rules

BUYER = Profile(
    id="B1",
    name="Metro Shahar",
    country="Uzbekistan",
    languages=("ru", "uz"),
    categories=("1",),
    looking_for="Нужна система видеонаблюдения и турникеты для станций",
)
CAMS = Profile(
    id="E1",
    name="Kuzatuv Savdo",
    country="Uzbekistan",
    languages=("uz",),
    categories=("1.1",),
    offering="Videokuzatuv kameralari va videoregistratorlar",
    sponsor_tier="Gold",
)
GATES = Profile(
    id="E2", name="Gate Co", languages=("en",), offering="Tripod turnstiles and speed gates", shortlist=("B1",)
)


def lists(rules=None, buyers=(BUYER,), exhibitors=(CAMS, GATES)):
    model = MatchModel.fit(list(buyers), list(exhibitors), rules or Rules(exposure_cap=None))
    return {m.exhibitor: m for m in model.exhibitors_for_all_buyers()["B1"]}


def test_concept_reason_quotes_both_sides_in_their_own_words():
    match = lists()["E1"]
    assert 'Both about video surveillance: you wrote "система видеонаблюдения", they wrote "Videokuzatuv"' in (
        match.reasons
    )
    concept = next(e for e in match.evidence if e.kind == "concept")
    assert (concept.label, concept.buyer_text, concept.exhibitor_text) == (
        "video surveillance",
        "система видеонаблюдения",
        "Videokuzatuv",
    )


def test_cross_language_turnstile_match_is_explained():
    match = lists()["E2"]
    assert 'Both about turnstiles and barriers: you wrote "турникеты", they wrote "Tripod turnstiles"' in match.reasons


def test_category_reason_names_the_shared_code_and_says_when_it_was_inferred():
    cams = lists()["E1"]
    assert "Same product category: Video surveillance" in cams.reasons
    gates = lists()["E2"]
    assert "Same product category: Turnstiles & barriers (Access control) (recognised from the profile texts)" in (
        gates.reasons
    )


def test_rule_reasons_state_each_boost():
    rules = Rules(exposure_cap=None, sponsor_boosts={"gold": 0.04}, interest_boost=0.03)
    result = lists(rules)
    assert "Featured: Gold sponsor of the show (+0.04)" in result["E1"].reasons
    assert "This exhibitor shortlisted you (+0.03)" in result["E2"].reasons
    assert result["E1"].score == round(result["E1"].relevance + 0.04, 4)


def test_shares_of_the_score_are_fractions_of_the_relevance():
    match = lists()["E1"]
    shares = [e.weight for e in match.evidence if e.kind != "rule"]
    assert all(0 < s <= 1 for s in shares)
    assert sum(shares) <= 1.0001


def test_exhibitor_view_addresses_the_exhibitor():
    model = MatchModel.fit([BUYER], [CAMS, GATES], Rules(exposure_cap=None))
    match = model.buyers_for_all_exhibitors()["E2"][0]
    assert 'Both about turnstiles and barriers: you wrote "Tripod turnstiles", they wrote "турникеты"' in match.reasons
    assert "You shortlisted this buyer (+0.03)" in match.reasons


def test_same_words_on_both_sides_are_quoted_once():
    buyer = dataclasses.replace(BUYER, looking_for="thermal imaging for the perimeter")
    exhibitor = Profile(id="E9", offering="Thermal imaging cameras")
    match = lists(buyers=(buyer,), exhibitors=(exhibitor,))["E9"]
    assert match.reasons[0] == 'Both mention thermal imaging: "thermal imaging"'


def test_target_market_and_shared_language_are_explained():
    rules = Rules(exposure_cap=None, require_shared_language=True, target_country_boost=0.02)
    exhibitor = dataclasses.replace(CAMS, languages=("uz", "en"), target_countries=("Uzbekistan",), sponsor_tier="")
    match = lists(rules, exhibitors=(exhibitor,))["E1"]
    assert "This exhibitor is looking for buyers in Uzbekistan (+0.02)" in match.reasons
    assert "You share a language: uz" in match.reasons


def test_explain_pair_reports_an_excluded_pair_with_its_reasons():
    rules = Rules(exposure_cap=None, require_shared_language=True)
    model = MatchModel.fit([BUYER], [GATES], rules)  # buyer speaks ru/uz, exhibitor only en
    match, blocked = model.explain_pair("B1", "E2")
    assert blocked == ["no language in common, and the event requires one"]
    assert match.score == 0.0
    assert any("turnstiles" in r for r in match.reasons)
