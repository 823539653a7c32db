"""Match rules, recommendations and refresh on save — the app side of the matching engine, on the database."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from matchmaking import concepts, matching
from matchmaking.enums import RulesStatus
from matchmaking.models import MatchRuleSet, Recommendation
from matchmaking.services import (
    match_rules_preview,
    match_rules_publish,
    match_rules_save_draft,
    profile_update,
    recommendations_compute,
    recommendations_refresh,
    taxonomy_load,
)
from tests.factories import BuyerFactory, EventFactory, ExhibitorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    categories = taxonomy_load()
    event = EventFactory()
    cams = ExhibitorFactory(
        event=event, company="Kamera Tizimlari MChJ", offering="IP-камеры и видеонаблюдение для метро", keywords=[]
    )
    cams.categories.set([categories["1.1"]])
    fire = ExhibitorFactory(
        event=event, company="Yongʻin Himoya", offering="Fire detection and extinguishing systems", keywords=[]
    )
    fire.categories.set([categories["4.1"]])
    gates = ExhibitorFactory(event=event, company="Turniket Pro", offering="Turnstiles and barriers", keywords=[])
    gates.categories.set([categories["2.3"]])
    metro = BuyerFactory(event=event, company="Metro Toshkent", looking_for="video surveillance cameras for stations")
    factory = BuyerFactory(event=event, company="Olmaliq Zavodi", looking_for="fire alarm and fire extinguishing")
    event.cams, event.fire, event.gates, event.metro, event.factory = cams, fire, gates, metro, factory
    matching.model_forget(event)
    return event


def _top(buyer):
    return list(
        Recommendation.objects.filter(buyer=buyer, buyer_rank__isnull=False)
        .order_by("buyer_rank")
        .values_list("exhibitor__company", flat=True)
    )


def test_recommendations_compute_ranks_both_directions_with_reasons(event):
    stats = recommendations_compute(event=event)
    assert stats.pairs > 0 and stats.rules_version is None
    assert _top(event.metro)[0] == "Kamera Tizimlari MChJ"
    assert _top(event.factory)[0] == "Yongʻin Himoya"
    row = Recommendation.objects.get(buyer=event.metro, exhibitor=event.cams)
    assert row.reasons and row.evidence and 0 < row.score <= 1
    assert Recommendation.objects.filter(exhibitor=event.fire, exhibitor_rank=1).get().buyer == event.factory


def test_recommendations_compute_replaces_the_previous_set(event):
    recommendations_compute(event=event)
    first = set(Recommendation.objects.values_list("buyer_id", "exhibitor_id"))
    recommendations_compute(event=event)
    assert set(Recommendation.objects.values_list("buyer_id", "exhibitor_id")) == first


def test_rules_are_versioned_and_only_one_is_published(event):
    organiser = UserFactory()
    v1 = match_rules_save_draft(event=event, data={"top_k": 2}, by_user=organiser, note="fewer matches")
    v2 = match_rules_save_draft(event=event, data={"top_k": 1, "min_score": 0.1}, by_user=organiser)
    assert (v1.version, v2.version, v1.status) == (1, 2, RulesStatus.DRAFT)
    assert v1.data["top_k"] == 2 and v1.created_by == organiser and v1.note == "fewer matches"
    match_rules_publish(rule_set=v1, by_user=organiser)
    match_rules_publish(rule_set=v2, by_user=organiser)
    statuses = dict(MatchRuleSet.objects.values_list("version", "status"))
    assert statuses == {1: RulesStatus.SUPERSEDED, 2: RulesStatus.PUBLISHED}


def test_invalid_rules_name_the_field_and_save_nothing(event):
    with pytest.raises(ValidationError) as info:
        match_rules_save_draft(event=event, data={"min_score": 7}, by_user=None)
    assert "min_score" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        match_rules_save_draft(event=event, data={"top_k": "ten"}, by_user=None)
    assert "top_k" in info.value.message_dict
    assert not MatchRuleSet.objects.exists()


def test_publishing_rules_changes_recommendations_after_recompute(event, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    recommendations_compute(event=event)
    assert _top(event.metro) == ["Kamera Tizimlari MChJ"]
    draft = match_rules_save_draft(event=event, data={"min_score": 0.99}, by_user=None)
    with django_capture_on_commit_callbacks(execute=True):
        match_rules_publish(rule_set=draft, by_user=None)
    task = DBTaskResult.objects.get()
    assert task.task_path.endswith("recompute_recommendations") and task.args_kwargs["args"] == [event.pk]
    stats = recommendations_compute(event=event)  # what the worker runs
    assert stats.rules_version == 1
    assert _top(event.metro) == []


def test_preview_reports_figures_without_publishing(event):
    report = match_rules_preview(event=event, data={"top_k": 1, "exposure_cap": None}, k=1)
    assert (report.buyers, report.exhibitors, report.top_k) == (2, 3, 1)
    assert report.share_buyers_with_k == 1.0
    assert report.exposure.exhibitors_without_recommendations == 1  # the turnstile maker
    assert sum(n for _, _, n in report.score_histogram) == 2
    assert not MatchRuleSet.objects.exists() and not Recommendation.objects.exists()


def test_profile_update_refreshes_that_profiles_recommendations(event, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    recommendations_compute(event=event)
    assert _top(event.metro)[0] == "Kamera Tizimlari MChJ"
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(
            profile=event.metro, changes={"looking_for": "turnstiles and barriers for station entrances"}, by_user=None
        )
    assert DBTaskResult.objects.get().args_kwargs["args"] == ["buyer", event.metro.pk]
    recommendations_refresh(profile=event.metro)  # what the worker runs
    assert _top(event.metro)[0] == "Turniket Pro"


def test_profile_update_refuses_bad_fields_and_saves_nothing(event):
    with pytest.raises(ValidationError) as info:
        profile_update(profile=event.metro, changes={"country": "Uzbekistan"}, by_user=None)
    assert "country" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        profile_update(profile=event.metro, changes={"event_id": 99}, by_user=None)
    assert "event_id" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        profile_update(profile=event.metro, changes={}, categories=["99.9"], by_user=None)
    assert "categories" in info.value.message_dict
    event.metro.refresh_from_db()
    assert event.metro.country == "UZ"


def test_cached_model_follows_profiles_changed_elsewhere(event):
    model, _ = matching.model_current(event)
    event.gates.offering = "video surveillance cameras for metro stations"
    event.gates.save()
    again, _ = matching.model_current(event)
    assert again is model  # no refit: the changed profile was upserted
    top = [m.exhibitor for m in again.exhibitors_for_buyer(str(event.metro.pk))]
    assert str(event.gates.pk) in top[:2]
    ExhibitorFactory(event=event, offering="Bollards")
    assert matching.model_current(event)[0] is not model  # a new profile: refit


def test_compute_matches_command(event, capsys):
    call_command("compute_matches", "--event", event.slug)
    assert "recommendations (default rules)" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("compute_matches", "--event", "nope")


def test_exhibitor_refresh_updates_the_buyers_it_now_suits(event):
    recommendations_compute(event=event)
    assert "Turniket Pro" not in _top(event.factory)
    profile_update(
        profile=event.gates,
        changes={"offering": "Fire alarm panels and fire extinguishing for plants"},
        categories=["4.1", "4.2"],
        by_user=None,
    )
    recommendations_refresh(profile=event.gates)
    assert "Turniket Pro" in _top(event.factory)
    assert Recommendation.objects.filter(exhibitor=event.gates, exhibitor_rank=1).get().buyer == event.factory


@pytest.mark.parametrize(
    ("label", "language", "expected"),
    [
        ("video surveillance", "ru", "видеонаблюдение"),
        ("video surveillance", "uz", "videokuzatuv"),
        ("video surveillance", "en", "video surveillance"),
        ("face recognition", "ru", "распознавание лиц"),
        ("access control", "ru", "система контроля доступа"),  # a phrase first, not the acronym «скуд»
        ("no such concept", "ru", "no such concept"),  # an organiser's own concept, say: its label
    ],
)
def test_concept_name_gives_the_thesaurus_term_of_the_language(label, language, expected):
    assert concepts.concept_name(label, language) == expected
