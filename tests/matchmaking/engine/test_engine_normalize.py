"""Normalisation, transliteration and stemming: the same word in either script or spelling meets itself."""

from hypothesis import given
from hypothesis import strategies as st

from matchmaking.engine.normalize import analyze, normalize_text, stem


def test_normalize_lowercases_and_applies_nfkc():
    assert normalize_text("ＣＣＴＶ Ｃａｍｅｒａ") == "cctv camera"


def test_normalize_folds_every_uzbek_apostrophe_to_one():
    variants = ["Oʻzbekiston", "O'zbekiston", "O‘zbekiston", "O’zbekiston", "O`zbekiston", "Oʼzbekiston"]
    assert {normalize_text(v) for v in variants} == {"o'zbekiston"}


def test_normalize_transliterates_uzbek_cyrillic_to_latin():
    assert normalize_text("Видеокузатув") == "videokuzatuv"
    assert normalize_text("Ёнғин хавфсизлиги") == "yong'in xavfsizligi"
    assert normalize_text("Ўзбекистон") == "o'zbekiston"
    assert normalize_text("қўриқлаш") == "qo'riqlash"
    assert normalize_text("ҳимоя") == "himoya"


def test_normalize_transliterates_russian_with_the_fixed_table():
    assert normalize_text("Щит и Цепь") == "shit i tsep"
    assert normalize_text("объект") == "ob'yekt"  # е after ъ is "ye", as in Uzbek Latin


def test_normalize_writes_initial_cyrillic_ye_as_ye():
    assert normalize_text("ер") == "yer"
    assert normalize_text("тепловизор") == "teplovizor"


def test_normalize_leaves_latin_text_alone_apart_from_case():
    assert normalize_text("Turnstiles & Barriers") == "turnstiles & barriers"


def test_same_uzbek_word_in_both_scripts_has_the_same_stems():
    latin = [t.stem for t in analyze("Yong‘in xavfsizligi tizimlari")]
    cyrillic = [t.stem for t in analyze("Ёнғин хавфсизлиги тизимлари")]
    assert latin == cyrillic


def test_apostrophe_omitted_by_the_writer_still_matches():
    assert [t.stem for t in analyze("yongin")] == [t.stem for t in analyze("yong'in")]


def test_stem_joins_inflected_forms_across_languages():
    assert stem("kameralarni") == stem("kamerasi") == stem(normalize_text("камерами")) == stem("kamera")
    assert stem(normalize_text("системы")) == stem(normalize_text("система")) == stem("sistemalar")
    assert stem("turnstiles") == stem("turnstile")


def test_stem_joins_uzbek_k_g_alternation():
    assert stem("xavfsizligi") == stem("xavfsizlik")


def test_stem_keeps_short_words_and_numbers():
    assert stem("ip") == "ip"
    assert stem("2026") == "2026"


def test_analyze_drops_stop_words_and_keeps_surfaces():
    tokens = analyze("Камеры и турникеты for the metro")
    assert [t.surface for t in tokens] == ["Камеры", "турникеты", "metro"]


def test_analyze_splits_hyphenated_words():
    assert [t.surface for t in analyze("IP-камера")] == ["IP", "камера"]


@given(st.text(max_size=60))
def test_normalize_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


def test_russian_adjective_endings_share_a_stem():
    assert stem(normalize_text("межсетевые")) == stem(normalize_text("межсетевой"))
    assert stem(normalize_text("периметральные")) == stem(normalize_text("периметральный"))
