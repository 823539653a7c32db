"""Thesaurus: concepts found across languages and scripts; organiser extensions; malformed files."""

import json

import pytest

from matchmaking.engine.normalize import analyze
from matchmaking.engine.thesaurus import Thesaurus, ThesaurusError

THESAURUS = Thesaurus.load()


def concepts(text, thesaurus=THESAURUS):
    return {h.concept for h in thesaurus.find(analyze(text))}


@pytest.mark.parametrize(
    "text",
    ["видеонаблюдение", "videokuzatuv", "video surveillance", "Видеокузатув", "системы видеонаблюдения", "CCTV"],
)
def test_video_surveillance_is_one_concept_in_every_language_and_script(text):
    assert "video_surveillance" in concepts(text)


@pytest.mark.parametrize("text", ["turnstiles", "турникеты", "turniketlar", "Турникетлар"])
def test_turnstile_terms_meet(text):
    assert concepts(text) == {"turnstile"}


@pytest.mark.parametrize("text", ["gas analyzers", "газоанализаторы", "gaz analizatorlari", "газ анализаторлари"])
def test_gas_detector_terms_meet(text):
    assert concepts(text) == {"gas_detector"}


@pytest.mark.parametrize("text", ["fire extinguishers", "огнетушители", "o‘t o‘chirgichlar", "ўт ўчиргичлар"])
def test_extinguisher_terms_meet_across_apostrophes_and_scripts(text):
    assert concepts(text) == {"fire_extinguisher"}


def test_generic_word_inside_a_longer_concept_does_not_count():
    # "сигнализация" alone is intrusion alarm, but inside "пожарная сигнализация" it is fire alarm only.
    assert concepts("пожарная сигнализация") == {"fire_alarm"}
    assert concepts("охранная сигнализация") == {"intrusion_alarm"}


def test_concepts_are_tied_to_valid_taxonomy_codes():
    for concept in THESAURUS.concepts.values():
        assert concept.category is None or concept.category.split(".")[0] in {str(i) for i in range(1, 11)}
    covered = {c.category for c in THESAURUS.concepts.values() if c.category and "." in c.category}
    assert len(covered) == 50  # every subcategory has at least one concept


def test_every_concept_has_terms_in_all_three_languages():
    for concept in THESAURUS.concepts.values():
        assert all(concept.terms[lang] for lang in ("en", "ru", "uz")), concept.id


def test_organiser_file_adds_terms_and_concepts(tmp_path):
    extra = tmp_path / "extra.json"
    extra.write_text(
        json.dumps(
            {
                "concepts": [
                    {"id": "turnstile", "ru": ["вертушка"]},
                    {"id": "k9", "category": "7", "label": "detection dogs", "en": ["sniffer dog"], "ru": ["кинолог"]},
                ]
            }
        ),
        encoding="utf-8",
    )
    thesaurus = Thesaurus.load([extra])
    assert concepts("вертушка", thesaurus) == {"turnstile"}
    assert concepts("турникет", thesaurus) == {"turnstile"}  # shipped terms are kept
    assert concepts("sniffer dogs", thesaurus) == {"k9"}
    assert thesaurus.concepts["k9"].category == "7"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "extra.json"),
        ('{"concepts": [{"en": ["x"]}]}', "concept #1: needs a non-empty string 'id'"),
        ('{"concepts": [{"id": "x", "category": "11.2", "en": ["x"]}]}', "'category' must be a taxonomy code"),
        ('{"concepts": [{"id": "x", "en": "camera"}]}', "'en' must be a list"),
        ('{"concepts": [{"id": "new_one"}]}', "a new concept needs at least one term"),
        ('{"terms": []}', "expected an object with a 'concepts' list"),
    ],
)
def test_malformed_organiser_file_is_rejected_with_its_name(tmp_path, content, message):
    extra = tmp_path / "extra.json"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(ThesaurusError, match=message.replace("(", r"\(").replace("'", "'")):
        Thesaurus.load([extra])


def test_term_that_shrinks_to_one_word_without_stop_words_is_left_out(tmp_path):
    extra = tmp_path / "extra.json"
    extra.write_text('{"concepts": [{"id": "it_sec", "en": ["IT security", "it-sec audit"]}]}', encoding="utf-8")
    thesaurus = Thesaurus.load([extra])
    assert thesaurus.dropped_terms == [("it_sec", "IT security")]
    assert "it_sec" not in concepts("security equipment", thesaurus)
    assert "it_sec" in concepts("IT-sec audit", thesaurus)


def test_russian_ppe_abbreviation_is_not_taken_for_the_uzbek_pronoun():
    assert concepts("Поставки СИЗ для шахт") >= {"ppe"}
