"""Who may call: bearer tokens on every route but /healthz (and the static page), CORS closed,
and logs that trace a request without a personal field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from service_helpers import TOKEN

from zyjob_rules.service.auth import TokenChecker
from zyjob_rules.service.settings import ServiceSettings, SettingsError, load_tokens

PROTECTED = [
    ("get", "/v1/version"), ("get", "/v1/rules"), ("get", "/v1/rules/poverty_hire_award"),
    ("get", "/v1/parameters"), ("get", "/v1/schema/case"), ("get", "/v1/schema/report"),
    ("post", "/v1/evaluate"), ("post", "/v1/screen"), ("get", "/openapi.json"), ("get", "/docs"),
]


@pytest.fixture(scope="module")
def locked(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(tokens=frozenset({TOKEN, "another-token-0123456789"}))


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_without_a_token_every_route_is_refused(
    locked: TestClient, method: str, path: str
) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"},
                    {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}):
        response = locked.request(method, path, headers=headers)
        assert response.status_code == 401, (path, headers)
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["x-request-id"]


def test_with_a_token_the_routes_answer(locked: TestClient, farm_body: bytes) -> None:
    ok = {"Authorization": f"Bearer {TOKEN}"}
    assert locked.get("/v1/version", headers=ok).status_code == 200
    assert locked.post("/v1/evaluate", content=farm_body, headers=ok).status_code == 200
    other = {"Authorization": "bearer another-token-0123456789"}
    assert locked.get("/v1/rules", headers=other).status_code == 200


def test_healthz_needs_no_token(locked: TestClient) -> None:
    assert locked.get("/healthz").status_code == 200


def test_token_checker_compares_digests() -> None:
    checker = TokenChecker([TOKEN])
    assert checker.accepts(f"Bearer {TOKEN}")
    assert not checker.accepts(f"Bearer {TOKEN}x")
    assert not checker.accepts(f"Bearer {TOKEN[:-1]}")
    assert not checker.accepts(None)
    assert not TokenChecker([]).enabled


def test_tokens_from_a_file_and_the_environment(tmp_path: Path) -> None:
    token_file = tmp_path / "tokens"
    token_file.write_text(f"# portal\n{TOKEN}\n\nsecond-token-abcdefghijk  # batch\n")
    tokens = load_tokens(str(token_file), {"ZYJOB_RULES_TOKENS": "env-token-0123456789abc"})
    assert tokens == {TOKEN, "second-token-abcdefghijk", "env-token-0123456789abc"}
    assert load_tokens(None, {"ZYJOB_RULES_TOKEN_FILE": str(token_file)}) >= {TOKEN}
    assert load_tokens(None, {}) == frozenset()
    with pytest.raises(SettingsError, match="cannot read token file"):
        load_tokens(str(tmp_path / "missing"), {})
    (tmp_path / "empty").write_text("# nothing\n")
    with pytest.raises(SettingsError, match="holds no token"):
        load_tokens(str(tmp_path / "empty"), {})
    with pytest.raises(SettingsError, match="shorter than"):
        ServiceSettings(tokens=frozenset({"short"}))


def test_cors_is_closed_by_default(client: TestClient) -> None:
    origin = {"Origin": "https://portal.example"}
    response = client.get("/v1/version", headers=origin)
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/v1/evaluate", headers={
        **origin, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code >= 400
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_opens_to_named_origins_only(make_client: Callable[..., TestClient]) -> None:
    client = make_client(cors_origins=("https://portal.example",))
    ok = client.get("/v1/version", headers={"Origin": "https://portal.example"})
    assert ok.headers["access-control-allow-origin"] == "https://portal.example"
    other = client.get("/v1/version", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_log_lines_trace_requests_without_personal_fields(
    client: TestClient, farm_body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="zyjob_rules.service"):
        response = client.post("/v1/evaluate?as_of=2018-06-30", content=farm_body)
        client.post("/v1/screen?as_of=2018-06-30", content=farm_body.replace(b"\n", b"") + b"\n")
        client.get("/v1/rules/poverty_hire_award")
    records = [json.loads(r.getMessage()) for r in caplog.records]
    first = records[0]
    assert first["request_id"] == response.headers["x-request-id"]
    assert first["route"] == "/v1/evaluate" and first["method"] == "POST"
    assert first["status"] == 200 and first["duration_ms"] > 0
    assert first["ruleset_version"] == response.headers["x-ruleset-version"]
    assert first["outcomes"]["eligible"] >= 1
    assert records[2]["route"] == "/v1/rules/{rule_id}"
    case = json.loads(farm_body)
    personal = [case["id"], case["applicant"]["id"], case["applicant"]["name"], "2016-04-18"]
    for hire in case["applicant"]["hires"]:
        worker = hire["worker"]
        personal += [worker["id"], worker["name"], worker["birth_date"], hire["start_date"]]
    for value in personal:
        assert value not in caplog.text, value
