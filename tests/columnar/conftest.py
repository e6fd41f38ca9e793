"""Shared fixtures of the columnar backend's tests (skipped without the columnar extra)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("polars", reason="the columnar extra (polars) is not installed")
pytest.importorskip("pyarrow", reason="the columnar extra (pyarrow) is not installed")

from zyjob_rules.engine.columnar import ColumnarEngine
from zyjob_rules.ruleset.checked import RuleSet
from zyjob_rules.ruleset.loader import bundled_ruleset, load_ruleset

ALL_NODES = Path(__file__).parents[1] / "durable" / "all_nodes"


@pytest.fixture(scope="session")
def bundled() -> ColumnarEngine:
    return ColumnarEngine(bundled_ruleset())


@pytest.fixture(scope="session")
def all_nodes_rules() -> RuleSet:
    return load_ruleset(ALL_NODES)


@pytest.fixture(scope="session")
def all_nodes(all_nodes_rules: RuleSet) -> ColumnarEngine:
    return ColumnarEngine(all_nodes_rules)
