"""One malformed rule file per error class: each is rejected with its file, line, rule id and a
plain message, and nothing is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_dir_helpers import PARAMS, write_rules

from zyjob_rules import RuleSetError, load_ruleset
from zyjob_rules.cli import main

GOOD_RULE = """\
rules:
  - id: demo_award
    title: {zh: 示例, en: demo}
    clause: （十九）
    quote: 按每人1000元的标准
    beneficiary: organisation
    effective: {from: "2017-12-12"}
    conditions:
      - id: is_farm
        label: {zh: 家庭农场, en: family farm}
        when: organisation.org_kind == "family_farm"
    amount: param("award.amount")
"""


def only_error(
    tmp_path: Path, rule_text: str, params: str = PARAMS
) -> tuple[str, int | None, str | None, str]:
    with pytest.raises(RuleSetError) as info:
        load_ruleset(write_rules(tmp_path, rule_text, params=params))
    assert len(info.value.errors) == 1, info.value.errors
    e = info.value.errors[0]
    return e.file, e.line, e.rule_id, e.message


def test_the_good_file_loads(tmp_path: Path) -> None:
    rs = load_ruleset(write_rules(tmp_path, GOOD_RULE))
    assert rs.rule_ids() == ["demo_award"]
    assert rs.version.startswith("sha256:")


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace("    quote: 按每人1000元的标准\n", "    quote: [unclosed\n")
    file, line, _, msg = only_error(tmp_path, broken)
    assert file == "demo.yaml"
    assert line is not None and line >= 5
    assert "YAML syntax error" in msg


def test_duplicate_yaml_key_is_a_syntax_error(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace(
        "    clause: （十九）\n", "    clause: （十九）\n    clause: （十三）\n"
    )
    _, line, _, msg = only_error(tmp_path, broken)
    assert "duplicate key 'clause'" in msg and line == 5


def test_unknown_model_field(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace("organisation.org_kind ==", "organisation.org_knd ==")
    file, line, rule_id, msg = only_error(tmp_path, broken)
    assert (file, line, rule_id) == ("demo.yaml", 11, "demo_award")
    assert "unknown field 'org_knd' of Organisation" in msg and "did you mean org_kind" in msg


def test_type_mismatch_date_with_money(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace(
        'organisation.org_kind == "family_farm"',
        'organisation.registered_on >= param("award.amount")',
    )
    _, line, rule_id, msg = only_error(tmp_path, broken)
    assert (line, rule_id) == (11, "demo_award")
    assert "cannot compare date" in msg and "number" in msg


def test_unknown_enum_value(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace('"family_farm"', '"family_farms"')
    _, _, _, msg = only_error(tmp_path, broken)
    assert "'family_farms' is not a value of OrganisationKind" in msg


def test_unknown_parameter(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace('param("award.amount")', 'param("award.amout")')
    _, line, rule_id, msg = only_error(tmp_path, broken)
    assert (line, rule_id) == (12, "demo_award")
    assert "unknown parameter 'award.amout'" in msg


def test_missing_clause(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace("    clause: （十九）\n", "")
    _, line, rule_id, msg = only_error(tmp_path, broken)
    assert rule_id == "demo_award" and line == 2
    assert "clause" in msg and "Field required" in msg


def test_clause_not_in_the_policy(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace("（十九）", "（三十）")
    _, line, _, msg = only_error(tmp_path, broken)
    assert line == 4 and "not one of the policy's 29 clauses" in msg


def test_missing_label(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace("        label: {zh: 家庭农场, en: family farm}\n", "")
    _, _, rule_id, msg = only_error(tmp_path, broken)
    assert rule_id == "demo_award" and "label" in msg and "Field required" in msg


def test_label_without_english(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace("{zh: 家庭农场, en: family farm}", "{zh: 家庭农场}")
    _, _, _, msg = only_error(tmp_path, broken)
    assert "label.en" in msg


def test_overlapping_effective_periods(tmp_path: Path) -> None:
    second = GOOD_RULE.split("rules:\n", 1)[1].replace(
        '{from: "2017-12-12"}', '{from: "2018-06-01"}'
    )
    first = GOOD_RULE.replace('{from: "2017-12-12"}', '{from: "2017-12-12", until: "2018-12-31"}')
    _, line, rule_id, msg = only_error(tmp_path, first + second)
    assert rule_id == "demo_award" and line == 18
    assert "overlapping effective periods" in msg


def test_consecutive_versions_are_fine(tmp_path: Path) -> None:
    second = GOOD_RULE.split("rules:\n", 1)[1].replace(
        '{from: "2017-12-12"}', '{from: "2019-01-01"}'
    )
    first = GOOD_RULE.replace('{from: "2017-12-12"}', '{from: "2017-12-12", until: "2018-12-31"}')
    rs = load_ruleset(write_rules(tmp_path, first + second))
    assert len(rs.versions("demo_award")) == 2


def test_duplicate_condition_id(tmp_path: Path) -> None:
    dup = GOOD_RULE.replace(
        "    amount:",
        '      - id: is_farm\n        label: {zh: 再次, en: again}\n'
        '        when: "True"\n    amount:',
    )
    _, _, rule_id, msg = only_error(tmp_path, dup)
    assert rule_id == "demo_award" and "duplicate condition id 'is_farm'" in msg


def test_duplicate_parameter_id(tmp_path: Path) -> None:
    params = PARAMS + PARAMS.split("parameters:\n", 1)[1]
    _, line, rule_id, msg = only_error(tmp_path, GOOD_RULE, params)
    assert rule_id == "award.amount" and line == 9 and "duplicate parameter id" in msg


def test_unset_parameter_needs_a_note(tmp_path: Path) -> None:
    params = PARAMS.replace('value: "1000"', "value: null")
    _, _, rule_id, msg = only_error(tmp_path, GOOD_RULE, params)
    assert rule_id == "award.amount" and "needs a note" in msg


def test_parameter_above_its_maximum(tmp_path: Path) -> None:
    params = PARAMS.replace("unit: yuan", 'unit: yuan\n    maximum: "500"')
    _, _, _, msg = only_error(tmp_path, GOOD_RULE, params)
    assert "exceeds the maximum 500" in msg


def test_forbidden_python_is_rejected(tmp_path: Path) -> None:
    for text in [
        "__import__('os')",
        "organisation.__class__",
        "(lambda: True)()",
        "organisation.hires[0]",
    ]:
        sub = tmp_path / str(abs(hash(text)))
        sub.mkdir()
        broken = GOOD_RULE.replace(
            'when: organisation.org_kind == "family_farm"', f'when: "{text}"'
        )
        with pytest.raises(RuleSetError) as info:
            load_ruleset(write_rules(sub, broken))
        assert info.value.errors[0].rule_id == "demo_award", text


def test_every_error_is_reported_not_only_the_first(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace("org_kind ==", "org_knd ==").replace(
        'param("award.amount")', 'param("x")'
    )
    with pytest.raises(RuleSetError) as info:
        load_ruleset(write_rules(tmp_path, broken))
    assert len(info.value.errors) == 2


def test_validate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "ok:" in capsys.readouterr().out
    broken = write_rules(tmp_path, GOOD_RULE.replace("org_kind ==", "org_knd =="))
    assert main(["validate", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "demo.yaml:11 [demo_award]" in err and "org_knd" in err
