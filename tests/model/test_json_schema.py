"""The case JSON Schema (for services in other languages) agrees with the pydantic model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator

from zyjob_rules.cli.case_commands import SCHEMA_DIALECT, case_json_schema
from zyjob_rules.model import CaseValidationError, parse_case
from zyjob_rules.testing import case_dicts

EXAMPLES = sorted((Path(__file__).parents[2] / "examples" / "cases").glob("*.json"))

SCHEMA = case_json_schema()
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert SCHEMA["$schema"] == SCHEMA_DIALECT == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)
    json.dumps(SCHEMA)  # serialisable as it is printed by `zyjob-rules schema`


def test_schema_closes_every_object() -> None:
    # extra="forbid" in the model must show as additionalProperties: false everywhere.
    for name, definition in SCHEMA["$defs"].items():
        if definition.get("type") == "object":
            assert definition.get("additionalProperties") is False, name
    assert SCHEMA["additionalProperties"] is False


@settings(max_examples=60)
@given(case_dicts())
def test_schema_accepts_every_generated_case(doc: dict[str, Any]) -> None:
    errors = [f"{e.json_path}: {e.message}" for e in VALIDATOR.iter_errors(doc)]
    assert not errors


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_schema_accepts_every_example(path: Path) -> None:
    VALIDATOR.validate(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("amount", ["0.07", 0.07, 0.29, 1000, "100000.00"])
def test_schema_accepts_amounts_the_model_accepts(amount: Any) -> None:
    doc = {"applicant": {"kind": "person", "severance_lump_sum": amount}}
    parse_case(doc)
    VALIDATOR.validate(doc)


BAD = {
    "unknown-field": {"applicant": {"kind": "person", "salary": 1}},
    "string-for-bool": {"applicant": {"kind": "person", "graduate": "true"}},
    "string-for-int": {
        "applicant": {
            "kind": "organisation",
            "org_kind": "enterprise",
            "headcount_prior_year_end": "9",
        }
    },
    "unknown-enum": {"applicant": {"kind": "organisation", "org_kind": "bank"}},
    "unknown-kind": {"applicant": {"kind": "company"}},
    "missing-applicant": {"as_of": "2018-01-01"},
    "money-three-places": {"applicant": {"kind": "person", "severance_lump_sum": "1.001"}},
    "money-negative": {"applicant": {"kind": "person", "severance_lump_sum": -1}},
    "date-pattern": {"as_of": "2018/01/01", "applicant": {"kind": "person"}},
    "date-feb-30": {"as_of": "2018-02-30", "applicant": {"kind": "person"}},  # format checker
    "negative-count": {
        "applicant": {
            "kind": "organisation",
            "org_kind": "hr_service_agency",
            "labor_exports": [{"date": "2018-01-01", "workers": -1}],
        }
    },
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_schema_and_model_both_reject_malformed_cases(name: str) -> None:
    doc = BAD[name]
    assert not VALIDATOR.is_valid(doc)
    with pytest.raises(CaseValidationError):
        parse_case(doc)
