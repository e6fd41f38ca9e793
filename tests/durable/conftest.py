"""Fixtures of the durable_rules backend's tests (knobs: see durable_helpers.py)."""

from __future__ import annotations

import pytest
from durable_helpers import ALL_NODES
from optional_extras import DURABLE_MISSING

from zyjob_rules import load_ruleset
from zyjob_rules.engine.durable import RuleNetwork, durable_network
from zyjob_rules.ruleset.checked import RuleSet

# These files run durable_rules itself; the others test its compiler and fences without it.
NEEDS_DURABLE = [
    "test_durable_differential.py",
    "test_durable_fences.py",
    "test_durable_hazards.py",
]
collect_ignore = NEEDS_DURABLE if DURABLE_MISSING else []


@pytest.fixture(scope="session")
def bundled() -> RuleSet:
    return load_ruleset()


@pytest.fixture(scope="session")
def bundled_network(bundled: RuleSet) -> RuleNetwork:
    return durable_network(bundled)


@pytest.fixture(scope="session")
def all_nodes() -> RuleSet:
    return load_ruleset(ALL_NODES)
