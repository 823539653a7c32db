"""Why a recommendation matches, as sentences in the viewer's language and from the viewer's side.

Built from the recommendation's stored evidence (``matchmaking.matching.match_payload``: kind, label, the
buyer's and the exhibitor's words, weight), never from its stored ``reasons``: those are the engine's English
sentences, written for whichever side's list stored the row. ``viewer`` is ``"buyer"`` ("you" is the buyer),
``"exhibitor"``, or ``"organiser"`` (no "you": "the buyer", "the exhibitor").
"""

from __future__ import annotations

from typing import Any, Literal

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from frontend.views.common import country_name, language_name
from matchmaking.concepts import concept_name
from matchmaking.enums import SponsorTier
from matchmaking.models import Category, Recommendation

Viewer = Literal["buyer", "exhibitor", "organiser"]

# A rule's boost (evidence kind "rule", by label) told to each viewer; None: nothing to tell that viewer.
RULE_SENTENCES: dict[str, dict[str, str | Promise | None]] = {
    "buyer": {
        "sponsor_tier": gettext_lazy("Featured: %(tier)s sponsor of the show"),
        "buyer_interest": gettext_lazy("You shortlisted this exhibitor"),
        "exhibitor_interest": gettext_lazy("This exhibitor shortlisted you"),
        "mutual_interest": gettext_lazy("You have both shortlisted each other"),
        "target_country": gettext_lazy("This exhibitor is looking for buyers in %(country)s"),
        "shared_language": gettext_lazy("You share a language: %(languages)s"),
        "exposure_cap": gettext_lazy("Shown in place of a closer match that has reached its recommendation limit"),
    },
    "exhibitor": {
        "sponsor_tier": gettext_lazy("Your %(tier)s sponsorship raises your visibility"),
        "buyer_interest": gettext_lazy("This buyer shortlisted you"),
        "exhibitor_interest": gettext_lazy("You shortlisted this buyer"),
        "mutual_interest": gettext_lazy("You have both shortlisted each other"),
        "target_country": gettext_lazy("This buyer is in %(country)s, one of your target markets"),
        "shared_language": gettext_lazy("You share a language: %(languages)s"),
        "exposure_cap": None,  # about the buyer's list, not about this buyer
    },
    "organiser": {
        "sponsor_tier": gettext_lazy("The exhibitor is a %(tier)s sponsor of the show"),
        "buyer_interest": gettext_lazy("The buyer shortlisted the exhibitor"),
        "exhibitor_interest": gettext_lazy("The exhibitor shortlisted the buyer"),
        "mutual_interest": gettext_lazy("They have shortlisted each other"),
        "target_country": gettext_lazy("The exhibitor is looking for buyers in %(country)s"),
        "shared_language": gettext_lazy("They share a language: %(languages)s"),
        "exposure_cap": gettext_lazy("Shown in place of a closer match that has reached its recommendation limit"),
    },
}


def category_names(language: str) -> dict[str, str]:
    """Category code → its name in ``language`` (one query)."""
    return {c.code: c.name(language) for c in Category.objects.all()}


def reason_text(ev: dict[str, Any], names: dict[str, str], viewer: Viewer = "buyer") -> str | None:
    """One evidence item as a sentence for ``viewer``; ``None`` when it says nothing to that side."""
    kind, label = ev.get("kind"), str(ev.get("label", ""))
    buyer_text, exhibitor_text = str(ev.get("buyer_text", "")), str(ev.get("exhibitor_text", ""))
    mine, theirs = (buyer_text, exhibitor_text) if viewer == "buyer" else (exhibitor_text, buyer_text)
    if kind == "concept":
        topic = concept_name(label, (get_language() or "en").split("-")[0])
        if mine.casefold() == theirs.casefold():
            return _("Both mention %(topic)s: “%(text)s”") % {"topic": topic, "text": mine}
        if viewer == "organiser":
            return _("Both about %(topic)s: the buyer wrote “%(buyer)s”, the exhibitor “%(exhibitor)s”") % {
                "topic": topic,
                "buyer": buyer_text,
                "exhibitor": exhibitor_text,
            }
        return _("Both about %(topic)s: you wrote “%(mine)s”, they wrote “%(theirs)s”") % {
            "topic": topic,
            "mine": mine,
            "theirs": theirs,
        }
    if kind == "term":
        if viewer == "organiser":
            return _("Both use the word “%(word)s”") % {"word": mine or label}
        return _("You both use the word “%(word)s”") % {"word": mine or label}
    if kind == "category":
        return _("Same product category: %(category)s") % {"category": names.get(label, label)}
    if label not in RULE_SENTENCES[viewer]:
        return label  # a rule this table does not know: its name
    template = RULE_SENTENCES[viewer][label]
    if template is None:
        return None
    tier = dict(SponsorTier.choices).get(exhibitor_text, exhibitor_text.capitalize())  # its translated name
    languages = ", ".join(language_name(c.strip()) for c in buyer_text.split(",") if c.strip())
    return str(template) % {"tier": tier, "country": country_name(buyer_text), "languages": languages}


def explain(rec: Recommendation | None, names: dict[str, str], viewer: Viewer = "buyer") -> list[dict[str, Any]]:
    """The recommendation's evidence as [{"text", "kind", "weight"}] for ``viewer``, strongest first; its stored
    English sentences only when it has no structured evidence (rows older than the evidence field)."""
    if rec is None:
        return []
    evidence = [ev for ev in rec.evidence or [] if isinstance(ev, dict)]
    if not evidence:
        return [{"text": str(r), "kind": "text", "weight": 0.0} for r in rec.reasons or []]
    return explain_evidence(evidence, names, viewer)


def explain_evidence(evidence: list[dict[str, Any]], names: dict[str, str], viewer: Viewer) -> list[dict[str, Any]]:
    """Evidence items (as stored) as [{"text", "kind", "weight"}] for ``viewer``, strongest first."""
    items = []
    for ev in evidence:
        text = reason_text(ev, names, viewer)
        if text is not None:
            items.append({"text": text, "kind": ev.get("kind", ""), "weight": float(ev.get("weight") or 0.0)})
    # Content reasons by their share of the score; rule boosts after them.
    return sorted(items, key=lambda i: (i["kind"] == "rule", -i["weight"]))
