"""What-if over a population: the 6 -> 3 months demo, transitions, changed cases, validation."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from frame_helpers import AS_OF, synth_cases

from zyjob_rules import screen
from zyjob_rules.cli import main
from zyjob_rules.screening.param_changes import ParameterChangeError, parse_assignment
from zyjob_rules.screening.whatif import whatif

RULE = "poverty_hire_award"


@pytest.fixture(scope="module")
def registry() -> list[dict[str, Any]]:
    return synth_cases("enterprise", 120, 31)


def _award_total(cases: list[dict[str, Any]], rules: Any = None) -> tuple[int, Decimal]:
    n, total = 0, Decimal(0)
    for result in screen(cases, as_of=AS_OF, rules=rules):
        for d in result.decisions:
            if d.rule_id == RULE and d.outcome.positive:
                n += 1
                total += d.amount or 0
    return n, total


def test_six_to_three_months_costs_what_two_separate_screenings_say(
    registry: list[dict[str, Any]], tmp_path: Path
) -> None:
    changed_file = tmp_path / "changed.csv"
    report = whatif(registry, AS_OF, changes={f"{RULE}.min_months": 3},
                    changed_out=changed_file)
    # the reference: the same registry screened twice, the second time with a copied rules
    # directory whose parameter file says 3 (what an analyst had to do by hand)
    rules_copy = _rules_with_min_months(tmp_path, 3)
    n_before, before = _award_total(registry)
    n_after, after = _award_total(registry, rules_copy)
    award = report.rules[RULE]
    assert (award.qualifying_before, award.amount_before) == (n_before, before)
    assert (award.qualifying_after, award.amount_after) == (n_after, after)
    assert after > before and award.difference == after - before
    assert report.cash_difference() == sum((r.difference for r in report.cash()), 0)
    assert report.cases == len(registry) and report.rejected == 0
    # the changed cases: every changed decision, both sides, nothing else
    rows = list(csv.DictReader(changed_file.open(encoding="utf-8")))
    assert len(rows) == report.changed_rows > 0
    assert RULE in {r["rule_id"] for r in rows}  # (its contract-award sibling may move too)
    assert all(r["outcome_before"] != r["outcome_after"] or r["amount_before"] !=
               r["amount_after"] for r in rows)
    moved = sum(n for (b, a), n in report.transitions.items() if b != a)
    assert moved <= report.changed_rows
    # the same what-if from a copied rules directory gives the same figures
    again = whatif(registry, AS_OF, rules=rules_copy)
    assert again.rules[RULE] == award and again.transitions == report.transitions
    text = report.render()
    assert RULE in text and f"{award.difference:+,.2f}" in text


def _rules_with_min_months(tmp_path: Path, months: int) -> Path:
    import shutil

    from zyjob_rules.ruleset.paths import bundled_rules_dir

    target = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir(), target)
    params = target / "parameters.yaml"
    text = params.read_text(encoding="utf-8")
    head, _, tail = text.partition(f"- id: {RULE}.min_months")
    tail = tail.replace("value: 6", f"value: {months}", 1)
    params.write_text(f"{head}- id: {RULE}.min_months{tail}", encoding="utf-8")
    return target


@pytest.mark.parametrize(("assignment", "words"), [
    ("poverty_hire_award.min_monthz=3", "no parameter 'poverty_hire_award.min_monthz'; did you "
     "mean poverty_hire_award.min_months"),
    ("poverty_hire_award.min_months=3.5", "whole number"),
    ("poverty_hire_award.min_months=-1", "whole number"),
    ("decapacity_stabilization.rate=0.8", "exceeds the maximum 0.70"),
    ("poverty_hire_award.amount_per_worker=1000.001", "two decimal"),
    ("poverty_hire_award.min_months=level5=3", "is not keyed"),
    ("skills_upgrade.amount_by_level=800", "keyed by SkillLevel"),
    ("skills_upgrade.amount_by_level=level9=800", "no key 'level9'"),
])
def test_a_changed_parameter_is_validated_like_a_rule_file(
    registry: list[dict[str, Any]], assignment: str, words: str
) -> None:
    with pytest.raises(ParameterChangeError, match=words.replace(".", r"\.")):
        whatif(registry[:2], AS_OF, changes=[parse_assignment(assignment)])


def test_bad_assignments() -> None:
    for text in ("min_months", "a=", "=3", "a=b=c=d"):
        with pytest.raises(ParameterChangeError, match="PARAM=VALUE"):
            parse_assignment(text)
    change = parse_assignment("skills_upgrade.amount_by_level=level5=800")
    assert (change.parameter, change.key, change.value) == (
        "skills_upgrade.amount_by_level", "level5", 800)


def test_keyed_change_and_frames(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    cases = synth_cases("person", 150, 32)
    report = whatif(cases, AS_OF, changes={"skills_upgrade.amount_by_level": {"level5": "500"}})
    skills = report.rules["skills_upgrade_subsidy"]
    assert skills.amount_after < skills.amount_before
    from frame_helpers import write_registry_csv

    frame = pd.read_csv(write_registry_csv(tmp_path / "p.csv", cases))
    from_frame = whatif(frame, AS_OF,
                        changes={"skills_upgrade.amount_by_level=level5": "500"})
    assert from_frame.rules == report.rules and from_frame.transitions == report.transitions


def test_cli_prints_the_cost_and_writes_the_chart(
    registry: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in registry), "utf-8")
    out = tmp_path / "w"
    code = main(["whatif", str(path), "--as-of", AS_OF.isoformat(), "--set",
                 f"{RULE}.min_months=3", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert f"cash difference: {Decimal(summary['cash_difference']):+,.2f} yuan" in printed
    assert Decimal(summary["cash_difference"]) > 0
    png = (out / "chart.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    page = (out / "summary.html").read_text("utf-8")
    assert "data:image/png;base64," in page and RULE in page
    assert (out / "changed.csv").read_text("utf-8").startswith("line,case_id,rule_id")
    # errors: a clear message and exit 2, nothing written
    code = main(["whatif", str(path), "--as-of", AS_OF.isoformat(), "--set",
                 "decapacity_stabilization.rate=0.9", "--out", str(tmp_path / "x")])
    assert code == 2
    assert "exceeds the maximum 0.70" in capsys.readouterr().err
