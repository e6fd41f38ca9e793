"""Engines by name, each compiled once per rule set fingerprint, cached by the registry."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest

from zyjob_rules import evaluate, load_ruleset
from zyjob_rules.engine.program import compile_ruleset
from zyjob_rules.engine.registry import ENGINES, EngineRegistry
from zyjob_rules.errors import EngineUnavailableError, UnknownEngineError
from zyjob_rules.explain.decision import Decision
from zyjob_rules.model import Case
from zyjob_rules.ruleset.checked import RuleSet
from zyjob_rules.ruleset.loader import bundled_ruleset
from zyjob_rules.ruleset.paths import bundled_rules_dir

CASE = {"applicant": {"kind": "person", "id": "p1"}}


class _Counting:
    built: ClassVar[list[RuleSet]] = []
    closed: ClassVar[list[RuleSet]] = []

    def __init__(self, ruleset: RuleSet) -> None:
        self._ruleset = ruleset
        _Counting.built.append(ruleset)

    name = "counting"

    @property
    def ruleset(self) -> RuleSet:
        return self._ruleset

    def decide(self, case: Case, as_of: date, trace: bool) -> list[Decision]:
        return []

    def close(self) -> None:
        _Counting.closed.append(self._ruleset)


@pytest.fixture
def registry() -> EngineRegistry:
    _Counting.built, _Counting.closed = [], []
    reg = EngineRegistry(capacity=2)
    reg.register("counting", _Counting, aliases=("count",))
    return reg


def test_an_engine_is_compiled_once_per_fingerprint(registry: EngineRegistry) -> None:
    rules = bundled_ruleset()
    first = registry.engine(rules, "counting")
    assert registry.engine(rules, "count") is first
    # the same files loaded again: same fingerprint, the same compiled engine
    assert registry.engine(load_ruleset(rules.directory), "counting") is first
    assert len(_Counting.built) == 1


def test_a_restricted_rule_set_gets_its_own_engine(registry: EngineRegistry) -> None:
    rules = bundled_ruleset()
    subset = replace(rules, rules=rules.rules[:1])
    assert subset.fingerprint != rules.fingerprint
    assert registry.engine(subset, "counting") is not registry.engine(rules, "counting")


def test_the_cache_is_bounded_and_never_closes_an_engine_in_use(
    registry: EngineRegistry,
) -> None:
    rules = bundled_ruleset()
    subsets = [replace(rules, rules=rules.rules[i : i + 1]) for i in range(3)]
    held = [registry.engine(subset, "counting") for subset in subsets]
    # capacity 2: the least recently used went
    assert [fp for _, fp in registry.cached()] == [s.fingerprint for s in subsets[1:]]
    registry.clear()
    assert list(registry.cached()) == []
    assert _Counting.closed == []  # whoever holds an engine keeps using it
    assert held[0].decide is not None


def test_unknown_and_unavailable_engines_are_typed_errors(registry: EngineRegistry) -> None:
    with pytest.raises(UnknownEngineError, match="unknown backend 'rete'") as caught:
        registry.engine(bundled_ruleset(), "rete")
    assert isinstance(caught.value, ValueError)
    registry.register("missing", "zyjob_rules.engine.no_such_module:Engine")
    with pytest.raises(EngineUnavailableError, match="'missing' engine is not available"):
        registry.engine(bundled_ruleset(), "missing")


def test_the_process_registry_names_the_three_backends() -> None:
    assert ENGINES.names()[:3] == ("python", "durable", "columnar")
    assert ENGINES.entry("scalar").name == "python"


def test_compile_ruleset_returns_the_registry_program() -> None:
    rules = bundled_ruleset()
    program = compile_ruleset(rules)
    assert compile_ruleset(load_ruleset(bundled_rules_dir())) is program


def test_evaluate_with_a_path_does_not_recompile(monkeypatch: pytest.MonkeyPatch) -> None:
    from zyjob_rules.engine import program as program_module

    directory: Path = bundled_rules_dir()
    evaluate(CASE, "2024-01-01", rules=directory, trace=False)
    calls: list[RuleSet] = []
    real = program_module.build_program
    monkeypatch.setattr(program_module, "build_program", lambda rs: calls.append(rs) or real(rs))
    for _ in range(3):
        evaluate(CASE, "2024-01-01", rules=directory, trace=False)
    assert calls == []


def test_unknown_backend_from_evaluate_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown backend 'nope'"):
        evaluate(CASE, "2024-01-01", backend="nope")


def test_the_scalar_engines_caches_live_on_its_program_not_on_the_rule_set() -> None:
    ruleset = bundled_ruleset()
    program = compile_ruleset(ruleset)
    day = date(2019, 3, 1)
    evaluate(CASE, as_of=day, rules=ruleset, trace=True)
    assert day in program.caches.evaluators and day in program.caches.params_at
    assert program.caches.trace is not None and program.caches.rule_statics
    scalar_keys = {"evaluators", "params_at", "rule_statics", "trace_cache"}
    assert scalar_keys.isdisjoint(ruleset._cache)
