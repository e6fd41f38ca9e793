"""durable_rules 2.0.28 itself: the hazards the backend fences, reproduced on a bare ruleset.

Each test shows a behaviour of durable that would corrupt or lose decisions if the backend did
not work around it; the fence is named in the docstring and tested in test_durable_fences.py or
test_durable_limits.py. Hazards that crash the process (invalid free on delete, a ruleset shared
between threads, ``assert_facts("[]")``, ``$m`` on a missing property) are not reproduced here:
they are undefined behaviour; docs/durable-backend.md describes them.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable
from typing import Any

import pytest

from zyjob_rules.engine.durable.errors import NetworkLimitError
from zyjob_rules.engine.durable.host import _host_class, load_durable
from zyjob_rules.engine.durable.limits import validate_ruleset

ENGINE, CORE = load_durable()
SID = "1"


class Bare:
    """One durable ruleset with named actions that log what fired; no timer threads."""

    def __init__(self, rules: dict[str, dict[str, Any]],
                 extra: dict[str, Callable[[Any], None]] | None = None) -> None:
        self.log: list[Any] = []
        actions: dict[str, Callable[[Any], None]] = {name: self._logger(name) for name in rules}
        actions.update(extra or {})
        definition = {name: dict(r, run=name) for name, r in rules.items()}
        self.host = _host_class(ENGINE)(actions)
        self.host.register_rulesets({"rs": copy.deepcopy(definition)})
        self.rs = self.host.get_ruleset("rs")

    def _logger(self, name: str) -> Callable[[Any], None]:
        def action(c: Any) -> None:
            self.log.append((name, sorted(v["id"] for v in c._m.values())))

        return action

    def assert_facts(self, *facts: dict[str, Any]) -> None:
        _code, state = CORE.assert_facts(self.rs._handle, json.dumps(
            [dict(f, sid=SID) for f in facts]
        ))
        self.rs.do_actions(state, lambda e, s: None)


def test_register_rulesets_deletes_the_run_keys_it_is_given() -> None:
    """Fence: the backend registers a deep copy and keeps its own definition."""
    definition = {"rs": {"r": {"all": [{"m": {"t": "x"}}], "run": "r"}}}
    host = _host_class(ENGINE)({"r": lambda c: None})
    host.register_rulesets(definition)
    assert "run" not in definition["rs"]["r"]


def test_exceptions_in_actions_are_swallowed_into_the_session_state() -> None:
    """Fence: every action captures its exception and the backend re-raises it."""

    def boom(c: Any) -> None:
        raise ValueError("boom")

    bare = Bare({"go": {"all": [{"m": {"t": "go"}}]}}, {"go": boom})
    bare.assert_facts({"id": "g", "t": "go"})  # returns normally
    state = bare.rs.get_state(SID)
    assert "boom" in state["exception"]
    bare.rs.delete_state(SID)


def test_a_plain_host_starts_two_timer_threads() -> None:
    """Fence: the backend's host does not start them (their dispatch would race its lock)."""
    before = threading.active_count()
    host = ENGINE.Host()
    try:
        assert threading.active_count() == before + 2
    finally:
        host._d_timer.cancel()
        host._t_timer.cancel()


def test_two_names_with_one_hash_are_one_property() -> None:
    """Fence: compile-time hash collision check (HashCollisionError)."""
    bare = Bare({"r": {"all": [{"m": {"$and": [{"t": "x"}, {"qmhb8xas": 1}]}}]}})
    bare.assert_facts({"id": "a", "t": "x", "07rmwnl3": 1})
    assert bare.log == [("r", ["a"])]
    bare.rs.delete_state(SID)


def test_more_than_64_matches_under_one_condition_fail_every_assert() -> None:
    """Fence: the stack bound of limits.py, and splitting into shards."""
    rules = {f"r{i}": {"all": [{"m": {"$and": [{"t": "y"}, {"$gt": {"p": i}}]}}]}
             for i in range(70)}
    bare = Bare(rules)
    with pytest.raises(Exception, match="error code: 303"):
        bare.assert_facts({"id": "b", "t": "y", "p": 100})
    with pytest.raises(NetworkLimitError, match="303"):  # what the backend does instead
        validate_ruleset("rs", {k: dict(v, run=k) for k, v in rules.items()})


def test_values_are_coerced_silently() -> None:
    """Fence: facts are built with typed values only (encoding.py)."""
    bare = Bare({"r": {"all": [{"m": {"$and": [{"t": "x"}, {"$gte": {"a": 10}}]}}]}})
    bare.assert_facts({"id": "a", "t": "x", "a": "9"})
    assert bare.log == [("r", ["a"])]  # "9" >= 10
    bare.rs.delete_state(SID)


def test_not_joins_miss_negated_facts_that_arrive_later() -> None:
    """Fence: no ``$not`` at all; "every item is false" is a chain of positive joins."""
    bare = Bare({
        "go": {"all": [{"m": {"t": "go"}}]},
        "open": {"all": [
            {"g": {"t": "g2"}}, {"i": {"t": "i"}},
            {"n$not": {"$and": [{"t": "if"}, {"x": {"i": "id"}}]}},
        ]},
    })
    bare.assert_facts({"id": "go", "t": "go"})
    bare.assert_facts({"id": "i0", "t": "i"}, {"id": "i1", "t": "i"})
    bare.assert_facts({"id": "e0", "t": "if", "x": "i0"})  # i0 is blocked from now on
    bare.assert_facts({"id": "g2", "t": "g2"})
    assert ("open", ["g2", "i0"]) in bare.log  # ... yet the rule fires for i0
    bare.rs.delete_state(SID)


def test_one_unmatched_fact_in_a_batch_makes_the_host_skip_all_actions() -> None:
    """Fence: the backend calls assert_facts itself and accepts "not handled"."""
    bare = Bare({"r": {"all": [{"m": {"t": "x"}}]}})
    with pytest.raises(ENGINE.MessageNotHandledException):
        bare.host.assert_facts("rs", [{"sid": SID, "id": "a", "t": "x"},
                                      {"sid": SID, "id": "b", "t": "nothing"}])
    assert bare.log == []  # the match of "a" never ran
    # No delete_state here: no action ran in this session, and deleting such a session frees
    # an uninitialised pointer (the abort the sentinel rule prevents; it did abort this test
    # now and then before this comment).
