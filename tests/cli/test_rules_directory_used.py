"""``validate`` and ``test`` say which rules they checked, and prefer ``./rules`` in a checkout
(policy staff edit those, not the copy inside the installed package)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zyjob_rules.cli import main
from zyjob_rules.ruleset.paths import bundled_rules_dir

ROOT = Path(__file__).resolve().parents[2]


def test_validate_in_a_checkout_checks_its_own_rules_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    broken = tmp_path / "rules" / "c19_poverty_employment.yaml"
    text = broken.read_text("utf-8").replace("clause: （十九）", "clause: 19", 1)
    broken.write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 1  # the edited copy is checked: its mistake is found
    assert "rules: rules" in capsys.readouterr().err


def test_validate_outside_a_checkout_names_the_bundled_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    captured = capsys.readouterr()
    assert f"rules: {bundled_rules_dir()}" in captured.err
    assert str(bundled_rules_dir()) in captured.out


def test_test_names_the_rules_it_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    cases = tmp_path / "cases"
    shutil.copytree(ROOT / "tests" / "cases" / "headline", cases)
    monkeypatch.chdir(tmp_path)
    main(["test", str(cases)])
    assert "rules: rules" in capsys.readouterr().err
