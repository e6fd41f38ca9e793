"""The output contract: one pydantic definition of the report JSON, its published JSON Schema,
and the same JSON through a FastAPI response model."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from zyjob_rules import evaluate
from zyjob_rules.cli import main
from zyjob_rules.explain import contract
from zyjob_rules.explain import decision as engine_objects
from zyjob_rules.explain.convert import report_json, report_model, screening_row

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "cases").glob("*.json"))
FARM = ROOT / "examples" / "cases" / "family_farm_poor_hires.json"


@pytest.fixture(scope="module")
def report_validator() -> Draft202012Validator:
    schema = contract.json_schema(contract.Report, "report")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def reports() -> dict[str, dict[str, Any]]:
    return {p.name: report_json(evaluate(p.read_text(encoding="utf-8"))) for p in EXAMPLES}


def test_every_example_report_validates_against_the_published_schema(
    report_validator: Draft202012Validator, reports: dict[str, dict[str, Any]]
) -> None:
    assert len(reports) >= 20
    for name, data in reports.items():
        errors = sorted(report_validator.iter_errors(data), key=str)
        assert not errors, f"{name}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_the_schema_rejects_a_report_that_breaks_the_contract(
    report_validator: Draft202012Validator, reports: dict[str, dict[str, Any]]
) -> None:
    data = json.loads(json.dumps(reports[FARM.name]))
    data["decisions"][0]["outcome"] = "probably"
    data["decisions"][0]["amount"] = 1000  # amounts are decimal strings, never numbers
    data["audit"]["extra"] = 1
    messages = {e.validator for e in report_validator.iter_errors(data)}
    assert {"enum", "additionalProperties"} <= messages
    assert not report_validator.is_valid({**reports[FARM.name], "schema_version": "1"})


def test_the_json_round_trips_through_the_model(reports: dict[str, dict[str, Any]]) -> None:
    for data in reports.values():
        assert contract.Report.model_validate(data).model_dump(mode="json") == data


def test_json_shape_dates_and_amounts() -> None:
    report = evaluate(FARM.read_text(encoding="utf-8"), as_of=date(2018, 12, 31))
    data = report_json(report)
    assert data["schema_version"] == "2"
    assert data["audit"]["as_of"] == "2018-12-31"
    award = next(d for d in data["decisions"] if d["rule_id"] == "poverty_hire_award")
    assert award["amount"] == "2000.00"
    assert data["summary"]["cash_total"] == "2000.00"
    assert data["applicant"]["zh"] == "安岳县某柠檬家庭农场 (ORG-FF-0001)"


def test_the_engine_objects_have_no_second_json_definition() -> None:
    assert not hasattr(engine_objects.Report, "to_dict")
    assert not (ROOT / "src" / "zyjob_rules" / "explain" / "json_report.py").exists()
    model = report_model(evaluate(FARM.read_text(encoding="utf-8")))
    assert isinstance(model, contract.Report)
    assert model.decision("poverty_hire_award").amount is not None


def test_cli_schema_output_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--output", "report"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"] == "urn:zyjob-rules:report"
    assert schema["properties"]["schema_version"]["const"] == "2"
    assert main(["schema"]) == 0  # the case schema stays the default
    assert json.loads(capsys.readouterr().out)["$id"] == "urn:zyjob-rules:case"


def test_cli_json_is_the_model_dump(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(FARM), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == report_json(evaluate(FARM.read_text(encoding="utf-8")))


def test_screening_rows_follow_the_row_schema() -> None:
    schema = contract.json_schema(contract.ScreeningRow, "screening-row")
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    report = evaluate(FARM.read_text(encoding="utf-8"))
    for d in report.decisions:
        plain = screening_row(3, report.case_id, d, trace=False)
        traced = screening_row(3, report.case_id, d, trace=True)
        assert "trace" not in plain and "trace" in traced
        assert validator.is_valid(plain) and validator.is_valid(traced)
        assert plain["amount"] == (None if d.amount is None else format(d.amount, ".2f"))


def test_fastapi_response_model_returns_the_same_json() -> None:
    fastapi = pytest.importorskip("fastapi", reason="the server extra (fastapi) is not installed")
    testclient = pytest.importorskip("fastapi.testclient", reason="httpx is not installed")
    app = fastapi.FastAPI()
    text = FARM.read_text(encoding="utf-8")

    @app.post("/evaluate", response_model=contract.Report)
    def _evaluate() -> contract.Report:
        return report_model(evaluate(text))

    response = testclient.TestClient(app).post("/evaluate")
    assert response.status_code == 200
    assert response.json() == report_json(evaluate(text))
    openapi = app.openapi()
    assert "Report" in json.dumps(openapi["components"]["schemas"])
