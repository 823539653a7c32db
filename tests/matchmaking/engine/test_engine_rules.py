"""Each rule's effect on a small, hand-made event; rules JSON validation."""

import dataclasses

import pytest

from matchmaking.engine import MatchModel, Profile, Rules, RulesError

NO_BOOSTS = Rules(sponsor_boosts={}, mutual_interest_boost=0.0, interest_boost=0.0, target_country_boost=0.0)


def buyer(pid="B1", **kw):
    base = dict(
        id=pid,
        name=f"Buyer {pid}",
        country="Uzbekistan",
        languages=("ru",),
        looking_for="Нужны IP-камеры и видеонаблюдение для складов",
    )
    return Profile(**{**base, **kw})


def exhibitor(pid, **kw):
    base = dict(
        id=pid,
        name=f"Exhibitor {pid}",
        country="China",
        languages=("ru", "en"),
        offering="IP cameras and video surveillance systems",
    )
    return Profile(**{**base, **kw})


def ranked(buyers, exhibitors, rules=NO_BOOSTS):
    model = MatchModel.fit(buyers, exhibitors, rules)
    return {b: [(m.exhibitor, m.score) for m in ms] for b, ms in model.exhibitors_for_all_buyers().items()}


def ids(result, buyer_id="B1"):
    return [e for e, _ in result[buyer_id]]


def test_same_company_is_excluded_case_insensitively():
    result = ranked([buyer(company="Kuzatuv Savdo")], [exhibitor("E1", company="KUZATUV SAVDO "), exhibitor("E2")])
    assert ids(result) == ["E2"]


def test_same_company_rule_can_be_switched_off():
    rules = dataclasses.replace(NO_BOOSTS, exclude_same_company=False)
    result = ranked([buyer(company="X")], [exhibitor("E1", company="x")], rules)
    assert ids(result) == ["E1"]


def test_blocked_pair_is_excluded_only_for_that_pair():
    rules = dataclasses.replace(NO_BOOSTS, blocked_pairs=frozenset({("B1", "E1")}))
    result = ranked([buyer("B1"), buyer("B2")], [exhibitor("E1"), exhibitor("E2")], rules)
    assert ids(result, "B1") == ["E2"]
    assert sorted(ids(result, "B2")) == ["E1", "E2"]


def test_required_shared_language_excludes_pairs_without_one():
    rules = dataclasses.replace(NO_BOOSTS, require_shared_language=True)
    exhibitors = [
        exhibitor("E1", languages=("en", "zh")),
        exhibitor("E2", languages=("RU",)),
        exhibitor("E3", languages=()),
    ]
    assert sorted(ids(ranked([buyer()], exhibitors, rules))) == ["E2", "E3"]  # no languages given: not blocked
    assert sorted(ids(ranked([buyer()], exhibitors))) == ["E1", "E2", "E3"]  # rule off


def test_min_score_drops_weak_matches():
    exhibitors = [exhibitor("E1"), exhibitor("E2", offering="Fire extinguishers; also CCTV camera mounts")]
    scores = dict(ranked([buyer()], exhibitors)["B1"])
    assert scores["E1"] > scores["E2"] > 0
    rules = dataclasses.replace(NO_BOOSTS, min_score=(scores["E1"] + scores["E2"]) / 2)
    assert ids(ranked([buyer()], exhibitors, rules)) == ["E1"]


def test_top_k_limits_the_list():
    exhibitors = [exhibitor(f"E{i}") for i in range(5)]
    assert len(ranked([buyer()], exhibitors, dataclasses.replace(NO_BOOSTS, top_k=3))["B1"]) == 3


def test_sponsor_boost_adds_to_the_score_and_reorders():
    exhibitors = [exhibitor("E1"), exhibitor("E2", sponsor_tier="Gold")]
    plain = dict(ranked([buyer()], exhibitors)["B1"])
    assert plain["E1"] == plain["E2"]
    rules = dataclasses.replace(NO_BOOSTS, sponsor_boosts={"gold": 0.05})
    boosted = ranked([buyer()], exhibitors, rules)["B1"]
    assert boosted[0] == ("E2", pytest.approx(plain["E2"] + 0.05, abs=1e-4))


def test_sponsor_boost_does_not_lift_an_irrelevant_exhibitor_over_the_threshold():
    exhibitors = [exhibitor("E1", offering="Hydraulic rescue tools", sponsor_tier="gold")]
    rules = dataclasses.replace(NO_BOOSTS, sponsor_boosts={"gold": 0.5})
    assert ranked([buyer()], exhibitors, rules)["B1"] == []


def test_mutual_interest_beats_one_sided_interest():
    rules = dataclasses.replace(NO_BOOSTS, mutual_interest_boost=0.1, interest_boost=0.03)
    buyers = [buyer(shortlist=("E1", "E2"))]
    exhibitors = [
        exhibitor("E1", shortlist=("B1",)),
        exhibitor("E2"),
        exhibitor("E3", shortlist=("B1",)),
        exhibitor("E4"),
    ]
    scores = dict(ranked(buyers, exhibitors, rules)["B1"])
    base = scores["E4"]  # same text, no interest either way
    assert scores["E1"] == pytest.approx(base + 0.1, abs=1e-4)
    assert scores["E2"] == pytest.approx(base + 0.03, abs=1e-4)
    assert scores["E3"] == pytest.approx(base + 0.03, abs=1e-4)


def test_target_country_boost_applies_to_listed_markets_only():
    rules = dataclasses.replace(NO_BOOSTS, target_country_boost=0.02)
    exhibitors = [exhibitor("E1", target_countries=("uzbekistan",)), exhibitor("E2", target_countries=("Kazakhstan",))]
    scores = dict(ranked([buyer()], exhibitors, rules)["B1"])
    assert scores["E1"] == pytest.approx(scores["E2"] + 0.02, abs=1e-4)


def test_field_weights_change_which_field_counts():
    b = buyer(looking_for="thermal cameras", description="We run warehouses with turnstiles")
    exhibitors = [exhibitor("E1", offering="Thermal imaging cameras"), exhibitor("E2", offering="Turnstiles")]
    text_only = dataclasses.replace(NO_BOOSTS, category_weight=0.0)
    main_only = dataclasses.replace(text_only, field_weights={"looking_for:offering": 1.0})
    desc_only = dataclasses.replace(text_only, field_weights={"description:offering": 1.0})
    assert ids(ranked([b], exhibitors, main_only)) == ["E1"]
    assert ids(ranked([b], exhibitors, desc_only)) == ["E2"]


def test_category_weight_sets_the_share_of_category_overlap():
    main_only = dataclasses.replace(NO_BOOSTS, field_weights={"looking_for:offering": 1.0})
    b = buyer(looking_for="security equipment", categories=("2.3",))
    same = exhibitor("E1", offering="security equipment", categories=("2.3",))
    other = exhibitor("E2", offering="security equipment", categories=("4.1",))
    half = dataclasses.replace(main_only, category_weight=0.5)
    none = dataclasses.replace(main_only, category_weight=0.0)
    assert dict(ranked([b], [same, other], half)["B1"]) == {
        "E1": pytest.approx(1.0, abs=1e-3),
        "E2": pytest.approx(0.5, abs=1e-3),
    }
    assert dict(ranked([b], [same, other], none)["B1"]) == {
        "E1": pytest.approx(1.0, abs=1e-3),
        "E2": pytest.approx(1.0, abs=1e-3),
    }


def test_rules_round_trip_through_json_form():
    rules = Rules(top_k=5, blocked_pairs=frozenset({("B1", "E2")}), sponsor_boosts={"gold": 0.1}, exposure_cap=None)
    assert Rules.from_dict(rules.to_dict()) == rules


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"top_k": 0}, "top_k"),
        ({"top_k": True}, "top_k"),
        ({"min_score": 2}, "min_score"),
        ({"category_weight": -0.1}, "category_weight"),
        ({"field_weights": {"offering:looking_for": 1}}, "field_weights"),
        ({"field_weights": {"looking_for:offering": 0}}, "field_weights"),
        ({"blocked_pairs": [["B1"]]}, "blocked_pairs"),
        ({"exposure_cap": 0.5}, "exposure_cap"),
        ({"sponsor_boosts": {"gold": "lots"}}, "sponsor_boosts"),
        ({"exclude_same_company": "yes"}, "exclude_same_company"),
        ({"top_kk": 3}, "top_kk: unknown rule"),
    ],
)
def test_invalid_rules_name_the_key(data, message):
    with pytest.raises(RulesError, match=message):
        Rules.from_dict(data)
