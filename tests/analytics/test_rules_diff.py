"""`zyjob-rules rules diff OLD NEW` lists added, removed and changed rules and values in words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zyjob_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_changes_are_listed_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(ROOT / "rules", old)
    shutil.copytree(ROOT / "rules", new)
    params = new / "parameters.yaml"
    text = params.read_text("utf-8")
    head, sep, tail = text.partition("- id: poverty_hire_award.min_months")
    params.write_text(head + sep + tail.replace("value: 6", "value: 3", 1), "utf-8")
    removed = next(p for p in sorted((new / "persons").glob("*.yaml")))
    removed_text = removed.read_text("utf-8")
    removed.unlink()
    assert main(["rules", "diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "parameter poverty_hire_award.min_months changed: from 2017-12-12: 6 months → " \
        "3 months" in out
    rule_ids = [line.split("id:")[1].strip() for line in removed_text.splitlines()
                if line.startswith("  - id:") and "rules:" in removed_text.split(line)[0]]
    assert any(f"rule removed: {rid}" in out for rid in rule_ids), out
    assert main(["rules", "diff", str(new), str(old), "--exit-code"]) == 1
    assert "rule added:" in capsys.readouterr().out
    assert main(["rules", "diff", str(old), str(old)]) == 0
    assert "no differences" in capsys.readouterr().out


def test_a_changed_condition_is_shown_before_and_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(ROOT / "rules", old)
    shutil.copytree(ROOT / "rules", new)
    target = new / "c19_poverty_employment.yaml"
    text = target.read_text("utf-8")
    assert "min_months" in text
    target.write_text(text.replace('>= param("poverty_hire_award.min_months")',
                                   '> param("poverty_hire_award.min_months")', 1), "utf-8")
    main(["rules", "diff", str(old), str(new)])
    out = capsys.readouterr().out
    assert "1 difference(s)" in out
    assert "condition '" in out and '> param("poverty_hire_award.min_months")' in out
    assert main(["rules", "diff", str(old), str(tmp_path / "missing")]) == 1
