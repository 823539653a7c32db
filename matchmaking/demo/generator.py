"""Deterministic demo data for the Securex Uzbekistan 2026 show: exhibitors, buyers and their teams.

Pure Python (no Django): ``generate(seed=2026, exhibitors=120, buyers=600)`` returns frozen dataclasses that the
``seed_demo`` management command turns into rows. Every organisation and person is fictitious; websites and
e-mail addresses use the reserved ``.example`` top-level domain. The same seed and sizes always give the same
data: one ``random.Random(seed)`` drives every choice, and nothing reads the clock or global state.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from matchmaking.demo import names as N
from matchmaking.demo import phrases as P
from matchmaking.demo import text
from matchmaking.demo.taxonomy import load_taxonomy

EXHIBITOR_ORG_TYPES: tuple[str, ...] = (
    "manufacturer",
    "distributor",
    "integrator",
    "service_provider",
    "software_vendor",
)
BUYER_ORG_TYPES: tuple[str, ...] = (
    "government",
    "law_enforcement",
    "transport",
    "energy",
    "industry",
    "finance",
    "telecom",
    "integrator",
    "hospitality",
    "retail",
    "real_estate",
    "healthcare",
    "education",
    "other",
)
EVENT_NAME = "Securex Uzbekistan 2026"
CIS = frozenset({"UZ", "KZ", "KG", "TJ", "TM", "RU", "BY", "AZ"})
TARGET_REGION = ("UZ", "KZ", "KG", "TJ", "TM", "AZ")

T = TypeVar("T")


@dataclass(frozen=True)
class DemoPerson:
    """A team member of an exhibitor or buyer; the first person of a team is its lead contact."""

    first_name: str
    last_name: str
    email: str
    job_title: str
    phone: str
    language: str  # "en" | "ru" | "uz"
    role: str  # "lead" | "member"


@dataclass(frozen=True)
class DemoExhibitor:
    """An exhibiting company with its stand, product categories and the staff who take meetings."""

    key: str
    company: str
    organisation_type: str
    country: str
    city: str
    website: str
    description: str
    offering: str
    categories: tuple[str, ...]
    languages: tuple[str, ...]
    keywords: tuple[str, ...]
    hall: str
    booth: str
    parallel_meetings: int
    sponsor_tier: str
    target_countries: tuple[str, ...]
    team: tuple[DemoPerson, ...]


@dataclass(frozen=True)
class DemoBuyer:
    """A registered buyer organisation: what it looks for, when it buys and which show days it attends."""

    key: str
    company: str
    organisation_type: str
    country: str
    city: str
    website: str
    description: str
    looking_for: str
    categories: tuple[str, ...]
    languages: tuple[str, ...]
    keywords: tuple[str, ...]
    days_attending: tuple[int, ...]
    purchase_timeframe: str
    budget_band: str
    purchasing_role: str
    team: tuple[DemoPerson, ...]


@dataclass(frozen=True)
class DemoData:
    """The whole demo dataset."""

    exhibitors: list[DemoExhibitor]
    buyers: list[DemoBuyer]


def generate(*, seed: int = 2026, exhibitors: int = 120, buyers: int = 600) -> DemoData:
    """Build `exhibitors` exhibitors and `buyers` buyers, identical for identical arguments."""
    if exhibitors < 0 or buyers < 0:
        raise ValueError("sizes must not be negative")
    builder = _Builder(random.Random(seed))
    exhibitor_list = [
        builder.exhibitor(i, country)
        for i, country in enumerate(builder.countries(N.EXHIBITOR_COUNTRY_WEIGHTS, exhibitors), 1)
    ]
    buyer_list = [
        builder.buyer(i, country) for i, country in enumerate(builder.countries(N.BUYER_COUNTRY_WEIGHTS, buyers), 1)
    ]
    return DemoData(exhibitors=exhibitor_list, buyers=buyer_list)


_TAXONOMY = {node["code"]: node for node in load_taxonomy()}
_SUBCODES = {code: tuple(child["code"] for child in node["children"]) for code, node in _TAXONOMY.items()}
_BRAND_FIELDS = frozenset({"uzb", "rub", "enb", "loc", "cnb"})
_LANG_INDEX = {"en": 0, "ru": 1, "uz": 2, "uz_cyrl": 2}
_BIG_BUDGET_TYPES = frozenset({"government", "law_enforcement", "transport", "energy", "industry", "telecom"})


class _Builder:
    """Holds the random generator and the sets that keep names, domains and e-mails unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.companies: set[str] = set()
        self.domains: set[str] = set()
        self.emails: set[str] = set()
        self.booths: dict[int, int] = {}
        self.name_numbers: dict[str, int] = {}

    # random helpers
    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def weighted(self, items: Sequence[T], weights: Sequence[float]) -> T:
        return self.rng.choices(items, weights=weights)[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def countries(self, weights: Sequence[tuple[str, int]], total: int) -> list[str]:
        """Largest-remainder apportionment of `total` over the weights, in shuffled order."""
        whole = sum(w for _, w in weights)
        quotas = [(code, w * total / whole) for code, w in weights]
        counts = {code: int(q) for code, q in quotas}
        by_fraction = sorted(quotas, key=lambda item: -(item[1] - int(item[1])))
        for code, _ in by_fraction[: total - sum(counts.values())]:
            counts[code] += 1
        result = [code for code, _ in weights for _ in range(counts[code])]
        self.rng.shuffle(result)
        return result

    def city(self, country: str) -> tuple[str, str, str]:
        cities = N.COUNTRIES[country]["cities"]
        chosen = self.weighted(cities, [c[3] for c in cities])
        return chosen[0], chosen[1], chosen[2]

    def text_lang(self, country: str, *, buyer: bool) -> str:
        if country == "UZ":
            weights = (8, 42, 38, 12) if buyer else (15, 40, 35, 10)
            return self.weighted(("en", "ru", "uz", "uz_cyrl"), weights)
        if country in CIS:
            return "ru" if self.chance(0.87) else "en"
        return "en" if self.chance(0.75 if buyer else 0.85) else "ru"

    def second_lang(self, lang: str, country: str) -> str:
        """Mostly the same language; sometimes registrants switch language between two fields."""
        if not self.chance(0.12):
            return lang
        if country == "UZ":
            return "ru" if lang.startswith("uz") else self.pick(("uz", "en"))
        return "ru" if lang == "en" else "en"

    # names
    def unique_company(self, make: Callable[[dict[str, str]], str], fields: Callable[[], dict[str, str]]) -> str:
        """A fresh company name: a few random tries, then the last try with its brand numbered ("Прогресс-2")."""
        for _ in range(8):
            base = fields()
            name = make(base)
            if name not in self.companies:
                break
        else:
            n = self.name_numbers.get(name, 1)
            while name in self.companies:
                n += 1
                name = make({k: (f"{v}-{n}" if k in _BRAND_FIELDS else v) for k, v in base.items()})
            self.name_numbers[make(base)] = n
        self.companies.add(name)
        return name

    def brand_fields(self, country: str, cat: str, city: str) -> dict[str, str]:
        nouns = N.CATEGORY_NOUNS[cat]
        rub = (
            self.pick(N.RU_PREFIXES) + self.pick(N.RU_ROOTS).lower()
            if self.chance(0.5)
            else (self.pick(N.RU_PREFIXES) + self.pick(N.RU_ROOTS))
        )
        return {
            "uzb": self.pick(N.UZ_BRANDS),
            "uzn": self.pick(nouns[1]),
            "rub": rub,
            "run": self.pick(N.RU_TAILS),
            "enb": self.pick(N.EN_PREFIXES) + self.pick(N.EN_ROOTS),
            "enn": self.pick(nouns[0]),
            "trn": self.pick(nouns[2]),
            "den": self.pick(nouns[3]),
            "loc": self.pick(N.COUNTRIES[country].get("brands", N.UZ_BRANDS)),
            "cnb": self.pick(N.CN_SYLLABLES) + self.pick(N.CN_SYLLABLES).lower(),
            "city": city,
        }

    def exhibitor_company(self, country: str, cat: str, city: str) -> str:
        patterns = N.COUNTRIES[country]["company"]
        chosen: list[str] = []

        def make(fields: dict[str, str]) -> str:
            if not chosen:
                chosen.append(self.weighted([p for _, p in patterns], [w for w, _ in patterns]))
            return chosen[0].format(**fields)

        def fields() -> dict[str, str]:
            chosen.clear()
            return self.brand_fields(country, cat, city)

        return self.unique_company(make, fields)

    def buyer_company(self, country: str, subtype: dict[str, Any], org_type: str, city: str) -> str:
        noun_uz, noun_ru, noun_en = subtype["noun"]

        def make(f: dict[str, str]) -> str:
            if country == "UZ":
                if f["style"] == "ru":
                    return f"{N.BUYER_UZ_RU_FORMS[f['form']]} «{f['rub']} {noun_ru}»"
                if f["style"] == "en" and f["form"] != "DUK":
                    return f"«{f['enb']} {noun_en}» {f['form']}"
                return f"«{f['uzb']} {noun_uz}» {f['form']}"
            if country in N.BUYER_RU_FORMS:
                form = "АО" if org_type == "finance" and country != "KG" else N.BUYER_RU_FORMS[country]
                return f"{form} «{f['rub']} {noun_ru}»"
            return f"{f['enb']} {noun_en} {N.BUYER_EN_FORMS.get(country, 'LLC')}"

        def fields() -> dict[str, str]:
            uzb = city if self.chance(0.25) else self.pick(N.UZ_BRANDS)
            return {
                "uzb": uzb,
                "rub": self.pick(N.RU_WORDS),
                "enb": self.pick(N.EN_PREFIXES) + self.pick(N.EN_ROOTS),
                "form": self.pick(subtype["forms"]),
                "style": self.weighted(("uz", "ru", "en"), (55, 25, 20)),
            }

        return self.unique_company(make, fields)

    def domain(self, company: str) -> str:
        words = [w for w in text.ascii_slug(company, " ").split() if w not in text.STOP_SLUG][:3] or ["company"]
        base = "-".join(words)
        name, n = base, 2
        while name in self.domains:
            name, n = f"{base}-{n}", n + 1
        self.domains.add(name)
        return f"{name}.example"

    def phone(self, country: str) -> str:
        return re.sub("#", lambda _: str(self.rng.randrange(10)), self.pick(N.COUNTRIES[country]["phones"]))

    def person(self, country: str, language: str, role: str, title: str, domain: str, pattern: str) -> DemoPerson:
        culture_code = N.COUNTRIES[country]["culture"]
        culture = N.CULTURES[culture_code]
        female = self.chance(0.35)
        first = self.pick(culture["female" if female else "male"])
        surname = self.pick(culture["surnames"])
        if "|" in surname:
            surname = surname.split("|")[1 if female else 0]
        elif female and culture["rule"] == "slavic" and surname.endswith(("ov", "ev", "in", "ов", "ев", "ёв", "ин")):
            surname += "а" if surname[-1] in "вн" else "a"
        if culture["script"] == "cyrl" and (language != "ru" or self.chance(0.25)):
            first, surname = text.translit_latin(first), text.translit_latin(surname)
        elif culture_code == "uz" and language == "ru" and self.chance(0.3):
            first, surname = text.uzbek_cyrillic(first), text.uzbek_cyrillic(surname)
        f, last = text.ascii_slug(first), text.ascii_slug(surname)
        local = pattern.format(f=f, fi=f[:1], l=last)
        email, n = f"{local}@{domain}", 2
        while email in self.emails:
            email, n = f"{local}.{n}@{domain}", n + 1
        self.emails.add(email)
        return DemoPerson(first, surname, email, title, self.phone(country), language, role)

    def person_lang(self, country: str, text_lang: str, lead: bool) -> str:
        if lead and self.chance(0.7):
            return "uz" if text_lang.startswith("uz") else text_lang
        if country == "UZ":
            return self.weighted(("uz", "ru", "en"), (55, 40, 5))
        if N.COUNTRIES[country]["culture"] in ("ru", "by", "kz", "kg", "tj", "tm"):
            return "ru" if self.chance(0.9) else "en"
        return "en" if self.chance(0.8) else "ru"

    # categories and texts
    def exhibitor_codes(self, org_type: str) -> list[str]:
        n = self.weighted((1, 2, 3, 4), (25, 40, 25, 10))
        if org_type == "software_vendor":
            group = self.pick(P.SOFTWARE_CODE_GROUPS)
            return self.rng.sample(group, min(n, len(group)))
        if org_type == "service_provider":
            return self.rng.sample(P.SERVICE_CODES, min(n, 3))
        cats = list(P.MAIN_CATEGORY_WEIGHTS)
        main = self.weighted(cats, list(P.MAIN_CATEGORY_WEIGHTS.values()))
        if org_type == "integrator":
            main = self.weighted(("1", "2", "3", "4", "10"), (30, 25, 15, 20, 10))
            codes = ["10.5", *self.rng.sample(_SUBCODES[main], max(1, n - 1))]
            if self.chance(0.5):
                codes.append(self.pick(_SUBCODES[self.pick(("1", "2", "4", "3"))]))
            return list(dict.fromkeys(codes))[:4]
        if org_type == "distributor" and self.chance(0.15):
            codes = [main]
        else:
            codes = self.rng.sample(_SUBCODES[main], min(n, 3))
        if self.chance(0.25) or (len(codes) == 1 and n > 1):
            codes.append(self.pick(_SUBCODES[self.pick(P.RELATED_CATEGORIES[main])]))
        return list(dict.fromkeys(codes))[:4]

    def product_phrases(self, codes: Sequence[str], lang: str) -> list[str]:
        idx = _LANG_INDEX[lang]
        phrases: list[str] = []
        for code in codes:
            subs = self.rng.sample(_SUBCODES[code], 2) if code in _SUBCODES else [code]
            for sub in subs:
                phrases.append(self.pick(P.PRODUCTS[sub][idx]))
        phrases = list(dict.fromkeys(phrases))[:4]
        if len(phrases) == 1:
            first = codes[0] if "." in codes[0] else _SUBCODES[codes[0]][0]
            phrases.append(self.pick([p for p in P.PRODUCTS[first][idx] if p != phrases[0]]))
        return phrases

    def keywords(self, codes: Sequence[str], lang: str) -> tuple[str, ...]:
        column = 1 if lang == "ru" or (lang.startswith("uz") and self.chance(0.3)) else 0
        words: list[str] = []
        for code in codes:
            for sub in _SUBCODES[code][:2] if code in _SUBCODES else (code,):
                bank = P.KEYWORDS[sub][column]
                words.extend(self.rng.sample(bank, min(len(bank), self.rng.randint(1, 2))))
        return tuple(dict.fromkeys(words))[:8]

    def common_values(
        self, lang: str, codes: Sequence[str], country: str, city: tuple[str, str, str]
    ) -> dict[str, str]:
        idx = _LANG_INDEX[lang]
        cats = list(dict.fromkeys(c.split(".")[0] for c in codes))
        cat_names = [text.lower_first(_TAXONOMY[c]["name"][("en", "ru", "uz")[idx]]) for c in cats]
        products = self.product_phrases(codes, lang)
        year = self.rng.randint(1992, 2021)
        staff = self.rng.choice((12, 18, 25, 40, 60, 85, 120, 150, 240, 380, 600, 1200, 2500))
        return {
            "city": city[idx],
            "country": N.COUNTRIES[country]["name"][idx],
            "year": str(year),
            "staff": str(staff),
            "staff_ru": text.ru_plural(staff, "сотрудник", "сотрудника", "сотрудников"),
            "projects": str(self.rng.randrange(20, 900, 10)),
            "sites": str(self.rng.randint(3, 150)),
            "cats": text.join_list(cat_names, lang[:2]),
            "products": text.join_list(products, lang[:2]),
            "product1": products[0],
            "products_rest": text.join_list(products[1:], lang[:2]),
            "apps": text.join_list(self.rng.sample(P.APPLICATIONS[cats[0]][idx], 2), lang[:2]),
        }

    # profiles
    def exhibitor(self, index: int, country: str) -> DemoExhibitor:
        rng, spec = self.rng, N.COUNTRIES[country]
        org_type = self.weighted(EXHIBITOR_ORG_TYPES, N.EXHIBITOR_TYPE_WEIGHTS.get(country, N.DEFAULT_TYPE_WEIGHTS))
        codes = self.exhibitor_codes(org_type)
        city = self.city(country)
        company = self.exhibitor_company(country, codes[0].split(".")[0], city[0])
        domain = self.domain(company)
        hall_no = N.HALL_OF_COUNTRY.get(country, 3)
        self.booths[hall_no] = self.booths.get(hall_no, 0) + 1
        booth = f"B{hall_no}.{self.booths[hall_no]:02d}"
        others = [c for c in TARGET_REGION[1:] if c != country]
        extra = rng.sample(others, rng.randint(0, 2) if country == "UZ" else rng.randint(1, 3))
        targets = tuple(c for c in TARGET_REGION if c == "UZ" or c in extra)
        tier = self.weighted(("gold", "silver", ""), (3, 7, 90))
        team_size = 3 if tier == "gold" else self.weighted((1, 2, 3), (30, 45, 25))
        parallel = min(team_size, max(2 if tier else 1, self.weighted((1, 2, 3), (50, 38, 12))))

        lang = self.text_lang(country, buyer=False)
        lang2 = self.second_lang(lang, country)
        texts = []
        for template_bank, text_lang in ((P.EXHIBITOR_DESCRIPTIONS, lang), (P.EXHIBITOR_OFFERINGS, lang2)):
            idx = _LANG_INDEX[text_lang]
            values = self.common_values(text_lang, codes, country, city)
            kind = self.pick(P.EXHIBITOR_KINDS[org_type][idx])
            values.update(
                kind=kind,
                a_kind=text.article(kind),
                kind_cap=text.cap(kind),
                warranty=str(rng.choice((2, 3))),
                regions=text.join_list([N.COUNTRIES[c]["name"][idx] for c in targets], text_lang[:2]),
                hall=(f"Pavilion {hall_no}", f"павильон {hall_no}", f"{hall_no}-pavilon")[idx],
            )
            protected = {"company": company, "booth": booth, "event": EVENT_NAME}
            texts.append(text.render(self.pick(template_bank[idx]), text_lang, values, protected))

        pattern = self.weighted(("{f}.{l}", "{fi}.{l}", "{f}"), (60, 30, 10))
        team = []
        for i in range(team_size):
            local_rep = i > 0 and country != "UZ" and self.chance(0.35)
            person_country = "UZ" if local_rep else country
            plang = self.person_lang(person_country, lang, i == 0)
            role = "lead" if i == 0 else "member"
            title = self.pick(P.JOB_TITLES_EXHIBITOR[role][_LANG_INDEX[plang]])
            team.append(self.person(person_country, plang, role, title, domain, pattern))

        languages = list(spec["langs"])
        if country in CIS or self.chance(0.5 if country in ("CN", "TR", "KR") else 0.3):
            languages.append("ru")
        if self.chance(0.6 if country in CIS else 0.95):
            languages.append("en")
        languages += [p.language for p in team] + [lang[:2], lang2[:2]]
        extra_kw = {
            "manufacturer": ("oem", "производитель"),
            "distributor": ("dealer programme", "дилерская программа"),
            "integrator": ("turnkey", "под ключ"),
        }.get(org_type)
        keywords = self.keywords(codes, lang)
        if extra_kw and self.chance(0.4):
            keywords += (extra_kw[1 if lang == "ru" else 0],)
        return DemoExhibitor(
            key=f"exh-{index:04d}",
            company=company,
            organisation_type=org_type,
            country=country,
            city=city[0],
            website=f"https://{'www.' if self.chance(0.6) else ''}{domain}",
            description=texts[0],
            offering=texts[1],
            categories=tuple(codes),
            languages=tuple(dict.fromkeys(languages)),
            keywords=tuple(dict.fromkeys(keywords)),
            hall=f"Pavilion {hall_no}",
            booth=booth,
            parallel_meetings=parallel,
            sponsor_tier=tier,
            target_countries=targets,
            team=tuple(team),
        )

    def buyer(self, index: int, country: str) -> DemoBuyer:
        weights = P.BUYER_TYPE_WEIGHTS_UZ if country == "UZ" else P.BUYER_TYPE_WEIGHTS_FOREIGN
        org_type = self.weighted(BUYER_ORG_TYPES, weights)
        subtype = self.pick(P.BUYER_SUBTYPES[org_type])
        pool = subtype["codes"]
        n = min(len(pool), self.weighted((1, 2, 3, 4), (20, 40, 28, 12)))
        codes: list[str] = []
        while len(codes) < n:
            code = self.weighted(pool, [len(pool) - i for i in range(len(pool))])
            if code not in codes:
                codes.append(code)
        if self.chance(0.1):
            codes.append(self.pick(_SUBCODES[self.pick(list(_SUBCODES))]))
        if self.chance(0.05):
            codes[0] = codes[0].split(".")[0]
        codes = list(dict.fromkeys(codes))[:4]
        city = self.city(country)
        company = self.buyer_company(country, subtype, org_type, city[0])
        domain = self.domain(company)
        timeframe = self.weighted(("0-3m", "3-6m", "6-12m", "12m+"), (20, 30, 35, 15))
        big = org_type in _BIG_BUDGET_TYPES
        budget = self.weighted(("<50k", "50-250k", "250k-1m", ">1m"), (10, 35, 35, 20) if big else (35, 40, 20, 5))
        purchasing_role = self.weighted(("decision_maker", "influencer", "specifier", "user"), (30, 30, 25, 15))
        n_days = self.weighted((1, 2, 3), (35, 35, 30))
        if n_days == 1:
            days: tuple[int, ...] = (self.weighted((1, 2, 3), (45, 40, 15)),)
        elif n_days == 2:
            days = self.weighted(((1, 2), (2, 3), (1, 3)), (60, 25, 15))
        else:
            days = (1, 2, 3)

        lang = self.text_lang(country, buyer=True)
        lang2 = self.second_lang(lang, country)
        texts = []
        about = P.BUYER_DESCRIPTIONS_INTEGRATOR if org_type == "integrator" else P.BUYER_DESCRIPTIONS
        for template_bank, text_lang in ((about, lang), (P.BUYER_LOOKING_FOR, lang2)):
            idx = _LANG_INDEX[text_lang]
            values = self.common_values(text_lang, codes, country, city)
            kind, context = subtype["kind"][idx], subtype["context"][idx]
            values.update(
                kind=kind,
                a_kind=text.article(kind),
                kind_cap=text.cap(kind),
                context=context,
                context_cap=text.cap(context),
            )
            template = self.pick(template_bank[idx])
            if template_bank is P.BUYER_LOOKING_FOR and self.chance(0.6):
                template += " " + P.TIMEFRAME_SENTENCES[timeframe][idx].replace("{", "{{").replace("}", "}}")
            texts.append(text.render(template, text_lang, values, {"company": company}))

        pattern = self.weighted(("{f}.{l}", "{fi}.{l}", "{f}"), (55, 35, 10))
        team = []
        for i in range(self.weighted((1, 2), (70, 30))):
            plang = self.person_lang(country, lang, i == 0)
            role_key = purchasing_role if i == 0 else self.pick(("specifier", "user", "influencer"))
            title = self.pick(P.JOB_TITLES_BUYER[role_key][_LANG_INDEX[plang]])
            team.append(self.person(country, plang, "lead" if i == 0 else "member", title, domain, pattern))

        languages = list(N.COUNTRIES[country]["langs"])
        if self.chance(0.3):
            languages.append("en")
        languages += [p.language for p in team] + [lang[:2], lang2[:2]]
        return DemoBuyer(
            key=f"buy-{index:04d}",
            company=company,
            organisation_type=org_type,
            country=country,
            city=city[0],
            website=f"https://{'www.' if self.chance(0.5) else ''}{domain}",
            description=texts[0],
            looking_for=texts[1],
            categories=tuple(codes),
            languages=tuple(dict.fromkeys(languages)),
            keywords=self.keywords(codes, lang),
            days_attending=days,
            purchase_timeframe=timeframe,
            budget_band=budget,
            purchasing_role=purchasing_role,
            team=tuple(team),
        )
