"""What every /v1 route receives: the request's rules snapshot (pinned) and its request id."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Query, Request

from .rules_state import LoadedRules
from .settings import ServiceSettings
from .versioning import check_pins

RULES_VERSION_DOC = (
    "期望的规则版本（规则文件内容哈希）；与服务当前版本不同则返回 409 / "
    "the ruleset version the client expects (content hash); 409 if the service's differs"
)
IF_MATCH_DOC = (
    '以 If-Match 头固定规则版本，如 "sha256:…" / pin the ruleset version with If-Match, '
    'e.g. "sha256:…"'
)


def pinned_rules(
    request: Request,
    rules_version: Annotated[str | None, Query(description=RULES_VERSION_DOC)] = None,
    if_match: Annotated[str | None, Header(description=IF_MATCH_DOC)] = None,
) -> LoadedRules:
    """The rules snapshot the middleware pinned for this request, after checking the client's
    pins (409 when they name another version)."""
    rules: LoadedRules = request.state.rules
    check_pins(rules, if_match, rules_version)
    return rules


def request_id(request: Request) -> str:
    return str(request.state.request_id)


def settings_of(request: Request) -> ServiceSettings:
    settings: ServiceSettings = request.app.state.settings
    return settings
