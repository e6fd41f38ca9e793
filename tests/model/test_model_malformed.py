"""Malformed cases are rejected, and every problem names the JSON path of the bad field."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from zyjob_rules.model import CaseValidationError, parse_case

_MISSING = object()
"""Marks a key to delete instead of set."""

PERSON: dict[str, Any] = {
    "as_of": "2018-03-15",
    "applicant": {
        "kind": "person",
        "birth_date": "1988-02-14",
        "graduate": False,
        "employment_status": "employed",
        "employer_type": "enterprise",
        "awaiting_placement_since": "2017-12-01",
        "ui_periods": [
            {"start": "2015-01-01", "end": "2016-12-31"},
            {"start": "2017-02-01", "end": "2017-12-31"},
        ],
        "certificates": [{"kind": "skill_level", "level": "level4", "issued_on": "2018-01-20"}],
        "loan_requests": [{"amount": "80000.00", "requested_on": "2018-03-01"}],
    },
}

ORGANISATION: dict[str, Any] = {
    "as_of": "2018-06-30",
    "applicant": {
        "kind": "organisation",
        "org_kind": "enterprise",
        "headcount_prior_year_end": 100,
        "ui_premiums": [{"year": 2017, "enterprise_paid": "10000.05", "employees_paid": 5000}],
        "terminations": [{"date": "2017-06-30", "reason": "layoff", "count": 3}],
        "hires": [
            {
                "worker": {"poor_household_labor": True},
                "start_date": "2018-01-15",
                "end_date": "2018-05-31",
                "contract_type": "labor_contract",
                "contract_term_months": 12,
            }
        ],
        "labor_exports": [{"date": "2018-02-25", "workers": 40}],
    },
}

HOUSEHOLD: dict[str, Any] = {
    "as_of": "2018-09-01",
    "applicant": {
        "kind": "household",
        "members": [
            {"graduate": True, "graduation_date": "2018-06-30"},
            {"ui_periods": [{"start": "2015-01-01", "end": "2017-12-31"}]},
        ],
    },
}

BASES = {"person": PERSON, "organisation": ORGANISATION, "household": HOUSEHOLD}

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _steps(path: str) -> list[str | int]:
    return [int(index) if index else name for name, index in _STEP.findall(path)]


def mutated(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``base`` with each JSON path in ``changes`` set (or deleted)."""
    doc = copy.deepcopy(base)
    for path, value in changes.items():
        *parents, last = _steps(path)
        node: Any = doc
        for step in parents:
            node = node[step]
        if value is _MISSING:
            del node[last]
        else:
            node[last] = value
    return doc


def problems_of(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(CaseValidationError) as caught:
        parse_case(data, source="case.json")
    assert caught.value.source == "case.json"
    return [(p.path, p.message) for p in caught.value.problems]


def test_the_bases_are_valid() -> None:
    for base in BASES.values():
        parse_case(base)


# (id, base, path set, value, expected problem path); usually the path set is the one reported.
SINGLE_FIELD = [
    # wrong types: nothing is coerced
    ("string-for-bool", "person", "applicant.graduate", "true", None),
    ("int-for-bool", "person", "applicant.graduate", 1, None),
    ("string-for-int", "organisation", "applicant.headcount_prior_year_end", "9", None),
    ("float-for-int", "organisation", "applicant.hires[0].contract_term_months", 12.0, None),
    ("bool-for-int", "organisation", "applicant.terminations[0].count", True, None),
    ("string-for-year", "organisation", "applicant.ui_premiums[0].year", "2017", None),
    ("int-for-string", "person", "applicant.certificates[0].occupation", 7, None),
    ("list-for-object", "organisation", "applicant.hires[0].worker", [], None),
    # money
    ("money-abc", "person", "applicant.loan_requests[0].amount", "abc", None),
    ("money-bool", "organisation", "applicant.ui_premiums[0].employees_paid", True, None),
    ("money-negative-string", "person", "applicant.loan_requests[0].amount", "-1.00", None),
    ("money-negative-number", "organisation", "applicant.ui_premiums[0].enterprise_paid", -5, None),
    ("money-three-places-string", "person", "applicant.loan_requests[0].amount", "100.001", None),
    ("money-three-places-number", "person", "applicant.severance_lump_sum", 100.001, None),
    ("money-exponent-string", "person", "applicant.severance_lump_sum", "1e5", None),
    ("money-too-large", "person", "applicant.severance_lump_sum", "9" * 40, None),
    ("money-nan", "person", "applicant.severance_lump_sum", float("nan"), None),
    ("count-negative", "organisation", "applicant.labor_exports[0].workers", -1, None),
    # end before start: the end field is named
    ("hire-ends-early", "organisation", "applicant.hires[0].end_date", "2018-01-14", None),
    ("ui-period-ends-early", "person", "applicant.ui_periods[0].end", "2014-12-31", None),
    ("ui-period-2-ends-early", "person", "applicant.ui_periods[1].end", "2017-01-31", None),
    (
        "member-period-ends-early",
        "household",
        "applicant.members[1].ui_periods[0].end",
        "2014-06-30",
        None,
    ),
    ("placed-before-waiting", "person", "applicant.placed_on", "2017-11-30", None),
    # enums
    ("unknown-sex", "person", "applicant.sex", "unknown", None),
    ("unknown-status", "person", "applicant.employment_status", "retired", None),
    ("unknown-org-kind", "organisation", "applicant.org_kind", "bank", None),
    ("unknown-contract", "organisation", "applicant.hires[0].contract_type", "verbal", None),
    ("unknown-reason", "organisation", "applicant.terminations[0].reason", "fired", None),
    ("unknown-level", "person", "applicant.certificates[0].level", "level6", None),
    ("enum-case-matters", "person", "applicant.employer_type", "Enterprise", None),
    # unknown fields, at every depth
    ("unknown-top-field", "person", "applicant_kind", "person", None),
    ("unknown-applicant-field", "person", "applicant.salary", 5000, None),
    ("unknown-hire-field", "organisation", "applicant.hires[0].salary", 5000, None),
    ("unknown-worker-field", "organisation", "applicant.hires[0].worker.is_poor", True, None),
    ("unknown-member-field", "household", "applicant.members[0].age", 22, None),
    # dates
    ("date-feb-30", "person", "applicant.birth_date", "2018-02-30", None),
    ("date-slashes", "person", "applicant.birth_date", "2018/01/01", None),
    ("date-compact", "organisation", "applicant.hires[0].start_date", "20180115", None),
    ("date-with-time", "person", "as_of", "2018-03-15T00:00:00", None),
    ("date-number", "household", "applicant.members[0].graduation_date", 20180630, None),
    # required fields and the applicant itself
    ("missing-start", "organisation", "applicant.hires[0].start_date", _MISSING, None),
    ("missing-org-kind", "organisation", "applicant.org_kind", _MISSING, None),
    ("missing-applicant", "person", "applicant", _MISSING, None),
    ("unknown-applicant-kind", "person", "applicant.kind", "company", None),
    ("missing-applicant-kind", "person", "applicant.kind", _MISSING, None),
    ("null-applicant", "person", "applicant", None, None),
]


@pytest.mark.parametrize(
    ("base", "path", "value", "expected"),
    [
        pytest.param(base, path, value, expected, id=id_)
        for id_, base, path, value, expected in SINGLE_FIELD
    ],
)
def test_one_bad_field_is_reported_at_its_path(
    base: str, path: str, value: Any, expected: str | None
) -> None:
    problems = problems_of(mutated(BASES[base], {path: value}))
    assert [p for p, _ in problems] == [expected or path], problems
    assert all(message for _, message in problems)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("[1, 2]", "a case must be a JSON object", id="array"),
        pytest.param("42", "a case must be a JSON object", id="number"),
        pytest.param('"case"', "a case must be a JSON object", id="string"),
        pytest.param("null", "a case must be a JSON object", id="null"),
        pytest.param("{bad json", "not valid JSON", id="invalid-json"),
        pytest.param('{"applicant": {"kind": "person"},}', "not valid JSON", id="trailing-comma"),
        pytest.param("", "not valid JSON", id="empty"),
        pytest.param(b"\xff\xfe{", "not valid JSON", id="bad-bytes"),
    ],
)
def test_non_object_or_invalid_json_is_reported_at_the_root(
    text: str | bytes, message: str
) -> None:
    problems = problems_of(text)
    assert [p for p, _ in problems] == ["$"]
    assert message in problems[0][1]


def test_non_object_python_values_are_reported_at_the_root() -> None:
    assert [p for p, _ in problems_of([PERSON])] == ["$"]


def test_several_problems_are_reported_at_once() -> None:
    doc = mutated(
        ORGANISATION,
        {
            "as_of": "2018-13-01",
            "applicant.headcount_prior_year_end": "100",
            "applicant.ui_premiums[0].enterprise_paid": "-1",
            "applicant.hires[0].end_date": "2017-12-31",
            "applicant.hires[0].worker.sex": "x",
            "applicant.hires[0].bonus": 1,
        },
    )
    paths = [p for p, _ in problems_of(doc)]
    assert sorted(paths) == sorted(
        [
            "as_of",
            "applicant.headcount_prior_year_end",
            "applicant.ui_premiums[0].enterprise_paid",
            "applicant.hires[0].end_date",
            "applicant.hires[0].worker.sex",
            "applicant.hires[0].bonus",
        ]
    )


def test_the_error_message_names_source_and_paths() -> None:
    doc = mutated(
        PERSON, {"applicant.graduate": "yes", "applicant.ui_periods[0].end": "2014-01-01"}
    )
    with pytest.raises(CaseValidationError) as caught:
        parse_case(json.dumps(doc), source="cases/p.json")
    text = str(caught.value)
    assert text.startswith("cases/p.json: invalid case: ")
    assert "applicant.graduate" in text
    assert "applicant.ui_periods[0].end" in text
    assert "before start date" in text


def test_end_equal_to_start_is_allowed() -> None:
    doc = mutated(
        ORGANISATION,
        {
            "applicant.hires[0].end_date": "2018-01-15",
            "applicant.hires[0].worker.ui_periods": [{"start": "2016-01-01", "end": "2016-01-01"}],
        },
    )
    case = parse_case(doc)
    assert case.applicant.kind == "organisation"
