"""Hostile and malformed rule files: each loads or is refused with file and line, never a
traceback, a hang or a rule set that passes validation and then crashes every evaluation."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rule_dir_helpers import write_rules

from zyjob_rules import RuleFileError, RuleSetError, evaluate, load_ruleset


def rule(when: str, amount: str = 'param("award.amount")', extra: str = "") -> str:
    return f"""\
{extra}rules:
  - id: demo_award
    title: {{zh: 示例, en: demo}}
    clause: （十九）
    quote: 按每人1000元的标准
    beneficiary: organisation
    effective: {{from: "2017-12-12"}}
    conditions:
      - id: c1
        label: {{zh: 条件, en: condition}}
        when: {when}
    amount: {amount}
"""


def refused(directory: Path) -> RuleFileError:
    with pytest.raises(RuleFileError) as info:
        load_ruleset(directory)
    assert isinstance(info.value, RuleSetError)
    return info.value.errors[0]


def test_an_or_of_10000_terms_is_checked_and_compiled(tmp_path: Path) -> None:
    when = " or ".join(['organisation.org_kind == "family_farm"'] * 10_000)
    rules = load_ruleset(write_rules(tmp_path, rule(when)))
    case = {"applicant": {"kind": "organisation", "id": "o1", "org_kind": "family_farm"}}
    (decision,) = evaluate(case, "2024-01-01", rules=rules).decisions
    assert decision.outcome.value == "eligible"


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("not " * 1000 + "exists(organisation.id)", "nested more than"),
        ("2" + " * 2" * 2000 + " > 1", "nested more than"),
        # 3.11 refuses the unary chain as unparsable, 3.13 as too deep: either names file and line
            ("-" * 3000 + "1 > 0", "cannot parse|nested more than"),
        ("exists(organisation.id) and 1e999999 * 1e999999 > 0", "out of range"),
        ('add_months(date("2020-01-01"), 99999999) > date("2020-01-01")', "out of range"),
        ("1" * 5000 + " > 0", "syntax error"),
    ],
)
def test_malformed_expressions_are_load_errors_with_file_and_line(
    tmp_path: Path, when: str, message: str
) -> None:
    error = refused(write_rules(tmp_path, rule(when)))
    assert (error.file, error.line, error.rule_id) == ("demo.yaml", 11, "demo_award")
    assert re.search(message, error.message), error.message


@pytest.mark.parametrize(
    "text",
    [
        "rules:\n" + "  " + "- " * 20_000 + "x\n",
        "rules: " + "[" * 20_000 + "]" * 20_000 + "\n",
        "? [a, b]\n: 1\n",
        "rules:\n  ? {id: x}\n  : 1\n",
    ],
)
def test_deep_or_complex_yaml_is_a_rule_file_error(tmp_path: Path, text: str) -> None:
    error = refused(write_rules(tmp_path, text))
    assert error.file == "demo.yaml" and error.line is not None


@pytest.mark.parametrize("category_id", ["poor.worker", "t_poor_worker"])
def test_category_ids_that_would_break_generated_code_are_refused(
    tmp_path: Path, category_id: str
) -> None:
    category = f"""\
categories:
  - id: {category_id}
    title: {{zh: 类别, en: category}}
    clause: （十九）
    quote: 贫困家庭劳动力
    subject: person
    combine: any
    conditions:
      - id: c1
        label: {{zh: 条件, en: condition}}
        when: exists(person.id)
"""
    error = refused(write_rules(tmp_path, category + rule("exists(organisation.id)")))
    assert error.rule_id == category_id and "categories.0.id" in error.message


def test_yml_files_are_loaded_not_ignored(tmp_path: Path) -> None:
    write_rules(tmp_path, rule("exists(organisation.id)"), name="demo.yml")
    rules = load_ruleset(tmp_path)
    assert rules.rule_ids() == ["demo_award"]
    assert "demo.yml" in rules.files


def test_a_symlink_leaving_the_rules_directory_is_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("rules: [SECRET-CONTENT]\n", encoding="utf-8")
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    write_rules(rules_dir, rule("exists(organisation.id)"))
    os.symlink(secret, rules_dir / "linked.yaml")
    with pytest.raises(RuleSetError) as info:
        load_ruleset(rules_dir)
    assert [(e.file, e.message) for e in info.value.errors] == [
        ("linked.yaml", "a symbolic link leading outside the rules directory")
    ]
    assert "SECRET" not in str(info.value)


def test_a_symlink_inside_the_rules_directory_is_followed(tmp_path: Path) -> None:
    write_rules(tmp_path, rule("exists(organisation.id)"))
    (tmp_path / "more").mkdir()
    os.symlink(tmp_path / "parameters.yaml", tmp_path / "more" / "alias.txt")
    assert load_ruleset(tmp_path).rule_ids() == ["demo_award"]


def test_loading_the_same_directory_twice_reads_it_once(tmp_path: Path) -> None:
    write_rules(tmp_path, rule("exists(organisation.id)"))
    assert load_ruleset(tmp_path) is load_ruleset(tmp_path)
    (tmp_path / "demo.yaml").write_text(rule("not exists(organisation.id)"), encoding="utf-8")
    assert load_ruleset(tmp_path).categories == {}  # changed content: loaded afresh


FRAGMENTS = [
    "organisation.org_kind == \"family_farm\"", "exists(organisation.id)", "not", "and", "or",
    "(", ")", "*", "+", "1e999", "99999999", "param(\"award.amount\")", "add_months(", ",",
    "date(\"2020-01-01\")", "count(h for h in organisation.hires)", "{", "}", "[", "]", "'", '"',
    ":", "- ", "\n", "  ", "?", "&a", "*a", "!!python/object:os.system", "\t", "é", "\x00",
]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30), st.integers(0, 400))
def test_fuzzed_rule_files_load_or_raise_rule_file_error_quickly(
    tmp_path_factory: pytest.TempPathFactory, fragments: list[str], cut: int
) -> None:
    """Generated expressions and mutated files (fragments spliced into a good file)."""
    directory = tmp_path_factory.mktemp("fuzz")
    good = rule("exists(organisation.id)")
    text = good[:cut] + " ".join(fragments) + good[cut:]
    write_rules(directory, text)
    start = time.monotonic()
    try:
        load_ruleset(directory)
    except RuleFileError as error:
        assert error.file  # names the place
    assert time.monotonic() - start < 10
