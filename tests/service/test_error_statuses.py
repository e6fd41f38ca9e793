"""The library's error codes as HTTP statuses: one table covering every code, applied once at the
app's edge (4xx with the library's message; 5xx with an error id and the details logged)."""

from __future__ import annotations

import importlib
import importlib.util
import json
import pkgutil
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

import zyjob_rules
import zyjob_rules.engine.durable.compiler
import zyjob_rules.engine.durable.errors
import zyjob_rules.lang.checker
import zyjob_rules.screening.csv_layout
import zyjob_rules.screening.records
from zyjob_rules.errors import (
    CaseInputError,
    ConfigurationError,
    EngineUnavailableError,
    EvaluationError,
    InputOutputError,
    RuleFileError,
    ZyjobRulesError,
    all_error_classes,
)
from zyjob_rules.screening.csv_layout import UnknownColumnsError
from zyjob_rules.service import decide
from zyjob_rules.service.error_statuses import HTTP_STATUS, status_of


def _import_every_module() -> None:
    """Every error class is defined by the time the table is checked, whatever ran before."""
    for info in pkgutil.walk_packages(zyjob_rules.__path__, "zyjob_rules."):
        if not info.name.startswith("zyjob_rules.engine.durable.") or importlib.util.find_spec(
                "durable") is not None:
            importlib.import_module(info.name)


def test_every_library_code_has_exactly_one_row() -> None:
    _import_every_module()
    codes = {cls.code for cls in all_error_classes()}
    assert codes == set(HTTP_STATUS), (
        f"no row for {sorted(codes - set(HTTP_STATUS))}; "
        f"rows for no code {sorted(set(HTTP_STATUS) - codes)}")
    assert all(s in (400, 422, 500, 503) for s in HTTP_STATUS.values())
    # the client's input is 4xx; the service's rules, engine, files and settings are 5xx
    for cls in all_error_classes():
        client_fault = issubclass(cls, CaseInputError)
        assert (HTTP_STATUS[cls.code] < 500) is client_fault, cls.__name__


def test_a_class_without_a_row_takes_its_family_status() -> None:
    class LocalInputError(CaseInputError):
        code = "local_input_not_in_the_table"

    class LocalError(ZyjobRulesError):
        code = "local_not_in_the_table"

    assert status_of(LocalInputError("x")) == 422
    assert status_of(LocalError("x")) == 500


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (CaseInputError("applicant: nothing to decide"), 422, "case_input"),
        (EvaluationError("division by zero in rule x"), 500, "evaluation_failed"),
        (ConfigurationError("bad setting"), 500, "configuration"),
        (EngineUnavailableError("the rete extra is not installed"), 503, "engine_unavailable"),
        (InputOutputError("/srv/rules/x.yaml", "permission denied"), 500, "io_error"),
        (RuleFileError("rules/x.yaml", 3, "r", "bad"), 500, "rule_file"),
    ],
)
def test_library_errors_reach_the_client_by_the_table(
    make_client: Callable[..., TestClient], farm_body: bytes, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture, error: ZyjobRulesError, status: int, code: str,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(decide, "evaluate", broken)
    client = make_client(raise_server_exceptions=False)
    with caplog.at_level("INFO", logger="zyjob_rules.service"):
        response = client.post("/v1/evaluate", content=farm_body)
    assert response.status_code == status
    body = response.json()
    assert body["error"]["code"] == code and body["error"]["status"] == status
    assert body["request_id"] == response.headers["x-request-id"]
    logged = [json.loads(r.getMessage()) for r in caplog.records]
    if status >= 500:  # an id to find in the log; no internals (paths, rule files) in the body
        error_id = body["error"]["error_id"]
        assert error_id in body["error"]["message"]["en"]
        assert str(error) not in response.text
        assert any(x.get("error_id") == error_id and x["event"] == "error"
                   and x["message"] == str(error) for x in logged)
    else:
        assert "error_id" not in body["error"]
        assert body["error"]["message"]["en"] == str(error)
        assert "案件输入无效" in body["error"]["message"]["zh"]
    request_lines = [x for x in logged if x["event"] == "request"]
    assert request_lines[-1]["error_code"] == code and request_lines[-1]["status"] == status


def test_a_bad_csv_header_is_400_with_its_library_code(client: TestClient) -> None:
    body = b"id,applicant.kind,favourite_colour\n1,person,x\n"
    response = client.post("/v1/screen", content=body, headers={"Content-Type": "text/csv"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == UnknownColumnsError.code
    assert "favourite_colour" in error["message"]["en"]
    assert error["message"]["zh"].startswith("输入的表头无效")
