"""The OpenAPI document: the case and report schemas as components, the error body, the bodies
of the routes that read raw bytes (so the library, not the framework, validates them).

The case schema is the model's own JSON Schema (its descriptions carry zh and en), moved from
``$defs`` into ``components/schemas``; OpenAPI 3.1 schemas are JSON Schema 2020-12, so it is
used as it is.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from ..explain.contract import Report
from ..model import Case

REF = "#/components/schemas/{model}"

_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "错误响应 / an error response",
    "required": ["error", "request_id", "ruleset_version"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "status", "message", "problems"],
            "properties": {
                "code": {"type": "string", "description": "稳定的错误代码 / stable error code"},
                "status": {"type": "integer"},
                "message": {"$ref": "#/components/schemas/BilingualText"},
                "problems": {
                    "type": "array",
                    "description": "每个无效字段及其路径 / every bad field with its path",
                    "items": {
                        "type": "object",
                        "required": ["path", "message"],
                        "properties": {
                            "path": {
                                "type": "string",
                                "examples": ["applicant.hires[0].start_date"],
                            },
                            "message": {"$ref": "#/components/schemas/BilingualText"},
                        },
                    },
                },
                "error_id": {
                    "type": "string",
                    "description": "日志中的错误编号（500） / the id of the logged error (500)",
                },
            },
        },
        "request_id": {"type": ["string", "null"]},
        "ruleset_version": {"type": ["string", "null"]},
    },
}
_TEXT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["zh", "en"],
    "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _error("缺少或无效的令牌 / missing or invalid bearer token"),
    409: _error("规则版本与客户端固定的不同 / the ruleset differs from the one pinned"),
    413: _error("请求体或案件列表项超限 / body or case items over the limit"),
    422: _error("输入无效，逐字段列出 / invalid input, every field path listed"),
    500: _error("规则无法计算（附错误编号） / a rule could not be evaluated (with an error id)"),
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: _error("没有该规则 / no such rule")}


def case_body() -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "description": "一个案件（JSON） / one case (JSON)",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}},
        }
    }


def screen_body() -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "description": (
                "名册：每行一个案件的 JSON lines，或 `zyjob-rules columns` 所列列名的 CSV / a "
                "registry: one case per line (JSON lines) or CSV with the columns of "
                "`zyjob-rules columns`"
            ),
            "content": {
                "application/x-ndjson": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        }
    }


def model_components(model: type[BaseModel], mode: str = "validation") -> dict[str, Any]:
    """``model``'s JSON Schema split into components: the model itself and its ``$defs``."""
    schema = model.model_json_schema(ref_template=REF, mode=mode)  # type: ignore[arg-type]
    defs = schema.pop("$defs", {})
    return {**defs, model.__name__: schema}


def report_components() -> dict[str, Any]:
    """The Report's JSON (explain/contract.py, serialization mode: what the route sends)."""
    return model_components(Report, mode="serialization")


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document with the components its routes refer to (cached on the app)."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    doc = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version=app.openapi_version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    components = doc.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in [*model_components(Case).items(), *report_components().items()]:
        if components.get(name, schema) != schema:  # two models of one name: refs would lie
            raise ValueError(f"two different schemas named {name!r} in the OpenAPI document")
        components[name] = schema
    components["Error"] = _ERROR_SCHEMA
    components["BilingualText"] = _TEXT_SCHEMA
    app.openapi_schema = doc
    return doc
