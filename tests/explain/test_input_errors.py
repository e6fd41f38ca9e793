"""Input errors in Chinese and English, still naming the exact field path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zyjob_rules import CaseValidationError, parse_case
from zyjob_rules.cli import main

BAD = {
    "applicant": {
        "kind": "organisation",
        "org_kind": "farm",
        "registered_on": "2018/01/01",
        "hires": [{"worker": {"kind": "person", "graduate": "yes"},
                   "start_date": "2018-13-01", "contract_type": "labor_contract", "extra": 1}],
    }
}


def test_library_errors_carry_both_languages() -> None:
    with pytest.raises(CaseValidationError) as caught:
        parse_case(BAD)
    by_path = {p.path: p for p in caught.value.problems}
    graduate = by_path["applicant.hires[0].worker.graduate"]
    assert graduate.message == "Input should be a valid boolean"
    assert graduate.text("zh").startswith("应为布尔值 true 或 false")
    assert by_path["applicant.registered_on"].text("zh") == (
        "应为 YYYY-MM-DD 格式的日期，实际为 '2018/01/01'"
    )
    assert by_path["applicant.hires[0].start_date"].text("zh") == "不是有效的日历日期：'2018-13-01'"
    assert by_path["applicant.hires[0].extra"].text("zh").startswith("不认识的字段")
    assert by_path["applicant.org_kind"].text("zh").startswith("取值应为以下之一：'enterprise'")
    assert all(p.text("en") == p.message for p in caught.value.problems)


def test_json_syntax_error_in_chinese() -> None:
    with pytest.raises(CaseValidationError) as caught:
        parse_case("[1")
    assert caught.value.problems[0].text("zh").startswith("不是有效的 JSON")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "applicant.hires[0].worker.graduate: 应为布尔值 true 或 false"),
        ("en", "applicant.hires[0].worker.graduate: Input should be a valid boolean"),
    ],
)
def test_cli_prints_errors_in_the_chosen_language(
    lang: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(BAD), encoding="utf-8")
    assert main(["evaluate", str(bad), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert ("不是有效的案件" in err) == (lang == "zh")
    assert main(["check", str(bad), "--lang", lang]) == 2
    assert expected in capsys.readouterr().err
