"""The flat CSV layout: cases survive a round trip; the documented columns are the real ones."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from screen_helpers import AS_OF

from zyjob_rules import Case, screen
from zyjob_rules.screening import case_to_row, columns, row_to_case, synth_rows
from zyjob_rules.screening.csv_layout import UnknownColumnsError, check_header
from zyjob_rules.screening.output import RowFormatter, parse_result_csv_row, result_row
from zyjob_rules.screening.records import Source, read_csv

ROOT = Path(__file__).resolve().parents[2]


def _cases() -> list[Case]:
    cases = [Case.model_validate(r) for kind in ("person", "enterprise")
             for r in synth_rows(kind, 40, seed=12)]  # type: ignore[arg-type]
    for path in sorted((ROOT / "examples" / "cases").glob("*.json")):
        cases.append(Case.model_validate_json(path.read_text(encoding="utf-8")))
    return cases


def test_cases_round_trip_through_the_documented_csv_columns(tmp_path: Path) -> None:
    cases = _cases()
    assert {c.applicant.kind for c in cases} == {"person", "organisation", "household"}
    path = tmp_path / "registry.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns())
        writer.writeheader()
        for case in cases:
            writer.writerow(case_to_row(case))
    with Source(str(path)) as source:
        records = list(read_csv(source))
    assert [r.problems for r in records] == [[] for _ in cases]
    back = [Case.model_validate(r.payload) for r in records]
    assert back == cases
    # a row is one physical line unless a cell holds a newline
    assert records[0].line == 2 and records[1].line == 3


def test_cells_are_typed_from_the_model() -> None:
    payload, problems = row_to_case({
        "case_id": "c", "case_as_of": "2018-01-01", "kind": "person", "disabled": "TRUE",
        "graduate": "0", "birth_date": "1990-05-01", "ui_periods": '[{"start": "2015-01-01"}]',
        "severance_lump_sum": "1000.50", "name": "", "veteran_soldier": "yes",
    })
    assert problems == []
    assert payload == {"id": "c", "as_of": "2018-01-01", "applicant": {
        "kind": "person", "disabled": True, "graduate": False, "birth_date": "1990-05-01",
        "ui_periods": [{"start": "2015-01-01"}], "severance_lump_sum": "1000.50",
        "veteran_soldier": "yes",  # not a boolean: left as text for the model to reject
    }}
    with pytest.raises(Exception, match="veteran_soldier"):
        Case.model_validate(payload)
    org, _ = row_to_case({"kind": "organisation", "org_kind": "enterprise",
                          "headcount_prior_year_end": "12"})
    assert org["applicant"]["headcount_prior_year_end"] == 12


def test_unknown_columns_are_refused() -> None:
    check_header(columns())
    with pytest.raises(UnknownColumnsError) as err:
        check_header(["kind", "id", "colour", "size"])
    assert err.value.unknown == ["colour", "size"]


def test_result_rows_round_trip_through_csv() -> None:
    rows = list(synth_rows("enterprise", 15, seed=4))
    results = list(screen(rows, AS_OF, trace=True))
    expected = [result_row(r.index + 1, r.case_id, d, True) for r in results for d in r.decisions]
    text = RowFormatter("csv", trace=True).header() + RowFormatter("csv", trace=True).format(
        expected)
    back = [parse_result_csv_row(r) for r in csv.DictReader(io.StringIO(text))]
    assert json.loads(json.dumps(back)) == json.loads(json.dumps(expected))


def test_the_documented_columns_exist() -> None:
    doc = (ROOT / "docs" / "screening.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z_0-9]+)` \|", doc, flags=re.MULTILINE)
    assert len(documented) > 60
    real = set(columns()) | {"line", "rule_id", "clause", "subject", "outcome", "amount",
                             "eligible_from", "missing", "trace"}
    assert sorted(set(documented) - real) == []
    for column in ("case_id", "kind", "poor_household_labor", "ui_periods", "certificates",
                   "org_kind", "ui_premiums", "terminations", "hires"):
        assert column in documented
