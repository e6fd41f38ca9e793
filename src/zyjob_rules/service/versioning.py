"""Pinning the rules: a client names the ruleset version it expects and gets 409 otherwise.

The version is the rule set's content hash (``sha256:…``), sent on every response as the
``X-Ruleset-Version`` header. A client pins it with ``If-Match: "sha256:…"`` (several versions
separated by commas; ``*`` matches any) or with the query parameter ``rules_version=sha256:…``.
"""

from __future__ import annotations

from .problems import version_conflict
from .rules_state import LoadedRules


def if_match_versions(header: str) -> list[str]:
    """The versions an ``If-Match`` header names (quotes and weak ``W/`` prefixes dropped)."""
    out = []
    for part in header.split(","):
        value = part.strip()
        if value.startswith("W/"):
            value = value[2:]
        value = value.strip().strip('"').strip()
        if value:
            out.append(value)
    return out


def check_pins(rules: LoadedRules, if_match: str | None, rules_version: str | None) -> None:
    """Raise a 409 ServiceError when a pin names another version than ``rules``'."""
    if rules_version is not None and rules_version.strip() != rules.version:
        raise version_conflict(rules_version.strip(), rules.version)
    if if_match is not None:
        wanted = if_match_versions(if_match)
        if "*" not in wanted and rules.version not in wanted:
            raise version_conflict(", ".join(wanted) or "(empty)", rules.version)
