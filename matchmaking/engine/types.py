"""Plain dataclasses exchanged with the matchmaking core. No behaviour beyond validation helpers.

An adapter (the Django app, the CLI, a benchmark) builds ``Profile`` objects, passes them with ``Rules`` to
``MatchModel.fit`` and gets ``Match`` objects back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

EvidenceKind = Literal["concept", "term", "category", "rule"]


@dataclass(frozen=True, slots=True)
class Profile:
    """A buyer or an exhibitor, as the engine sees it.

    ``id`` is unique within its side. ``categories`` holds taxonomy codes ("N" or "N.M"); ``languages`` ISO 639-1
    codes ("en", "ru", "uz"). A buyer fills ``looking_for``, an exhibitor ``offering``; the other stays empty.
    ``shortlist`` lists ids of counterparts this profile has marked as interesting (favourites, meeting wishes);
    it drives the interest boosts. ``target_countries`` (exhibitors) lists the markets the exhibitor wants; empty
    means no preference. ``company`` identifies the organisation, so that colleagues are never matched.
    """

    id: str
    name: str = ""
    country: str = ""
    languages: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    description: str = ""
    offering: str = ""
    looking_for: str = ""
    keywords: tuple[str, ...] = ()
    company: str = ""
    sponsor_tier: str = ""
    target_countries: tuple[str, ...] = ()
    shortlist: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason behind a score, in structured form (for translation or display by the app).

    ``kind``: "concept" (a thesaurus concept both sides mention), "term" (a word both use), "category" (a shared
    taxonomy code), "rule" (a boost or another rule that changed the result). ``label`` names the thing
    (concept label, word, category code or rule name); ``buyer_text`` / ``exhibitor_text`` quote each side as
    written; ``weight`` is the share of the score it carried (rules: the amount added).
    """

    kind: EvidenceKind
    label: str
    buyer_text: str = ""
    exhibitor_text: str = ""
    weight: float = 0.0


@dataclass(frozen=True, slots=True)
class Match:
    """One recommendation. ``score`` (0–1) is relevance plus boosts, clipped to 1; ``relevance`` is the score
    before boosts (the threshold applies to it). ``reasons`` are sentences for the person who sees the match;
    ``evidence`` the same in structured form."""

    buyer: str
    exhibitor: str
    score: float
    relevance: float
    reasons: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = field(default=())
