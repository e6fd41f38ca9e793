"""docs/coverage.md is complete: every clause, every rule, and nothing that does not exist.

The table maps each of the 29 clauses to the rule ids that encode it, or says why none does, and
names the tests that pin them. These tests fail when:

- a clause （一）…（二十九） is missing from the table, or appears twice;
- a rule of the loaded rule set cites a clause missing from the table, or is not listed under it;
- the table names a rule id that does not exist, or lists it under another clause;
- a clause without rules gives no reason;
- a test file the table names does not exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from zyjob_rules import load_ruleset
from zyjob_rules.ruleset.schema import CLAUSES

ROOT = Path(__file__).resolve().parents[2]
COVERAGE = ROOT / "docs" / "coverage.md"
BACKTICKED = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Row:
    clause: str
    rules: tuple[str, ...]
    notes: str
    tests: tuple[str, ...]


def parse_table(text: str) -> list[Row]:
    """The rows of the coverage table: lines ``| （n） | rules | notes | tests |``."""
    rows = []
    for line in text.splitlines():
        if not line.startswith("| （"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == 4, f"a coverage row needs 4 cells: {line}"
        clause, rules, notes, tests = cells
        rows.append(
            Row(
                clause,
                tuple(BACKTICKED.findall(rules)),
                notes,
                tuple(BACKTICKED.findall(tests)),
            )
        )
    return rows


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return parse_table(COVERAGE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rules_by_id() -> dict[str, set[str]]:
    """Rule id -> the clauses its versions cite."""
    out: dict[str, set[str]] = {}
    for rule in load_ruleset().rules:
        out.setdefault(rule.id, set()).add(rule.spec.clause)
    return out


def test_every_clause_appears_once_in_order(rows: list[Row]) -> None:
    assert [r.clause for r in rows] == CLAUSES


def test_every_rule_is_listed_under_the_clause_it_cites(
    rows: list[Row], rules_by_id: dict[str, set[str]]
) -> None:
    listed = {r.clause: set(r.rules) for r in rows}
    for rule_id, clauses in rules_by_id.items():
        for clause in clauses:
            assert clause in listed, f"{rule_id} cites {clause}, which the table lacks"
            assert rule_id in listed[clause], f"{rule_id} is not listed under {clause}"


def test_the_table_names_only_existing_rules(
    rows: list[Row], rules_by_id: dict[str, set[str]]
) -> None:
    for row in rows:
        for rule_id in row.rules:
            assert rule_id in rules_by_id, f"{row.clause}: no rule with id '{rule_id}'"
            assert row.clause in rules_by_id[rule_id], (
                f"{row.clause}: rule '{rule_id}' cites {sorted(rules_by_id[rule_id])}"
            )


def test_each_rule_is_listed_once(rows: list[Row]) -> None:
    ids = [rule_id for row in rows for rule_id in row.rules]
    assert len(ids) == len(set(ids))


def test_clauses_without_rules_say_why(rows: list[Row]) -> None:
    for row in rows:
        if not row.rules:
            assert len(row.notes) > 20, f"{row.clause}: say why no rule encodes it"


def test_rows_with_rules_name_their_tests(rows: list[Row]) -> None:
    for row in rows:
        if row.rules:
            assert row.tests, f"{row.clause}: name the tests that pin its rules"
        for path in row.tests:
            assert (ROOT / path).is_file(), f"{row.clause}: no test file {path}"


def test_every_listed_rule_is_exercised_by_a_listed_test(rows: list[Row]) -> None:
    for row in rows:
        texts = [(ROOT / p).read_text(encoding="utf-8") for p in row.tests]
        for rule_id in row.rules:
            assert any(rule_id in t for t in texts), f"{rule_id}: no listed test mentions it"


def test_the_parser_sees_a_missing_clause() -> None:
    table = "| （一） | — | context only, nothing to check here | — |\n"
    (row,) = parse_table(table)
    assert row == Row("（一）", (), "context only, nothing to check here", ())
    assert [r.clause for r in parse_table(table)] != CLAUSES
