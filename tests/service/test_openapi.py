"""The OpenAPI document validates: its structure against the OpenAPI 3.1 rules for the objects
it uses (written out below from the specification, as a JSON Schema), every schema in it against
the JSON Schema 2020-12 meta-schema (OpenAPI 3.1's schema dialect), every ``$ref`` resolves, and
every route is documented with zh and en text.

openapi-spec-validator is not a dependency of this project; this is the check the brief asks
for without adding one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

_CJK = re.compile(r"[\u4e00-\u9fff]")
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# OpenAPI 3.1.0, §4.8: the objects this document uses, with their required fields and types.
_REF_OR = {"oneOf": [{"type": "object", "required": ["$ref"]}, {"type": "object"}]}
OPENAPI_31_STRUCTURE: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["openapi", "info"],
    "anyOf": [{"required": ["paths"]}, {"required": ["components"]}, {"required": ["webhooks"]}],
    "properties": {
        "openapi": {"type": "string", "pattern": r"^3\.1\.\d+(-.+)?$"},
        "info": {
            "type": "object",
            "required": ["title", "version"],
            "properties": {
                "title": {"type": "string"},
                "version": {"type": "string"},
                "description": {"type": "string"},
            },
        },
        "paths": {
            "type": "object",
            "propertyNames": {"pattern": "^/"},
            "additionalProperties": {"$ref": "#/$defs/path-item"},
        },
        "components": {
            "type": "object",
            "properties": {
                "schemas": {
                    "type": "object",
                    "additionalProperties": {"type": ["object", "boolean"]},
                },
            },
        },
        "tags": {"type": "array", "items": {"type": "object", "required": ["name"]}},
    },
    "patternProperties": {"^x-": True},
    "additionalProperties": False,
    "$defs": {
        "path-item": {
            "type": "object",
            "properties": {m: {"$ref": "#/$defs/operation"} for m in _METHODS},
        },
        "operation": {
            "type": "object",
            "required": ["responses"],
            "properties": {
                "summary": {"type": "string"},
                "description": {"type": "string"},
                "operationId": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "parameters": {"type": "array", "items": {"$ref": "#/$defs/parameter"}},
                "requestBody": {
                    "type": "object",
                    "required": ["content"],
                    "properties": {"content": {"$ref": "#/$defs/content"},
                                   "required": {"type": "boolean"}},
                },
                "responses": {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": "^([1-5][0-9X]{2}|default)$"},
                    "additionalProperties": {
                        "type": "object",
                        "required": ["description"],
                        "properties": {"description": {"type": "string"},
                                       "content": {"$ref": "#/$defs/content"}},
                    },
                },
            },
        },
        "parameter": {
            "type": "object",
            "required": ["name", "in"],
            "properties": {
                "name": {"type": "string"},
                "in": {"enum": ["query", "header", "path", "cookie"]},
                "required": {"type": "boolean"},
                "schema": {"type": ["object", "boolean"]},
            },
            "if": {"properties": {"in": {"const": "path"}}},
            "then": {"required": ["required"], "properties": {"required": {"const": True}}},
        },
        "content": {
            "type": "object",
            "propertyNames": {"pattern": r"^[a-z*]+/[a-z0-9.+*-]+$"},
            "additionalProperties": {
                "type": "object",
                "properties": {"schema": {"type": ["object", "boolean"]}},
            },
        },
    },
}


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def _schemas(doc: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every Schema Object of the document, with where it is."""
    yield from ((f"components/{k}", v) for k, v in doc["components"]["schemas"].items())
    for path, item in doc["paths"].items():
        for method, op in item.items():
            for p in op.get("parameters", []):
                yield f"{method} {path} ?{p['name']}", p["schema"]
            bodies = [op.get("requestBody", {}), *op["responses"].values()]
            for body in bodies:
                for media, content in body.get("content", {}).items():
                    if "schema" in content:
                        yield f"{method} {path} {media}", content["schema"]


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_structure_is_openapi_31(document: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(OPENAPI_31_STRUCTURE)
    jsonschema.Draft202012Validator(OPENAPI_31_STRUCTURE).validate(document)


def test_every_schema_is_json_schema_2020_12(document: dict[str, Any]) -> None:
    checked = 0
    for where, schema in _schemas(document):
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as exc:  # pragma: no cover - the failure message
            pytest.fail(f"{where}: {exc.message}")
        checked += 1
    assert checked > 40


def test_every_ref_resolves(document: dict[str, Any]) -> None:
    refs = set(_refs(document))
    assert "#/components/schemas/Case" in refs
    for ref in refs:
        assert ref.startswith("#/"), ref
        node: Any = document
        for part in ref[2:].split("/"):
            assert part in node, f"unresolved {ref}"
            node = node[part]


def test_the_routes_are_documented_in_both_languages(document: dict[str, Any]) -> None:
    expected = {
        ("post", "/v1/evaluate"), ("post", "/v1/screen"), ("get", "/v1/rules"),
        ("get", "/v1/rules/{rule_id}"), ("get", "/v1/parameters"), ("get", "/v1/schema/case"),
        ("get", "/v1/schema/report"), ("get", "/healthz"), ("get", "/v1/version"),
    }
    found = {(m, p) for p, item in document["paths"].items() for m in item}
    assert expected <= found
    for method, path in expected:
        op = document["paths"][path][method]
        text = op["summary"] + op.get("description", "")
        assert _CJK.search(text) and re.search(r"[a-z]{3}", text), (method, path)
        for param in op.get("parameters", []):
            if param["in"] == "query":
                assert "/" in param.get("description", ""), (path, param["name"])
    # the case's field descriptions carry zh and en
    hire = document["components"]["schemas"]["Hire"]["properties"]["start_date"]
    assert hire["description"] == "入职日期 / first day of employment"


def test_request_bodies_are_the_library_models(document: dict[str, Any]) -> None:
    evaluate = document["paths"]["/v1/evaluate"]["post"]
    assert evaluate["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Case"}
    ok = evaluate["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/Report"}
    assert {"401", "409", "413", "422", "500"} <= set(evaluate["responses"])
    screen = document["paths"]["/v1/screen"]["post"]["requestBody"]["content"]
    assert set(screen) == {"application/x-ndjson", "text/csv"}


def test_no_parameter_names_a_file(document: dict[str, Any]) -> None:
    """No route reads or writes a file the client names: no parameter takes a path."""
    names = {
        p["name"] for item in document["paths"].values() for op in item.values()
        for p in op.get("parameters", [])
    }
    assert names == {
        "as_of", "lang", "trace", "only", "format", "rules_version", "if-match", "rule_id",
    }
