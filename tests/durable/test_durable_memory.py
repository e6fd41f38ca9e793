"""A durable network frees what it registered in durable_rules' C core (no leak per RuleSet)."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from zyjob_rules.engine.durable import RuleNetwork
from zyjob_rules.ruleset.checked import RuleSet

core = pytest.importorskip("durable_rules_engine")


@pytest.fixture
def deleted(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    gc.collect()  # networks other tests dropped are freed now, not counted below
    calls: list[Any] = []
    real = core.delete_ruleset

    def counting(handle: Any) -> Any:
        calls.append(handle)
        return real(handle)

    monkeypatch.setattr(core, "delete_ruleset", counting)
    return calls


def test_a_garbage_collected_network_deletes_its_rulesets(
    bundled: RuleSet, deleted: list[Any]
) -> None:
    network = RuleNetwork(bundled)
    shards = len(network.spec.shards)
    del network
    gc.collect()
    assert len(deleted) == shards


def test_close_deletes_once_and_the_network_then_refuses_work(
    bundled: RuleSet, deleted: list[Any]
) -> None:
    network = RuleNetwork(bundled)
    network.close()
    network.close()
    assert len(deleted) == len(network.spec.shards)
    with pytest.raises(Exception, match="closed"):
        network.durable.run([])
