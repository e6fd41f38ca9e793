"""The backend's fences against durable_rules' hazards, each shown to hold.

What each hazard does to a bare durable ruleset is in test_durable_hazards.py; the
compile-time checks (limits, splitting, hashes, ``$nex``/empty ``$and``) in
test_durable_limits.py.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from durable_helpers import env_int, example, example_cases
from hypothesis import HealthCheck, given, settings

from zyjob_rules import evaluate
from zyjob_rules.engine.durable import (
    DurableActionError,
    DurableEngineError,
    RuleNetwork,
    compile_network,
    evaluate_durable,
)
from zyjob_rules.engine.durable.facts import FactBuilder
from zyjob_rules.engine.durable.host import SID, DurableNetwork, Verdict
from zyjob_rules.engine.durable.spec import SENTINEL, SENTINEL_RULE
from zyjob_rules.engine.program import compile_ruleset
from zyjob_rules.engine.scalar.evaluator import parameter_values
from zyjob_rules.model import Case, parse_case
from zyjob_rules.ruleset.checked import RuleSet
from zyjob_rules.testing import cases

EXAMPLE_CASES = example_cases()

def summary(case: Case, rules: RuleSet, as_of: date | None = None) -> list[Any]:
    report = evaluate(case, as_of=as_of, rules=rules, trace=False, backend="durable")
    return [(d.rule_id, d.subject, d.outcome, d.amount, d.eligible_from) for d in report.decisions]


class Recorder:
    """Stands in for durable's C module: records every call and the session ids of facts."""

    def __init__(self, core: Any) -> None:
        self.core = core
        self.sids: set[str] = set()
        self.calls: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.calls.add(name)
        target = getattr(self.core, name)
        if not name.startswith("assert_"):
            return target

        def call(handle: int, payload: str) -> Any:
            facts = json.loads(payload)
            for f in facts if isinstance(facts, list) else [facts]:
                self.sids.add(f["sid"])
            return target(handle, payload)

        return call


def test_facts_are_asserted_with_one_session_id_and_every_session_is_deleted(
    bundled: RuleSet, bundled_network: RuleNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder(bundled_network.durable._core)
    monkeypatch.setattr(bundled_network.durable, "_core", recorder)
    for case in EXAMPLE_CASES:
        evaluate_durable(bundled, case, case.as_of or date(2018, 6, 30), trace=False)
        for shard in bundled_network.spec.shards:
            assert not bundled_network.durable.session_exists(shard.name)
    assert recorder.sids == {SID}
    assert recorder.calls <= {"assert_facts", "assert_fact"}  # facts, never events


def test_more_evaluations_than_durable_keeps_sessions(
    bundled: RuleSet, bundled_network: RuleNetwork
) -> None:
    # durable holds at most 1024 sessions per ruleset (the next one raises MemoryError).
    case = example("poor_worker_loan_80k")
    for _ in range(1500):
        bundled_network.verdicts(case, date(2018, 6, 30))


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


def test_memory_stays_flat_over_many_sequential_evaluations(
    bundled: RuleSet, bundled_network: RuleNetwork
) -> None:
    """10,000 evaluations here; ZYJOB_DURABLE_RSS_EVALS=100000 for the issue's figure."""
    total = env_int("ZYJOB_DURABLE_RSS_EVALS", 10_000)
    inputs = [(c, c.as_of or date(2018, 6, 30)) for c in EXAMPLE_CASES]
    for i in range(1000):  # warm-up: caches, allocator pools
        case, day = inputs[i % len(inputs)]
        evaluate_durable(bundled, case, day, trace=False)
    gc.collect()
    before = _rss_kib()
    for i in range(total):
        case, day = inputs[i % len(inputs)]
        evaluate_durable(bundled, case, day, trace=False)
    gc.collect()
    growth = _rss_kib() - before
    print(f"RSS {before} KiB -> {before + growth} KiB over {total} evaluations ({growth:+} KiB)")
    assert growth < 4 * 1024


def test_every_shard_has_the_always_firing_sentinel(bundled_network: RuleNetwork) -> None:
    for shard in bundled_network.spec.shards:
        assert shard.definition[SENTINEL_RULE] == SENTINEL
        assert bundled_network.durable.registered[shard.name][SENTINEL_RULE]["run"] == "sentinel"


def test_sessions_where_no_rule_applies_are_deleted_safely(
    bundled: RuleSet, bundled_network: RuleNetwork
) -> None:
    # Before 2017-12-12 no rule is in force: no facts at all, only the sentinel fires. Without
    # it, deleting such a session frees an uninitialised pointer; and an empty batch of facts
    # is never asserted (durable returns a garbage session handle for "[]").
    case = example("veteran_awaiting_placement")
    for _ in range(300):
        assert evaluate_durable(bundled, case, date(2016, 1, 1), trace=False) == []


def test_a_session_whose_sentinel_did_not_fire_is_kept_and_the_network_refuses_work(
    bundled: RuleSet,
) -> None:
    spec = compile_network(bundled)
    crippled = dataclasses.replace(spec, shards=tuple(
        dataclasses.replace(s, definition={k: v for k, v in s.definition.items()
                                           if k != SENTINEL_RULE})
        for s in spec.shards
    ))
    network = DurableNetwork(crippled)
    case = example("poor_worker_loan_80k")
    day = date(2018, 6, 30)
    params = parameter_values(compile_ruleset(bundled), day)
    facts = FactBuilder(crippled, case, day, params).for_shard(crippled.shards[0]).facts
    with pytest.raises(DurableEngineError, match="sentinel"):
        network.run([(crippled.shards[0].name, facts)])
    assert network.session_exists(crippled.shards[0].name)  # not deleted: that could abort
    with pytest.raises(DurableEngineError, match="unusable"):
        network.run([(crippled.shards[0].name, facts)])


def test_eight_threads_get_the_decisions_of_one_thread(
    bundled: RuleSet, bundled_network: RuleNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = [date(2017, 12, 12), date(2018, 6, 30), date(2019, 3, 1), date(2020, 12, 31)]
    inputs = [(c, d) for c in EXAMPLE_CASES for d in days]
    sequential = [summary(c, bundled, d) for c, d in inputs]

    active = 0
    most = 0
    guard = threading.Lock()
    run_shard = bundled_network.durable._run_shard

    def watched(name: str, facts: list[dict[str, Any]]) -> dict[str, Verdict]:
        nonlocal active, most
        with guard:
            active += 1
            most = max(most, active)
        try:
            time.sleep(0.0002)  # widen the window in which two threads could meet
            return run_shard(name, facts)
        finally:
            with guard:
                active -= 1

    monkeypatch.setattr(bundled_network.durable, "_run_shard", watched)
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            concurrent = list(pool.map(lambda cd: summary(cd[0], bundled, cd[1]), inputs))
            assert concurrent == sequential
    assert most == 1  # the network's lock: one session at a time


def test_an_exception_inside_an_action_is_raised_not_swallowed(
    bundled: RuleSet, bundled_network: RuleNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    durable = bundled_network.durable
    perform = durable._perform

    def failing(run: Any, spec: Any, matched: Any, handle: int) -> None:
        if spec.kind == "category":
            raise ValueError("injected failure")
        perform(run, spec, matched, handle)

    monkeypatch.setattr(durable, "_perform", failing)
    case = example("family_farm_poor_hires")
    with pytest.raises(DurableActionError) as err:
        evaluate(case, rules=bundled, backend="durable")
    assert isinstance(err.value.original, ValueError)
    assert err.value.action.startswith("category:")
    for shard in bundled_network.spec.shards:
        assert not durable.session_exists(shard.name)  # deleted in finally all the same
    monkeypatch.undo()
    assert summary(case, bundled) == summary(case, bundled)  # and the network still works


def test_the_definition_given_to_durable_is_a_copy(bundled_network: RuleNetwork) -> None:
    spec = bundled_network.spec
    assert bundled_network.durable.registered == spec.definition()
    for shard in spec.shards:  # durable deleted the `run` keys of the copy it was given
        assert all(isinstance(r["run"], str) for r in shard.definition.values())


def test_the_backend_host_starts_no_timer_threads(bundled: RuleSet) -> None:
    before = threading.active_count()
    DurableNetwork(compile_network(bundled))
    assert threading.active_count() == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_facts_hold_typed_scalars_only_and_no_missing_values(
    bundled_network: RuleNetwork, case: Case
) -> None:
    assert case.as_of is not None
    builder = FactBuilder(bundled_network.spec, case, case.as_of,
                          parameter_values(bundled_network.program, case.as_of))
    for shard in bundled_network.spec.shards:
        for fact in builder.for_shard(shard).facts:
            for key, value in fact.items():
                assert type(value) in (int, bool, str), (key, value)
                if type(value) is int:
                    assert -(2**62) < value < 2**62


def test_a_missing_fact_is_an_absent_key_and_gives_unknown(
    bundled: RuleSet, bundled_network: RuleNetwork
) -> None:
    day = date(2018, 6, 30)
    case = parse_case({"as_of": day.isoformat(), "applicant": {
        "kind": "person", "ventures": [{"kind": "individual_business", "status": "planned"}],
    }})  # poor or not: unknown
    builder = FactBuilder(bundled_network.spec, case, day,
                          parameter_values(bundled_network.program, day))
    facts = [f for s in bundled_network.spec.shards for f in builder.for_shard(s).facts]
    poor = next(f for f in facts if f["t"] == "c" and f["k"] == bundled_network.spec.category_keys[
        "poor_household_worker"])
    # both facts it reads are missing: no keys for them (the one extra key is the subject's
    # reference for the nested category poverty_status_counts, an object id)
    assert {k: v for k, v in poor.items() if k not in {"t", "k", "id", "o"}} == {
        k: poor["o"] for k in set(poor) - {"t", "k", "id", "o"}
    }
    assert len(poor) <= 5
    assert all(None not in f.values() for f in facts)
    report = evaluate(case, rules=bundled, backend="durable")
    decision = report.decision("poverty_startup_loan")
    assert decision.outcome.value == "unknown"
    assert "applicant.poor_household_labor" in decision.missing
