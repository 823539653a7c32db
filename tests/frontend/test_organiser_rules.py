"""The match rules editor: save a draft, field errors for bad values (nothing saved), preview, publish."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from matchmaking.enums import RulesStatus
from matchmaking.models import MatchRuleSet
from tests.factories import BuyerFactory, EventFactory, ExhibitorFactory, OrganiserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "top_k": "10",
    "min_score": "0.05",
    "category_weight": "0.25",
    "exposure_cap": "2",
    "mutual_interest_boost": "0.1",
    "interest_boost": "0.03",
    "target_country_boost": "0.02",
    "exclude_same_company": "on",
    "fw_looking_for__offering": "0.45",
    "fw_description__description": "0.1",
    "sponsor_gold": "0.04",
    "note": "Fewer, better matches",
}


@pytest.fixture
def event():
    event = EventFactory()
    for i in range(4):
        BuyerFactory(event=event, company=f"Buyer {i}", looking_for="IP cameras and video analytics for the metro")
        ExhibitorFactory(event=event, company=f"Vendor {i}", offering="IP cameras, video analytics, NVR")
    return event


@pytest.fixture
def organiser(event, client, login):
    return login(OrganiserFactory(event=event).user)


def test_rules_page_shows_the_defaults_when_nothing_is_saved(client, event, organiser):
    page = client.get(reverse("organiser-rules", kwargs={"slug": event.slug})).content.decode()
    assert 'name="top_k" value="10"' in page
    assert 'name="fw_looking_for__offering" value="0.45"' in page
    assert "No saved version yet" in page
    assert 'hx-post="' + reverse("organiser-rules-preview", kwargs={"slug": event.slug}) + '"' in page


def test_saving_valid_rules_makes_a_new_draft_version(client, event, organiser):
    url = reverse("organiser-rules", kwargs={"slug": event.slug})
    response = client.post(url, VALID)
    assert response.status_code == 302
    rule_set = MatchRuleSet.objects.get(event=event)
    assert (rule_set.version, rule_set.status, rule_set.note) == (1, RulesStatus.DRAFT, "Fewer, better matches")
    assert rule_set.data["field_weights"] == {"looking_for:offering": 0.45, "description:description": 0.1}
    assert rule_set.data["sponsor_boosts"] == {"gold": 0.04}
    assert rule_set.data["exclude_same_company"] is True and rule_set.data["require_shared_language"] is False
    assert rule_set.created_by == organiser
    page = client.get(url).content.decode()
    assert "Editing from version 1 (Draft)" in page and 'data-version="1"' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("top_k", "0", "must be a whole number ≥ 1"),
        ("min_score", "1.5", "must be between 0 and 1"),
        ("category_weight", "lots", "Enter a number."),
        ("exposure_cap", "0.5", "must be a number ≥ 1"),
        ("fw_looking_for__offering", "-1", "must be a number ≥ 0"),
        ("sponsor_gold", "2", "must be between 0 and 1"),
        ("interest_boost", "", "This field is required."),
    ],
)
def test_invalid_rule_values_show_field_errors_and_save_nothing(client, event, organiser, field, value, message):
    response = client.post(reverse("organiser-rules", kwargs={"slug": event.slug}), {**VALID, field: value})
    assert response.status_code == 422
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert message in form.errors[field][0]
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page and "Nothing was saved" in page
    assert f'name="{field}" value="{value}"' in page or value == ""  # what was typed is kept
    assert not MatchRuleSet.objects.exists()


def test_all_weights_zero_is_an_error_on_the_weights(client, event, organiser):
    data = {**VALID, "fw_looking_for__offering": "0", "fw_description__description": "0"}
    response = client.post(reverse("organiser-rules", kwargs={"slug": event.slug}), data)
    assert response.status_code == 422
    assert "must not all be zero" in " ".join(response.context["form"].non_field_errors())
    assert not MatchRuleSet.objects.exists()


def test_preview_compares_the_draft_with_the_published_rules(client, event, organiser):
    url = reverse("organiser-rules-preview", kwargs={"slug": event.slug})
    generous = client.post(url, {**VALID, "min_score": "0"}).content.decode()
    assert 'data-preview="ok"' in generous
    assert 'data-coverage="0 %"' in generous  # 4 exhibitors can never give k=10 matches
    assert "of 4 buyers would get at least 10 matches" in generous
    strict = client.post(url, {**VALID, "min_score": "0.99"}).content.decode()
    assert "Buyers without any match" in strict
    row = strict[strict.index("Buyers without any match") :].split("</tr>")[0]
    assert "<td>4</td>" in row  # nobody reaches 0.99 under the draft
    assert not MatchRuleSet.objects.exists()  # a preview saves nothing


def test_preview_of_invalid_values_lists_the_errors(client, event, organiser):
    response = client.post(reverse("organiser-rules-preview", kwargs={"slug": event.slug}), {**VALID, "top_k": "-3"})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-preview="invalid"' in page
    assert "Recommendations per person: must be a whole number ≥ 1" in page


def test_publishing_a_draft_supersedes_the_published_version(
    client, event, organiser, django_capture_on_commit_callbacks
):
    url = reverse("organiser-rules", kwargs={"slug": event.slug})
    client.post(url, VALID)
    client.post(url, {**VALID, "top_k": "5"})
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("organiser-rules-publish", kwargs={"slug": event.slug, "version": 1}))
        response = client.post(
            reverse("organiser-rules-publish", kwargs={"slug": event.slug, "version": 2}), follow=True
        )
    statuses = dict(MatchRuleSet.objects.values_list("version", "status"))
    assert statuses == {1: RulesStatus.SUPERSEDED, 2: RulesStatus.PUBLISHED}
    assert "Version 2 is published" in response.content.decode()


def test_publishing_another_events_version_is_404(client, event, organiser):
    other = EventFactory()
    MatchRuleSet.objects.create(event=other, version=1, data={})
    url = reverse("organiser-rules-publish", kwargs={"slug": event.slug, "version": 1})
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405


def test_editing_from_an_older_version_starts_from_its_values_and_keeps_its_blocked_pairs(client, event, organiser):
    MatchRuleSet.objects.create(event=event, version=1, data={"top_k": 4, "blocked_pairs": [["1", "2"]]})
    MatchRuleSet.objects.create(event=event, version=2, data={"top_k": 8})
    url = reverse("organiser-rules", kwargs={"slug": event.slug})
    assert 'name="top_k" value="8"' in client.get(url).content.decode()
    page = client.get(url, {"version": 1}).content.decode()
    assert 'name="top_k" value="4"' in page and 'name="base_version" value="1"' in page
    client.post(url, {**VALID, "base_version": "1"})
    saved = MatchRuleSet.objects.get(version=3)
    assert saved.data["blocked_pairs"] == [["1", "2"]] and saved.data["top_k"] == 10


def test_preview_says_how_buyers_rankings_shift(client, event, organiser):
    url = reverse("organiser-rules-preview", kwargs={"slug": event.slug})
    same = client.post(url, {**VALID, "fw_looking_for__offering": "0.45", "fw_description__description": ""})
    assert same.status_code == 200
    nothing = client.post(url, {**VALID, "min_score": "0.99"}).content.decode()
    assert 'data-shift-changed="4"' in nothing  # every buyer loses its list
    assert "0 exhibitors enter buyers' lists" in nothing


@pytest.fixture
def english_afterwards():
    # A request in Russian activates it in this thread (LocaleMiddleware); later tests expect English.
    yield
    translation.deactivate()


def test_preview_examples_give_reasons_about_the_buyer_and_the_exhibitor_in_the_pages_language(
    client, event, organiser, english_afterwards
):
    """The organiser is neither side: no "you wrote"; and the sentences follow the page's language."""
    url = reverse("organiser-rules-preview", kwargs={"slug": event.slug})
    english = client.post(url, {**VALID, "min_score": "0"}).content.decode()
    examples = english[english.index('class="samples"') :]
    assert "Both mention video analytics: “video analytics”" in examples
    assert "you wrote" not in examples and "You " not in examples
    organiser.language = "ru"
    organiser.save(update_fields=["language"])
    russian = client.post(url, {**VALID, "min_score": "0"}).content.decode()
    assert "Оба упоминают «видеоаналитика»: «video analytics»" in russian[russian.index('class="samples"') :]
