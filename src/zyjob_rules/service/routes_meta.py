"""``GET /healthz`` (open, for load balancers) and ``GET /v1/version``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from .. import __version__
from .dependencies import pinned_rules
from .openapi_docs import ERROR_RESPONSES
from .rules_state import LoadedRules

router = APIRouter(tags=["service / 服务"])


@router.get(
    "/healthz",
    summary="存活检查（无需令牌） / liveness (no token needed)",
    description="服务在运行且规则已加载。\n\nThe service runs and has its rules loaded.",
)
def healthz(request: Request) -> dict[str, Any]:
    rules: LoadedRules = request.state.rules
    return {"status": "ok", "ruleset_version": rules.version}


@router.get(
    "/v1/version",
    summary="版本 / versions",
    description="库版本、规则版本（内容哈希）及规则加载时间。\n\nThe library version, the "
    "ruleset version (content hash) and when the rules were loaded.",
    responses=ERROR_RESPONSES,
)
def version(rules: Annotated[LoadedRules, Depends(pinned_rules)]) -> dict[str, Any]:
    return {
        "library_version": __version__,
        "ruleset_version": rules.version,
        "rules_loaded_at": rules.loaded_at.isoformat(timespec="seconds"),
        "rules": len(rules.ruleset.rule_ids()),
        "parameters": len(rules.ruleset.parameters),
    }
