"""Every name docs/api.md lists is importable from the package root, and __all__ matches."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import zyjob_rules

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def documented_names() -> set[str]:
    text = DOC.read_text(encoding="utf-8")
    names: set[str] = set()
    for cell in re.findall(r"^\| ([^|]+) \|", text, re.M):
        names.update(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)(?:\(|`)", cell))
    return names - {"name"}


def test_every_documented_name_imports_from_the_root() -> None:
    names = documented_names()
    assert {"load_ruleset", "evaluate", "RuleSet", "render_report", "EvaluationError"} <= names
    module = importlib.import_module("zyjob_rules")
    for name in sorted(names):
        assert getattr(module, name) is not None, name


def test_all_lists_exactly_the_documented_names() -> None:
    assert set(zyjob_rules.__all__) == documented_names()


def test_renderers_are_the_explain_functions() -> None:
    from zyjob_rules.explain.text import render_report

    assert zyjob_rules.render_report is render_report
