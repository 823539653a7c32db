"""Text normalisation for English, Russian and Uzbek (Latin and Cyrillic script).

Contract
--------
``normalize_text(s)`` returns a string that is NFKC-normalised, lower-cased, has every Uzbek apostrophe variant
(ʻ ʼ ' ‘ ’ ` ´ ʹ ′) folded to the ASCII apostrophe, and has Cyrillic letters transliterated to Latin with the fixed
table ``CYRILLIC_TO_LATIN`` (the official Uzbek Cyrillic→Latin correspondence, extended with the Russian letters
Uzbek lacks). The same word written in either script therefore yields the same string:
``normalize_text("Видеокузатув") == normalize_text("videokuzatuv")``.

``analyze(s)`` splits a text into ``Token`` objects carrying both the matching key (``stem``) and the words as the
author wrote them (``surface``), so that explanations can quote the profile verbatim.

Everything here is deterministic and free of external data; the same functions analyse profile texts and
thesaurus terms, which is what makes thesaurus phrases meet profile texts.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Apostrophe-like characters people use for the Uzbek oʻ / gʻ and for the tutuq belgisi (glottal stop).
# U+02BB is the official one; keyboards produce all the others.
APOSTROPHES = "\u02bb\u02bc\u0027\u2018\u2019\u0060\u00b4\u02b9\u2032\u02bd"
_APOS_FOLD = str.maketrans({ch: "'" for ch in APOSTROPHES})

# Fixed transliteration table. Uzbek Cyrillic letters follow the 1995 Latin alphabet (ў→o', ғ→g', қ→q, ҳ→h,
# х→x, ж→j); Russian-only letters get the spelling Uzbek Latin uses for Russian loanwords (ц→ts, щ→sh, ы→y).
# ь is dropped and ъ becomes the apostrophe, as in Uzbek Latin (таъминот → ta'minot).
CYRILLIC_TO_LATIN: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "x",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "'",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ў": "o'",
    "қ": "q",
    "ғ": "g'",
    "ҳ": "h",
    # Kazakh/Kyrgyz letters that turn up in registrations from neighbouring countries.
    "і": "i",
    "ә": "a",
    "ө": "o",
    "ү": "u",
    "ұ": "u",
    "ң": "ng",
    "һ": "h",
}
# Vowels after which Uzbek writes Cyrillic е as "ye". ы is left out on purpose: it is Russian only, and Russian
# adjective endings -ые/-ый must stay "ye"-free so that межсетевые and межсетевой share a stem.
_VOWELS_CYR = set("аеёиоуэюяўіәөүұ")
_TRANSLIT = str.maketrans(CYRILLIC_TO_LATIN)

# A word: letters/digits, optionally joined by apostrophes (o'zbekiston, ta'minot). Hyphens split words, so
# "IP-камера" gives "ip" and "камера" like "IP camera" does.
_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def _translit_word(word: str) -> str:
    """Transliterate one lower-case word. The one context rule: Cyrillic е at the start of a word or after a
    vowel, ъ or ь is written "ye" in Uzbek Latin (ер → yer, таъминот), so it is transliterated that way."""
    if not any("\u0400" <= ch <= "\u04ff" for ch in word):
        return word
    out: list[str] = []
    prev = ""
    for ch in word:
        if ch == "е" and (prev == "" or prev in _VOWELS_CYR or prev in "ъь"):
            out.append("ye")
        else:
            out.append(ch.translate(_TRANSLIT))
        prev = ch
    return "".join(out)


_CYRILLIC_RUN = re.compile(r"[\u0400-\u04ff]+")


def normalize_text(text: str) -> str:
    """Return ``text`` NFKC-normalised, lower-cased, apostrophes folded and Cyrillic transliterated to Latin.

    Idempotent: ``normalize_text(normalize_text(s)) == normalize_text(s)``.
    """
    text = unicodedata.normalize("NFKC", text).lower().translate(_APOS_FOLD)
    if not _CYRILLIC_RUN.search(text):
        return text
    return _CYRILLIC_RUN.sub(lambda m: _translit_word(m.group(0)), text)


# Profiles repeat the same words endlessly; caching word-level normalisation makes analysis ~10× faster.
normalize_word = lru_cache(maxsize=500_000)(normalize_text)


# Very common words in the three languages that carry no meaning for matching. Listed in normalised form
# (after transliteration); IDF would down-weight them too, but removing them keeps the sparse products sparse.
STOP_WORDS: frozenset[str] = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "this",
        "to",
        "we",
        "with",
        "you",
        "your",
        "all",
        "any",
        "also",
        "such",
        "other",
        "more",
        "most",
        "can",
        "will",
        "who",
        "which",
        "that",
        "these",
        "those",
        "than",
        "per",
        "via",
        "including",
        "include",
        "new",
        "i",
        "v",
        "na",
        "s",
        "so",
        "po",
        "dlya",
        "ot",
        "do",
        "iz",
        "k",
        "u",
        "za",
        "o",
        "ob",
        "pri",
        "kak",
        "chto",
        "eto",
        "ili",
        "a",
        "no",
        "ne",
        "to",
        "my",
        "nash",
        "nashi",
        "nashey",
        "nashix",
        "vas",
        "vash",
        "vy",
        "ix",
        "yego",
        "yeye",
        "takje",
        "tak",
        "kotoryy",
        "kotorye",
        "kotoraya",
        "kotorix",
        "ves",
        "vse",
        "vsex",
        "boleye",
        "mojem",
        "jdem",
        "jdyom",
        "va",
        "uchun",
        "bilan",
        "ham",
        "yoki",
        "bu",
        "shu",
        "biz",
        "bizning",
        "sizning",
        "ular",
        "u",
        "bo'yicha",
        "orqali",
        "kabi",
        "hamda",
        "uchun",
        "ega",
        "esa",
        "etadi",
        "qiladi",
        "bo'lgan",
        "qilish",
        "etish",
    ]
)

# Suffixes removed by ``stem`` (transliterated Russian case/number endings, Uzbek plural/case/possessive endings,
# English plural/verb endings). Longest first; applied repeatedly while the stem keeps ≥ 4 letters, which is
# enough to make kameralarni / камерами / cameras meet at "kamer"/"camer" without collapsing short words.
_UZBEK_SUFFIXES: frozenset[str] = frozenset(
    {
        "larning",
        "laridan",
        "larida",
        "lariga",
        "larini",
        "lardan",
        "larda",
        "larga",
        "larni",
        "lari",
        "lar",
        "ning",
        "dagi",
        "imiz",
        "ingiz",
        "dan",
        "da",
        "ga",
        "ni",
        "si",
        "ini",
    }
)
_RUSSIAN_SUFFIXES: frozenset[str] = frozenset(
    {
        "iyami",
        "yami",
        "ami",
        "iyax",
        "yax",
        "ax",
        "ogo",
        "ego",
        "omu",
        "emu",
        "ymi",
        "imi",
        "iye",
        "iya",
        "iyu",
        "ii",
        "yx",
        "ix",
        "ov",
        "ev",
        "ey",
        "oy",
        "om",
        "em",
        "ym",
        "im",
        "ye",
        "yy",
        "iy",
        "oe",
        "ee",
        "aya",
        "uyu",
        "yu",
        "ya",
        "a",
        "y",
        "u",
        "e",
        "i",
    }
)
_ENGLISH_SUFFIXES: frozenset[str] = frozenset(
    {
        "ies",
        "es",
        "s",
        "ing",
        "ed",
    }
)
_SUFFIXES: tuple[str, ...] = tuple(
    sorted(_UZBEK_SUFFIXES | _RUSSIAN_SUFFIXES | _ENGLISH_SUFFIXES, key=len, reverse=True)
)
_STACKING_SUFFIXES: tuple[str, ...] = tuple(sorted(_UZBEK_SUFFIXES | {"a", "i"}, key=len, reverse=True))
_MIN_STEM = 4


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return a crude language-independent stem of a normalised word (apostrophes removed).

    Contract: deterministic, never shorter than ``min(len(word), 4)`` letters, and applied identically to
    profile texts and thesaurus terms. Apostrophes are dropped because registrants often omit them in informal
    Uzbek (yongin / yong'in); the collisions this causes (oq / o'q) do not occur in this domain.
    """
    word = word.replace("'", "")
    if word.isdigit():
        return word
    if len(word) <= _MIN_STEM:
        # Short English plurals (dogs, kits, tags) still lose their s; "gas", "bus", "iris" do not.
        if len(word) == 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            return word[:-1]
        return word
    # One ending of any language, then up to two more Uzbek ones (suffixes stack in Uzbek: kamera-lar-i-ni);
    # repeating Russian endings would over-stem (sistemy → sistem → sist).
    suffixes = _SUFFIXES
    for _ in range(3):
        for suf in suffixes:
            if word.endswith(suf) and len(word) - len(suf) >= _MIN_STEM:
                word = word[: -len(suf)]
                break
        else:
            break
        suffixes = _STACKING_SUFFIXES
    # Uzbek voices a final k/q before a vowel suffix (xavfsizlik → xavfsizligi, to'siq → to'sig'i), so a stem
    # ending in g or q is written with k: both forms then meet.
    if word[-1] in "gq":
        word = word[:-1] + "k"
    return word


class Token(NamedTuple):
    """One word of a text: ``stem`` is the matching key, ``surface`` the word as written (NFKC, original case)."""

    stem: str
    surface: str


@lru_cache(maxsize=500_000)
def _word_key(surface: str, keep_stop_words: bool) -> str | None:
    """The stem of one word, or None when the word is a stop word (and stop words are dropped)."""
    norm = normalize_text(surface)
    if not keep_stop_words and norm in STOP_WORDS:
        return None
    return stem(norm)


def analyze(text: str, *, keep_stop_words: bool = False) -> list[Token]:
    """Split ``text`` into tokens in reading order. Stop words are dropped unless ``keep_stop_words``."""
    stems, surfaces = analyze_lists(text, keep_stop_words=keep_stop_words)
    return [Token(s, w) for s, w in zip(stems, surfaces, strict=True)]


def analyze_lists(text: str, *, keep_stop_words: bool = False) -> tuple[list[str], list[str]]:
    """``analyze`` as two parallel lists (stems, surfaces): the fast path used when vectorising."""
    words = _WORD_RE.findall(unicodedata.normalize("NFKC", text).translate(_APOS_FOLD))
    keys = [_word_key(w, keep_stop_words) for w in words]
    if None not in keys:
        return keys, words  # type: ignore[return-value]
    pairs = [(k, w) for k, w in zip(keys, words, strict=True) if k is not None]
    return [k for k, _ in pairs], [w for _, w in pairs]


def analyze_with_spans(text: str) -> tuple[str, list[str], list[str], list[tuple[int, int]]]:
    """``analyze_lists`` plus where each word sits: (prepared text, stems, surfaces, spans). Slicing the prepared
    text from the first to the last span of a phrase gives the phrase as written ("X-ray", not "X ray")."""
    prepared = unicodedata.normalize("NFKC", text).translate(_APOS_FOLD)
    stems: list[str] = []
    surfaces: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _WORD_RE.finditer(prepared):
        word = match.group(0)
        key = _word_key(word, False)
        if key is not None:
            stems.append(key)
            surfaces.append(word)
            spans.append(match.span())
    return prepared, stems, surfaces, spans
