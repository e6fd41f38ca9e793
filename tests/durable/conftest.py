"""Fixtures of the durable_rules backend's tests (knobs: see durable_helpers.py)."""

from __future__ import annotations

import pytest
from durable_helpers import ALL_NODES

from zyjob_rules import load_ruleset
from zyjob_rules.engine.durable import RuleNetwork, durable_network
from zyjob_rules.ruleset.checked import RuleSet


@pytest.fixture(scope="session")
def bundled() -> RuleSet:
    return load_ruleset()


@pytest.fixture(scope="session")
def bundled_network(bundled: RuleSet) -> RuleNetwork:
    return durable_network(bundled)


@pytest.fixture(scope="session")
def all_nodes() -> RuleSet:
    return load_ruleset(ALL_NODES)
