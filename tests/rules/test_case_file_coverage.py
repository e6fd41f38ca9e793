"""Every rule has YAML case tests on both sides (a positive and a negative outcome) and at
least one `unknown` case, so a new rule without worked examples fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from zyjob_rules import Outcome, load_ruleset
from zyjob_rules.casefiles import find_case_files, load_case_file

CASES = Path(__file__).resolve().parents[1] / "cases"
POSITIVE = {o.value for o in Outcome if o.positive}
NEGATIVE = {Outcome.not_eligible.value, Outcome.not_met.value}


def expected_outcomes() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in find_case_files(CASES):
        for spec in load_case_file(path):
            for key, want in spec.expect.items():
                if "outcome" in want:
                    out.setdefault(key.partition("@")[0], set()).add(str(want["outcome"]))
    return out


OUTCOMES = expected_outcomes()


@pytest.mark.parametrize("rule_id", load_ruleset().rule_ids())
def test_rule_has_positive_negative_and_unknown_cases(rule_id: str) -> None:
    seen = OUTCOMES.get(rule_id, set())
    assert seen & POSITIVE, f"{rule_id}: no case file expects a positive outcome"
    assert seen & NEGATIVE, f"{rule_id}: no case file expects a negative outcome"
    assert "unknown" in seen, f"{rule_id}: no case file expects `unknown`"
