"""Exposure cap: no exhibitor in more than ceil(f × buyers × k / exhibitors) lists; the freed places go to others."""

import dataclasses

from matchmaking.engine import MatchModel, Profile, Rules

RULES = Rules(top_k=2, exposure_cap=1.0, sponsor_boosts={}, min_score=0.01)


def event():
    # E1 is the best match for every buyer; without a cap it would be in all six lists.
    buyers = [Profile(id=f"B{i}", looking_for=f"thermal cameras and turnstiles, site {i}") for i in range(6)]
    exhibitors = [
        Profile(id="E1", offering="thermal cameras and turnstiles"),
        Profile(id="E2", offering="thermal cameras"),
        Profile(id="E3", offering="turnstiles"),
        Profile(id="E4", offering="thermal imaging for turnstiles at sites"),
        Profile(id="E5", offering="fire extinguishers"),
    ]
    return buyers, exhibitors


def exposure(lists):
    counts = {}
    for matches in lists.values():
        for m in matches:
            counts[m.exhibitor] = counts.get(m.exhibitor, 0) + 1
    return counts


def test_without_cap_one_exhibitor_takes_every_list():
    buyers, exhibitors = event()
    lists = MatchModel.fit(
        buyers, exhibitors, dataclasses.replace(RULES, exposure_cap=None)
    ).exhibitors_for_all_buyers()
    assert exposure(lists)["E1"] == 6


def test_cap_limits_exposure_and_spreads_recommendations():
    buyers, exhibitors = event()
    model = MatchModel.fit(buyers, exhibitors, RULES)
    lists = model.exhibitors_for_all_buyers()
    cap = model.state["exhibitors"].cap
    assert cap == 3  # ceil(1.0 × 6 buyers × 2 / 4 ... 5 exhibitors) = ceil(2.4)
    counts = exposure(lists)
    assert max(counts.values()) <= cap
    assert all(len(ms) == 2 for ms in lists.values())  # every buyer still gets a full list
    assert counts["E1"] == 3


def test_capped_substitutes_say_why_they_are_shown():
    buyers, exhibitors = event()
    lists = MatchModel.fit(buyers, exhibitors, RULES).exhibitors_for_all_buyers()
    substitutes = [m for ms in lists.values() for m in ms if any(e.label == "exposure_cap" for e in m.evidence)]
    assert substitutes
    assert all("reached its recommendation limit" in m.reasons[-1] for m in substitutes)
    assert all(m.exhibitor != "E1" for m in substitutes)


def test_strongest_pairs_keep_the_contested_exhibitor():
    buyers, exhibitors = event()
    buyers[5] = Profile(id="B5", looking_for="thermal cameras and turnstiles")  # identical to E1's offering
    lists = MatchModel.fit(buyers, exhibitors, RULES).exhibitors_for_all_buyers()
    assert lists["B5"][0].exhibitor == "E1"


def test_single_refresh_respects_the_cap_of_the_last_full_ranking():
    buyers, exhibitors = event()
    model = MatchModel.fit(buyers, exhibitors, RULES)
    lists = model.exhibitors_for_all_buyers()
    holder = next(b for b, ms in lists.items() if all(m.exhibitor != "E1" for m in ms))
    refreshed = model.exhibitors_for_buyer(holder)
    assert "E1" not in [m.exhibitor for m in refreshed]  # E1 is full
    counts = model.state["exhibitors"].counts
    assert counts is not None and max(counts) <= model.state["exhibitors"].cap


def test_cap_also_applies_in_the_exhibitor_direction():
    buyers, exhibitors = event()
    model = MatchModel.fit(buyers, exhibitors, dataclasses.replace(RULES, top_k=3))
    lists = model.buyers_for_all_exhibitors()
    counts = {}
    for ms in lists.values():
        for m in ms:
            counts[m.buyer] = counts.get(m.buyer, 0) + 1
    assert max(counts.values()) <= model.state["buyers"].cap
