"""The product taxonomy of the show (10 categories × 5 subcategories), as pure data.

Codes are "N" for a category and "N.M" for a subcategory, numbered in the order DOMAIN.md lists them
(1 = Video surveillance, 1.1 = IP cameras, ..., 10.5 = Design & installation).
"""

from __future__ import annotations

import re

TAXONOMY: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Video surveillance",
        ("IP cameras", "NVR & VMS", "Video analytics & face recognition", "Thermal imaging", "ANPR"),
    ),
    (
        "Access control",
        ("Readers & credentials", "Biometrics", "Turnstiles & barriers", "Electronic locks", "Visitor management"),
    ),
    ("Intrusion & alarm", ("Detectors", "Control panels", "Panic buttons", "Monitoring centres", "Intercoms")),
    (
        "Fire safety",
        (
            "Fire detection & alarm",
            "Extinguishing systems",
            "Extinguishers",
            "Voice evacuation",
            "Fire-retardant materials",
        ),
    ),
    (
        "Perimeter & physical protection",
        ("Fences", "Perimeter detection", "Bollards & road blockers", "Armoured doors & glazing", "Safes"),
    ),
    (
        "Cybersecurity",
        (
            "Network security",
            "SOC & SIEM",
            "Data protection & cryptography",
            "Industrial control security",
            "Identity management",
        ),
    ),
    (
        "Counter-terrorism & inspection",
        (
            "X-ray scanners",
            "Walk-through metal detectors",
            "Explosives & narcotics detectors",
            "Counter-drone",
            "Under-vehicle inspection",
        ),
    ),
    (
        "PPE & occupational safety",
        ("Respiratory protection", "Protective clothing", "Head, eye & hearing", "Fall protection", "Gas detectors"),
    ),
    (
        "Emergency & rescue",
        ("Rescue tools", "Special vehicles", "First aid", "Emergency communications", "Public warning"),
    ),
    (
        "Safe city & integration",
        (
            "Situation centres & PSIM",
            "Traffic enforcement",
            "Building automation",
            "Cloud video",
            "Design & installation",
        ),
    ),
)

CATEGORY_NAMES: dict[str, str] = {}
for _i, (_name, _subs) in enumerate(TAXONOMY, start=1):
    CATEGORY_NAMES[str(_i)] = _name
    for _j, _sub in enumerate(_subs, start=1):
        CATEGORY_NAMES[f"{_i}.{_j}"] = _sub

_CODE_RE = re.compile(r"^(10|[1-9])(?:\.([1-5]))?$")


def is_valid_code(code: str) -> bool:
    """True when ``code`` is "N" (1–10) or "N.M" (M 1–5)."""
    return bool(_CODE_RE.match(code))


def parent(code: str) -> str:
    """The category of a code: parent("1.3") == "1", parent("4") == "4"."""
    return code.split(".", 1)[0]


def label(code: str) -> str:
    """Human label: "IP cameras (Video surveillance)" for "1.1", "Video surveillance" for "1"."""
    if "." in code:
        return f"{CATEGORY_NAMES[code]} ({CATEGORY_NAMES[parent(code)]})"
    return CATEGORY_NAMES[code]
