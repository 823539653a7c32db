"""MatchModel: both directions agree, chunking changes nothing, single-profile updates match a full refit."""

import dataclasses

import pytest

from matchmaking.engine import MatchModel, Profile, Rules, ranking

RULES = Rules(exposure_cap=None, top_k=3, min_score=0.01)

BUYERS = [
    Profile(id="B1", looking_for="IP cameras and NVR for a warehouse", country="Uzbekistan"),
    Profile(id="B2", looking_for="Турникеты и СКУД для бизнес-центра", country="Uzbekistan"),
    Profile(id="B3", looking_for="o't o'chirgichlar va yong'in signalizatsiyasi", country="Kazakhstan"),
    Profile(id="B4", looking_for="Gas detectors and respirators for a mine", keywords=("PPE",)),
]
EXHIBITORS = [
    Profile(id="E1", offering="IP-камеры, видеорегистраторы"),
    Profile(id="E2", offering="Turnstiles, access control readers"),
    Profile(id="E3", offering="Fire extinguishers and fire alarm panels"),
    Profile(id="E4", offering="Газоанализаторы и респираторы, СИЗ"),
    Profile(id="E5", offering="Kirishni nazorat qilish tizimlari, turniketlar"),
]


def as_pairs(lists):
    return {(m.buyer, m.exhibitor): m.score for ms in lists.values() for m in ms}


def test_each_buyer_gets_the_obvious_exhibitor_first():
    model = MatchModel.fit(BUYERS, EXHIBITORS, RULES)
    first = {b: ms[0].exhibitor for b, ms in model.exhibitors_for_all_buyers().items()}
    assert first == {"B1": "E1", "B2": "E5", "B3": "E3", "B4": "E4"}


def test_a_pair_has_the_same_score_in_both_directions():
    model = MatchModel.fit(BUYERS, EXHIBITORS, dataclasses.replace(RULES, top_k=10))
    forward = as_pairs(model.exhibitors_for_all_buyers())
    backward = as_pairs(model.buyers_for_all_exhibitors())
    assert forward == backward


def test_lists_are_sorted_and_deterministic():
    a = MatchModel.fit(BUYERS, EXHIBITORS, RULES).exhibitors_for_all_buyers()
    b = MatchModel.fit(BUYERS, EXHIBITORS, RULES).exhibitors_for_all_buyers()
    assert a == b
    for matches in a.values():
        assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_chunked_scoring_gives_the_same_result(monkeypatch):
    expected = MatchModel.fit(BUYERS, EXHIBITORS, RULES).exhibitors_for_all_buyers()
    monkeypatch.setattr(ranking, "CHUNK_CELLS", 1)  # one query row per chunk
    assert MatchModel.fit(BUYERS, EXHIBITORS, RULES).exhibitors_for_all_buyers() == expected


def test_upserted_buyer_is_scored_like_a_refit():
    model = MatchModel.fit(BUYERS, EXHIBITORS, RULES)
    model.exhibitors_for_all_buyers()
    changed = dataclasses.replace(BUYERS[0], looking_for="Турникеты и СКУД для склада")
    model.upsert_buyer(changed)
    refreshed = model.exhibitors_for_buyer("B1")
    assert [m.exhibitor for m in refreshed][:2] == ["E5", "E2"] or [m.exhibitor for m in refreshed][:2] == ["E2", "E5"]
    assert "E1" not in [m.exhibitor for m in refreshed]


def test_new_buyer_can_be_added_and_ranked_alone():
    model = MatchModel.fit(BUYERS, EXHIBITORS, RULES)
    model.upsert_buyer(Profile(id="B9", looking_for="fire alarm for a hotel"))
    assert model.exhibitors_for_buyer("B9")[0].exhibitor == "E3"
    assert "B9" in model.exhibitors_for_all_buyers()


def test_upserted_exhibitor_reports_buyers_whose_lists_may_change():
    model = MatchModel.fit(BUYERS, EXHIBITORS, dataclasses.replace(RULES, top_k=1))
    model.exhibitors_for_all_buyers()
    affected = model.upsert_exhibitor(Profile(id="E6", offering="Gas detectors and respirators for mines"))
    assert "B4" in affected
    assert "B1" not in affected
    assert model.exhibitors_for_buyer("B4")[0].exhibitor == "E6"
    assert model.buyers_for_exhibitor("E6")[0].buyer == "B4"


def test_removed_exhibitor_is_never_recommended():
    model = MatchModel.fit(BUYERS, EXHIBITORS, RULES)
    model.remove_exhibitor("E5")
    lists = model.exhibitors_for_all_buyers()
    assert all(m.exhibitor != "E5" for ms in lists.values() for m in ms)
    assert "E5" not in model.buyers_for_all_exhibitors()


def test_explain_pair_gives_the_reason_a_pair_is_not_recommended():
    rules = dataclasses.replace(RULES, blocked_pairs=frozenset({("B1", "E1")}))
    model = MatchModel.fit(BUYERS, EXHIBITORS, rules)
    match, blocked = model.explain_pair("B1", "E1")
    assert blocked == ["the organiser blocked this pair"]
    assert match.score == 0.0 and match.relevance > 0.1
    _, low = model.explain_pair("B1", "E4")
    assert low and low[0].startswith("relevance")


def test_with_rules_does_not_touch_the_original_model():
    model = MatchModel.fit(BUYERS, EXHIBITORS, RULES)
    before = model.exhibitors_for_all_buyers()
    other = model.with_rules(dataclasses.replace(RULES, top_k=1))
    other.upsert_buyer(Profile(id="B9", looking_for="fire alarm"))
    assert all(len(ms) == 1 for ms in other.exhibitors_for_all_buyers().values())
    assert model.exhibitors_for_all_buyers() == before


def test_duplicate_ids_are_rejected():
    with pytest.raises(ValueError, match="duplicate buyer id 'B1'"):
        MatchModel.fit([BUYERS[0], BUYERS[0]], EXHIBITORS, RULES)


def test_profiles_without_any_shared_vocabulary_get_empty_lists():
    model = MatchModel.fit([Profile(id="B1", looking_for="alpha")], [Profile(id="E1", offering="omega")], RULES)
    assert model.exhibitors_for_all_buyers() == {"B1": []}


def test_batch_refresh_equals_one_by_one():
    capped = dataclasses.replace(RULES, exposure_cap=1.0, top_k=2)
    one, batch = MatchModel.fit(BUYERS, EXHIBITORS, capped), MatchModel.fit(BUYERS, EXHIBITORS, capped)
    one.exhibitors_for_all_buyers()
    batch.exhibitors_for_all_buyers()
    expected = {b: one.exhibitors_for_buyer(b) for b in ("B2", "B1", "B2")}
    assert batch.exhibitors_for_buyers(["B2", "B1", "B2"]) == expected
    assert list(one.state["exhibitors"].counts) == list(batch.state["exhibitors"].counts)
