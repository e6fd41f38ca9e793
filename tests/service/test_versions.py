"""Every response carries the ruleset version; a client that pins another one gets 409."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from zyjob_rules import load_ruleset

VERSION = load_ruleset().version


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/healthz"), ("get", "/v1/version"), ("get", "/v1/rules"), ("get", "/nowhere"),
     ("post", "/v1/evaluate"), ("get", "/v1/rules/no_such_rule"), ("get", "/openapi.json")],
)
def test_version_and_request_id_on_every_response(
    client: TestClient, method: str, path: str
) -> None:
    response = client.request(method, path, content=b"{}" if method == "post" else None)
    assert response.headers["x-ruleset-version"] == VERSION
    assert len(response.headers["x-request-id"]) >= 8
    if response.headers["content-type"].startswith("application/json") and path != "/openapi.json":
        body = response.json()
        audit = body.get("audit", {})
        assert VERSION in (body.get("ruleset_version"), audit.get("ruleset_version"))
        if response.status_code >= 400:
            assert body["request_id"] == response.headers["x-request-id"]


def test_request_ids_differ_and_a_client_id_is_kept(client: TestClient) -> None:
    a = client.get("/healthz").headers["x-request-id"]
    b = client.get("/healthz").headers["x-request-id"]
    assert a != b
    mine = client.get("/healthz", headers={"X-Request-ID": "portal-1234-abcd"})
    assert mine.headers["x-request-id"] == "portal-1234-abcd"
    hostile = client.get("/healthz", headers={"X-Request-ID": "bad id <script>"})
    assert hostile.headers["x-request-id"] != "bad id <script>"


def test_report_body_carries_the_version(client: TestClient, farm_body: bytes) -> None:
    body = client.post("/v1/evaluate", content=farm_body).json()
    assert body["audit"]["ruleset_version"] == VERSION


@pytest.mark.parametrize(
    "pin",
    [{"headers": {"If-Match": f'"{VERSION}"'}}, {"headers": {"If-Match": VERSION}},
     {"headers": {"If-Match": f'"sha256:0", "{VERSION}"'}}, {"headers": {"If-Match": "*"}},
     {"params": {"rules_version": VERSION}}],
)
def test_a_matching_pin_is_served(client: TestClient, farm_body: bytes, pin: dict) -> None:
    response = client.post("/v1/evaluate", content=farm_body, **pin)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "pin",
    [{"headers": {"If-Match": '"sha256:0000000000000000"'}},
     {"params": {"rules_version": "sha256:0000000000000000"}},
     {"headers": {"If-Match": f'"{VERSION}"'}, "params": {"rules_version": "sha256:0"}}],
)
def test_another_pinned_version_is_409_and_nothing_is_decided(
    make_client: Callable[..., TestClient], farm_body: bytes, pin: dict,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = make_client()
    with caplog.at_level("INFO", logger="zyjob_rules.service"):
        response = client.post("/v1/evaluate", content=farm_body, **pin)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "ruleset_version_conflict"
    assert VERSION in error["message"]["en"] and VERSION in error["message"]["zh"]
    assert "outcomes" not in caplog.text  # no decision was made
    for path in ("/v1/rules", "/v1/parameters", "/v1/rules/poverty_hire_award", "/v1/version"):
        assert client.get(path, **pin).status_code == 409, path
