"""Small text helpers for the demo generator: transliteration, slugs, list joining and template rendering.

Pure Python, no Django. Uzbek Cyrillic profile texts are produced from the Uzbek Latin phrase banks with
``uzbek_cyrillic``; e-mail addresses and web domains use ``ascii_slug``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# fmt: off
_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i", "ў": "o", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u",
}
STOP_SLUG = frozenset({
    "mchj", "aj", "atb", "duk", "ooo", "ao", "gk", "odo", "zao", "too", "osoo", "kho", "hj", "llc", "llp", "fze",
    "fzco", "dmcc", "co", "ltd", "inc", "gmbh", "kg", "ag", "bv", "oy", "sro", "as", "srl", "spa", "sp", "z", "o",
    "sas", "sl", "ab", "pvt", "mmc", "san", "ve", "tic", "sti",
})
# fmt: on
_LAT_TO_CYR = dict(zip("abdefghijklmnopqrstuvxyzcwʼ", "абдефгҳижклмнопқрстувхйзсвъ", strict=True))
_LAT_DIGRAPHS = {"oʻ": "ў", "gʻ": "ғ", "sh": "ш", "ch": "ч", "yo": "ё", "yu": "ю", "ya": "я", "ye": "е"}
_KEEP_LATIN = frozenset({"Mifare", "Marine", "Securex", "Uzbekistan"})
_CYR_PREFIXES = {
    "obyekt": "объект",
    "subyekt": "субъект",
    "sulfid": "сульфид",
    "shtab": "штаб",
    "distribyutor": "дистрибьютор",
    "protsess": "процесс",
}
_UZ_ACRONYMS = {"IK": "ИК", "AT": "АТ", "AQSH": "АҚШ", "BAA": "БАА"}
_WORD = re.compile(r"[^\W\d_]+")
_VOWELS = "aeiouаеёиоуыэюяў"


def translit_latin(text: str) -> str:
    """Cyrillic (Russian, Kazakh, Kyrgyz, Tajik, Uzbek letters) to plain Latin; other characters unchanged."""
    out = []
    for ch in text:
        low = ch.lower()
        if low in _CYR_TO_LAT:
            lat = _CYR_TO_LAT[low]
            out.append(lat.capitalize() if ch != low else lat)
        else:
            out.append(ch)
    return "".join(out)


def _cyr_word(word: str) -> str:
    if word in _UZ_ACRONYMS:
        return _UZ_ACRONYMS[word]
    if word in _KEEP_LATIN or (len(word) > 1 and word.isupper()) or any(c.isupper() for c in word[1:]):
        return word
    low, out, i = word.lower(), [], 0
    for latin, cyrillic in _CYR_PREFIXES.items():
        if low.startswith(latin):
            out.append(cyrillic)
            i = len(latin)
            break
    while i < len(low):
        pair, prev = low[i : i + 2], low[i - 1] if i else ""
        if pair == "ts" and low[i + 2 : i + 5] in ("iya", "ion", "ioo"):
            out.append("ц")
            i += 2
        elif low[i] == "s" and prev in ("n", "k") and low[i + 1 : i + 4] == "iya":
            out.append("ц")
            i += 1
        elif pair in _LAT_DIGRAPHS and not (pair == "yo" and low[i + 2 : i + 3] == "ʻ"):
            out.append(_LAT_DIGRAPHS[pair])
            i += 2
        elif low[i] == "e" and (not prev or prev in _VOWELS):
            out.append("э")
            i += 1
        else:
            out.append(_LAT_TO_CYR.get(low[i], "" if low[i] == "ʻ" else low[i]))
            i += 1
    result = "".join(out)
    return result[:1].upper() + result[1:] if word[0].isupper() else result


def uzbek_cyrillic(text: str) -> str:
    """Uzbek Latin to Uzbek Cyrillic ("Yoʻl harakati" -> "Йўл ҳаракати"); acronyms and Latin brands are kept."""
    return _WORD.sub(lambda m: _cyr_word(m.group(0)), text)


def ascii_slug(text: str, sep: str = "") -> str:
    """Lower-case ASCII letters and digits of `text`, words joined by `sep` ("Дилшод Oʻktam" -> "dilshodoktam")."""
    text = translit_latin(text).replace("ı", "i").replace("ł", "l").replace("ß", "ss").replace("ø", "o")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return sep.join(re.findall(r"[a-z0-9]+", text))


def join_list(items: Sequence[str], lang: str) -> str:
    """ "a, b and c" in `lang` (en, ru, otherwise Uzbek); a stronger last link when items contain the conjunction."""
    conj, strong = {"en": (" and ", ", as well as "), "ru": (" и ", ", а также ")}.get(lang, (" va ", " hamda "))
    if len(items) == 1:
        return items[0]
    last = strong if any(conj in item for item in items) else conj
    return ", ".join(items[:-1]) + last + items[-1]


def cap(text: str) -> str:
    """Upper-case the first letter, skipping leading punctuation such as «."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the word is an acronym ("Video surveillance" but "PPE & ...")."""
    return text[:1].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def ru_plural(n: int, one: str, few: str, many: str) -> str:
    """Russian number agreement: 1 сотрудник, 2 сотрудника, 5 сотрудников."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} {one}"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} {few}"
    return f"{n} {many}"


def article(noun: str) -> str:
    """English indefinite article: "a distributor", "an authorised distributor"."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def render(template: str, lang: str, values: dict[str, str], protected: dict[str, str]) -> str:
    """Fill `template`; for "uz_cyrl" transliterate everything except the `protected` values (names, booths)."""
    if lang != "uz_cyrl":
        return template.format(**values, **protected)
    marks = {key: f"\ue000{i}\ue001" for i, key in enumerate(protected)}
    result = uzbek_cyrillic(template.format(**values, **marks))
    for key, mark in marks.items():
        result = result.replace(mark, protected[key])
    return result
