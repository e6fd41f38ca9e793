"""No single row stops a run and nothing is coerced: every bad row is a rejected row with its
line, and the rows around it are decided."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fault_helpers import read_jsonl, screen, write_registry

from zyjob_rules.cli import main
from zyjob_rules.model import CaseValidationError, parse_case
from zyjob_rules.model.limits import InputLimits, check_shape
from zyjob_rules.screening.csv_layout import row_to_case

PERSON = {"id": "p1", "applicant": {"kind": "person", "id": "p1", "birth_date": "1990-01-01"}}


def _screen_lines(tmp_path: Path, extra: list[str]) -> tuple[int, list[dict], list[dict]]:
    source = write_registry(tmp_path / "reg.jsonl", 3, extra=extra)
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    code = screen(source, "--out", out, "--errors", errors, "--quiet")
    return code, read_jsonl(out), read_jsonl(errors)


def test_a_row_nested_3000_deep_is_rejected_not_a_crash(tmp_path: Path) -> None:
    deep = '{"id": "deep", "applicant": ' + "[" * 3000 + "]" * 3000 + "}"
    code, rows, errors = _screen_lines(tmp_path, [deep, json.dumps(PERSON)])
    assert code == 3
    assert [e["line"] for e in errors] == [4]
    assert "nested deeper than 32" in errors[0]["problems"][0]["message"]
    assert {r["line"] for r in rows} == {1, 2, 3, 5}


def test_a_5000_digit_integer_is_rejected_in_json_and_csv(tmp_path: Path) -> None:
    huge = "9" * 5000
    row = ('{"id": "o", "applicant": {"kind": "organisation", "headcount_prior_year_end": '
           + huge + "}}")
    code, _, errors = _screen_lines(tmp_path, [row])
    assert code == 3 and errors[0]["line"] == 4
    assert "more than 18 digits" in errors[0]["problems"][0]["message"]
    csv_path = tmp_path / "r.csv"
    csv_path.write_text(f"kind,id,org_kind,headcount_prior_year_end\n"
                        f"organisation,o1,enterprise,{huge}\norganisation,o2,enterprise,12\n",
                        encoding="utf-8")
    assert screen(csv_path, "--out", tmp_path / "o.csv", "--errors", tmp_path / "ce.jsonl",
                  "--quiet") == 3
    rejected = read_jsonl(tmp_path / "ce.jsonl")
    assert [e["line"] for e in rejected] == [2]
    assert rejected[0]["problems"][0]["path"] == "applicant.headcount_prior_year_end"


def test_duplicate_json_keys_are_errors_everywhere(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    dup = ('{"id": "d", "applicant": {"kind": "person", "poverty_registered": false, '
           '"poverty_registered": true}}')
    with pytest.raises(CaseValidationError, match="duplicate key 'poverty_registered'"):
        parse_case(dup)
    code, _, errors = _screen_lines(tmp_path, [dup])
    assert code == 3 and errors[0]["line"] == 4
    assert "duplicate key" in errors[0]["problems"][0]["message"]
    case = tmp_path / "dup.json"
    case.write_text(dup, encoding="utf-8")
    assert main(["check", str(case)]) == 2
    assert main(["evaluate", str(case), "--as-of", "2018-06-30"]) == 2
    assert "duplicate key" in capsys.readouterr().err
    # in a list cell of a CSV row too
    _, problems = row_to_case({"kind": "organisation", "hires": '[{"a": 1, "a": 2}]'})
    assert problems and "duplicate key" in problems[0].message


def test_duplicate_csv_columns_stop_before_any_row(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "d.csv"
    source.write_text("kind,id,poverty_registered,poverty_registered\nperson,p,false,true\n",
                      encoding="utf-8")
    out = tmp_path / "o.csv"
    assert screen(source, "--out", out) == 2
    assert "duplicate CSV column(s): poverty_registered" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "o.csv.partial").exists()


@pytest.mark.parametrize("digits", ["１０００", "١٠٠٠", " 1000 ", "1000\n", "+1000"])
def test_only_plain_ascii_digits_are_numbers(digits: str) -> None:
    case, problems = row_to_case({"kind": "organisation", "headcount_prior_year_end": digits})
    assert problems == []
    assert case["applicant"]["headcount_prior_year_end"] == digits  # left as text…
    with pytest.raises(CaseValidationError, match="headcount_prior_year_end"):
        parse_case(case)  # …which the model rejects
    money = {"kind": "person", "loan_requests": [{"amount": digits}]}
    with pytest.raises(CaseValidationError, match="amount"):
        parse_case({"applicant": money})


def test_padded_and_foreign_digits_in_dates_are_refused() -> None:
    for bad in ["２０１８-01-01", " 2018-01-01", "2018-01-01\n"]:
        with pytest.raises(CaseValidationError, match="birth_date"):
            parse_case({"applicant": {"kind": "person", "birth_date": bad}})


def test_implausible_dates_are_model_errors() -> None:
    for bad in ["9999-01-01", "1850-05-05"]:
        with pytest.raises(CaseValidationError, match="implausible date"):
            parse_case({"applicant": {"kind": "person", "birth_date": bad}})
    assert parse_case({"applicant": {"kind": "person", "birth_date": "1960-05-05"}})


def test_gbk_csv_rows_are_rejected_naming_the_line_never_replaced(tmp_path: Path) -> None:
    source = tmp_path / "gbk.csv"
    source.write_bytes(b"kind,id,name\nperson,p1,ok\n"
                       + "person,p2,张三\n".encode("gbk") + b"person,p3,fine\n")
    out, errors = tmp_path / "o.csv", tmp_path / "e.jsonl"
    assert screen(source, "--out", out, "--errors", errors, "--quiet") == 3
    rejected = read_jsonl(errors)
    assert [e["line"] for e in rejected] == [3]
    assert "not utf-8 text: byte 0xd5" in rejected[0]["problems"][0]["message"]
    assert "\\xd5" in rejected[0]["raw"]
    text = out.read_text(encoding="utf-8")
    assert "\ufffd" not in text
    assert {r["case_id"] for r in csv.DictReader(text.splitlines())} == {"p1", "p3"}


def test_undecodable_json_line_is_rejected_with_its_line(tmp_path: Path) -> None:
    source = write_registry(tmp_path / "reg.jsonl", 2)
    with source.open("ab") as f:
        f.write('{"id": "张"}\n'.encode("gbk"))
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    assert screen(source, "--out", out, "--errors", errors, "--quiet") == 3
    rejected = read_jsonl(errors)
    assert rejected[0]["line"] == 3 and "byte 0xd5 at column 9" in \
        rejected[0]["problems"][0]["message"]
    with pytest.raises(CaseValidationError, match="not UTF-8"):
        parse_case('{"id": "张"}'.encode("gbk"))


def test_limits_are_settings_and_rows_over_them_are_rejected(tmp_path: Path) -> None:
    limits = InputLimits(max_depth=4, max_items=5, max_case_bytes=1000)
    with pytest.raises(CaseValidationError, match="deeper than 4"):
        parse_case('{"a": [[[[[]]]]]}', limits=limits)
    with pytest.raises(CaseValidationError, match="more than 5 objects"):
        parse_case('{"a": [{}, {}, {}, {}, {}, {}]}', limits=limits)
    with pytest.raises(CaseValidationError, match="larger than 1,000 bytes"):
        parse_case('{"a": "' + "x" * 2000 + '"}', limits=limits)
    check_shape('{"a": "[[[[[[[[[[[[[[[[["}', limits)  # brackets inside strings do not count
    hires = [{"worker": {"kind": "person"}, "start_date": "2018-01-01",
              "contract_type": "labor_contract"}] * 6000
    big = json.dumps({"id": "big", "applicant": {"kind": "organisation", "hires": hires}})
    code, rows, errors = _screen_lines(tmp_path, [big])
    assert code == 3 and errors[0]["line"] == 4 and "10,000 objects" in \
        errors[0]["problems"][0]["message"]
    assert {r["line"] for r in rows} == {1, 2, 3}


def test_an_oversized_csv_cell_rejects_its_row_only(tmp_path: Path) -> None:
    from zyjob_rules.screening import records

    source = tmp_path / "c.csv"
    source.write_text("kind,id,name\nperson,p1,a\nperson,p2," + "x" * 5000
                      + "\nperson,p3,c\n", encoding="utf-8")
    limits = InputLimits(max_cell_bytes=1000)
    rows = list(records.read_csv(records.Source(str(source)), limits=limits))
    assert [r.line for r in rows] == [2, 3, 4]
    assert rows[1].payload is None and "field larger than field limit" in \
        rows[1].problems[0].message
    assert rows[2].payload is not None and rows[2].payload["applicant"]["id"] == "p3"


def test_importing_screening_leaves_the_csv_field_limit_alone() -> None:
    code = ("import csv; before = csv.field_size_limit(); import zyjob_rules.screening.records, "
            "zyjob_rules.cli; print(before == csv.field_size_limit())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "True"
    before = csv.field_size_limit()
    from zyjob_rules.screening import records

    source_rows = list(records.read_csv(_tiny_csv()))
    assert source_rows and csv.field_size_limit() == before  # restored after a read


def _tiny_csv():  # type: ignore[no-untyped-def]
    import tempfile

    from zyjob_rules.screening.records import Source

    path = Path(tempfile.mkdtemp()) / "tiny.csv"
    path.write_text("kind,id\nperson,p\n", encoding="utf-8")
    return Source(str(path))
