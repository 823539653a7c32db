"""Reading profiles and rules from files (JSON Lines / JSON), with errors that name the line.

Contract: ``read_profiles(path, side)`` returns ``Profile`` objects or raises ``InputError`` whose message is
"PATH:LINE: what is wrong". Blank lines are ignored. ``id`` (string or integer) is required, and at least one
text field (``offering`` for exhibitors / ``looking_for`` for buyers, ``description``, ``keywords``) must be
non-empty so there is something to match. Every other ``Profile`` key is optional; lists may also be given as
comma-separated strings; category codes must be valid; unknown keys are ignored (registration exports carry many).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .rules import Rules, RulesError
from .taxonomy import is_valid_code
from .types import Profile

_LIST_FIELDS = ("languages", "categories", "keywords", "target_countries", "shortlist")
_STR_FIELDS = ("name", "country", "description", "offering", "looking_for", "company", "sponsor_tier")


class InputError(ValueError):
    """Bad input file; the message names the file and line."""


def profile_from_dict(data: Any, side: str) -> Profile:
    """Validate one decoded JSON object; raises ValueError with a message fit for the user."""
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    pid = data.get("id")
    if isinstance(pid, bool) or not isinstance(pid, str | int) or str(pid).strip() == "":
        raise ValueError("'id' is required (a non-empty string or integer)")
    kwargs: dict[str, Any] = {"id": str(pid)}
    for key in _STR_FIELDS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValueError(f"'{key}' must be a string")
        kwargs[key] = value
    for key in _LIST_FIELDS:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            value = [x.strip() for x in value.split(",") if x.strip()]
        if not isinstance(value, list) or not all(isinstance(x, str | int) and not isinstance(x, bool) for x in value):
            raise ValueError(f"'{key}' must be a list of strings")
        kwargs[key] = tuple(str(x) for x in value)
    for code in kwargs.get("categories", ()):
        if not is_valid_code(code):
            raise ValueError(f"category {code!r} is not a taxonomy code like '1' or '1.3'")
    main = "looking_for" if side == "buyer" else "offering"
    if not any(kwargs.get(k) for k in (main, "description", "keywords")):
        raise ValueError(f"nothing to match: '{main}', 'description' and 'keywords' are all empty")
    return Profile(**kwargs)


def read_profiles(path: str | Path, side: str) -> list[Profile]:
    """Profiles from a JSON Lines file, one object per line (see module docstring)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    out: list[Profile] = []
    seen: set[str] = set()
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            profile = profile_from_dict(json.loads(line), side)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
        except ValueError as exc:
            raise InputError(f"{path}:{n}: {exc}") from exc
        if profile.id in seen:
            raise InputError(f"{path}:{n}: duplicate id {profile.id!r}")
        seen.add(profile.id)
        out.append(profile)
    return out


def read_rules(path: str | Path) -> Rules:
    """Rules from a JSON file (see ``rules`` for the keys)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    try:
        return Rules.from_dict(data)
    except (RulesError, TypeError) as exc:
        raise InputError(f"{path}: {exc}") from exc
