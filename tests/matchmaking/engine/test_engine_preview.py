"""Rules preview figures on a small input."""

import dataclasses

from matchmaking.engine import MatchModel, Profile, Rules, preview

BUYERS = [Profile(id=f"B{i}", looking_for="thermal cameras and turnstiles") for i in range(4)] + [
    Profile(id="B9", looking_for="hydraulic rescue tools")
]
EXHIBITORS = [
    Profile(id="E1", offering="thermal cameras and turnstiles"),
    Profile(id="E2", offering="thermal cameras"),
    Profile(id="E3", offering="turnstiles"),
    Profile(id="E4", offering="safes and vaults"),
]
RULES = Rules(top_k=2, exposure_cap=1.0, sponsor_boosts={}, min_score=0.05)


def test_preview_reports_coverage_exposure_histogram_and_samples():
    report = preview(BUYERS, EXHIBITORS, RULES, k=2, samples=2)
    assert (report.buyers, report.exhibitors, report.k, report.top_k) == (5, 4, 2, 2)
    assert report.share_buyers_with_k == 4 / 5  # B9 has no match at all
    assert report.buyers_without_matches == 1
    assert report.mean_matches_per_buyer == 8 / 5
    assert report.exposure_cap == 3  # ceil(1.0 × 5 × 2 / 4)
    assert report.exposure.max_recommendations_per_exhibitor == 3
    assert report.uncapped.max_recommendations_per_exhibitor == 4
    assert report.exposure.exhibitors_without_recommendations == 1  # E4: nobody wants safes
    assert sum(report.exposure.per_exhibitor.values()) == 4
    assert sum(count for _, _, count in report.score_histogram) == 8
    assert len(report.samples) == 2 and all(m.reasons for m in report.samples)


def test_preview_on_a_fitted_model_leaves_it_unchanged():
    model = MatchModel.fit(BUYERS, EXHIBITORS, RULES)
    before = model.exhibitors_for_all_buyers()
    report = preview([], [], dataclasses.replace(RULES, top_k=1, exposure_cap=None), model=model)
    assert report.exposure.per_exhibitor == report.uncapped.per_exhibitor
    assert report.share_buyers_with_k == 4 / 5
    assert model.exhibitors_for_all_buyers() == before


def test_preview_with_a_stricter_threshold_shows_fewer_matches():
    loose = preview(BUYERS, EXHIBITORS, RULES)
    strict = preview(BUYERS, EXHIBITORS, dataclasses.replace(RULES, min_score=0.9))
    assert strict.mean_matches_per_buyer < loose.mean_matches_per_buyer
