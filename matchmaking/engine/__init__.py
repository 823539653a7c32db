"""Pure matchmaking core: no Django import. Plain dataclasses in, ranked and explained matches out.

Public API (what an adapter calls):

- ``Profile``, ``Match``, ``Evidence`` (``types``): the data exchanged.
- ``Rules`` (``rules``): organiser-tunable rules; ``Rules.from_dict`` / ``to_dict`` for the JSON form.
- ``MatchModel`` (``model``): ``fit``, ``exhibitors_for_all_buyers``, ``buyers_for_all_exhibitors``,
  ``exhibitors_for_buyer(s)``, ``buyers_for_exhibitor(s)``, ``upsert_buyer``, ``upsert_exhibitor``,
  ``remove_buyer``, ``remove_exhibitor``, ``explain_pair``, ``with_rules``.
- ``preview`` / ``PreviewReport`` (``preview``): rules-preview figures.
- ``Thesaurus`` (``thesaurus``), ``normalize_text`` / ``analyze`` (``normalize``).
- ``read_profiles`` / ``read_rules`` / ``profile_from_dict`` (``profiles_io``).
"""

from .model import MatchModel
from .normalize import analyze, normalize_text
from .preview import ExposureFigures, PreviewReport, preview
from .profiles_io import InputError, profile_from_dict, read_profiles, read_rules
from .rules import Rules, RulesError
from .thesaurus import Concept, Thesaurus, ThesaurusError
from .types import Evidence, Match, Profile

__all__ = [
    "Concept",
    "Evidence",
    "ExposureFigures",
    "InputError",
    "Match",
    "MatchModel",
    "PreviewReport",
    "Profile",
    "Rules",
    "RulesError",
    "Thesaurus",
    "ThesaurusError",
    "analyze",
    "normalize_text",
    "preview",
    "profile_from_dict",
    "read_profiles",
    "read_rules",
]
