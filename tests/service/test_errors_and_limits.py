"""Bad input: 422 with every field path (the CLI's) in zh and en; 413 over the limits; 404 for an
unknown rule; 500 with a logged error id when a rule cannot be evaluated."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from zyjob_rules.engine.scalar.runtime import EvaluationError
from zyjob_rules.model import CaseValidationError, parse_case
from zyjob_rules.service import decide

BAD_CASE = {
    "applicant": {
        "kind": "organisation", "org_kind": "family_farm", "nickname": "x",
        "hires": [
            {"worker": {"kind": "person", "birth_date": "1985-02-30"}, "start_date": "2018/01/15",
             "contract_type": "handshake"},
            {"start_date": "2018-01-15"},
        ],
    },
    "as_of": "yesterday",
}


def _cli_problems(body: bytes) -> list[tuple[str, str]]:
    with pytest.raises(CaseValidationError) as info:
        parse_case(body)
    return [(p.path, p.message) for p in info.value.problems]


def test_invalid_case_lists_every_field_as_the_cli_does(client: TestClient) -> None:
    body = json.dumps(BAD_CASE).encode()
    response = client.post("/v1/evaluate", content=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "case_invalid"
    got = [(p["path"], p["message"]["en"]) for p in error["problems"]]
    assert got == _cli_problems(body)
    paths = {p for p, _ in got}
    assert {"as_of", "applicant.nickname", "applicant.hires[0].worker.birth_date",
            "applicant.hires[0].start_date", "applicant.hires[0].contract_type",
            "applicant.hires[1].worker", "applicant.hires[1].contract_type"} <= paths
    zh = {p["path"]: p["message"]["zh"] for p in error["problems"]}
    assert zh["applicant.hires[0].start_date"].startswith("入职日期：应为日期 YYYY-MM-DD")
    assert zh["applicant.hires[1].worker"] == "职工：缺少必填项"
    assert zh["applicant.nickname"].startswith("模型中没有此字段")
    assert "用工形式" in zh["applicant.hires[0].contract_type"]
    assert error["message"]["zh"].startswith("案件数据无效")


@pytest.mark.parametrize(
    ("body", "zh"),
    [(b"{not json", "不是有效的 JSON"), (b"[1, 2]", "案件须为一个 JSON 对象"),
     (b"", "不是有效的 JSON"), (b"\xff\xfe{}", "")],
)
def test_unreadable_bodies_are_422_at_the_root(client: TestClient, body: bytes, zh: str) -> None:
    response = client.post("/v1/evaluate", content=body)
    assert response.status_code == 422
    problem = response.json()["error"]["problems"][0]
    assert problem["path"] == "$"
    assert problem["message"]["zh"].startswith(zh) and problem["message"]["en"]


def test_bad_query_parameters_are_422_with_their_path(client: TestClient, farm_body: bytes) -> None:
    response = client.post("/v1/evaluate?as_of=2018-02-30&format=pdf", content=farm_body)
    assert response.status_code == 422
    paths = {p["path"] for p in response.json()["error"]["problems"]}
    assert paths == {"query.as_of", "query.format"}


def test_body_over_the_size_limit_is_413(
    make_client: Callable[..., TestClient], farm_body: bytes
) -> None:
    client = make_client(max_body_bytes=len(farm_body) - 1)
    response = client.post("/v1/evaluate", content=farm_body)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield farm_body[:100]
        yield farm_body[100:]

    response = client.post("/v1/evaluate", content=chunks())
    assert response.status_code == 413
    roomy = make_client(max_body_bytes=len(farm_body))
    assert roomy.post("/v1/evaluate", content=farm_body).status_code == 200


def test_screen_has_its_own_size_limit(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_screen_bytes=1000)
    response = client.post("/v1/screen", content=b'{"applicant": {}}\n' * 100)
    assert response.status_code == 413


def test_case_over_the_item_limit_is_413(
    make_client: Callable[..., TestClient], farm_body: bytes
) -> None:
    case = json.loads(farm_body)
    case["applicant"]["hires"] = case["applicant"]["hires"] * 3  # 6 hires
    body = json.dumps(case).encode()
    response = make_client(max_items=5).post("/v1/evaluate", content=body)
    assert response.status_code == 413
    assert "6" in response.json()["error"]["message"]["en"]
    assert make_client(max_items=6).post("/v1/evaluate", content=body).status_code == 200
    screened = make_client(max_items=5).post("/v1/screen", content=body.replace(b"\n", b"") + b"\n")
    rows = [json.loads(x) for x in screened.text.splitlines()]
    assert rows[0]["record"] == "rejected" and "limit" in rows[0]["problems"][0]["message"]["en"]


def test_unknown_rule_is_404_with_suggestions(client: TestClient) -> None:
    response = client.get("/v1/rules/poverty_hire_awrd")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "unknown_rule"
    assert "poverty_hire_award" in error["message"]["en"]


def test_a_rule_that_cannot_be_evaluated_is_500_with_a_logged_id(
    client: TestClient, farm_body: bytes, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise EvaluationError("division by zero in rule poverty_hire_award")

    monkeypatch.setattr(decide, "evaluate", broken)
    with caplog.at_level("INFO", logger="zyjob_rules.service"):
        response = client.post("/v1/evaluate", content=farm_body)
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "evaluation_failed"
    assert error["error_id"] in error["message"]["en"]
    logged = [json.loads(r.getMessage()) for r in caplog.records]
    assert any(x.get("error_id") == error["error_id"] and x["event"] == "error" and
               "division by zero" in x["message"] for x in logged)
    assert "eligible" not in response.text  # never a silent decision


def test_an_unexpected_failure_is_500_with_id_and_headers(
    make_client: Callable[..., TestClient], farm_body: bytes, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(decide, "evaluate", broken)
    client = make_client(raise_server_exceptions=False)
    with caplog.at_level("INFO", logger="zyjob_rules.service"):
        response = client.post("/v1/evaluate", content=farm_body)
    assert response.status_code == 500
    body = response.json()
    assert body["error"]["code"] == "internal_error"
    assert body["request_id"] == response.headers["x-request-id"]
    assert body["error"]["error_id"] in caplog.text
