"""One table of built-in functions feeds the checker, the code generator and the engines."""

from __future__ import annotations

import pytest

from zyjob_rules.engine.scalar import runtime
from zyjob_rules.lang import checker
from zyjob_rules.lang.builtins import AGGREGATES, BUILTINS, DURATIONS, builtin


def test_the_checker_admits_exactly_the_tabled_functions() -> None:
    assert frozenset(BUILTINS) == checker.FUNCTIONS
    assert {"count", "sum", "any", "all", "first", "min", "max"} == AGGREGATES


def test_every_duration_has_a_runtime_counter_and_shift() -> None:
    assert {"months_between", "years_between", "days_between"} == DURATIONS
    for name in DURATIONS:
        assert name in runtime.DURATION
        assert name in runtime.SHIFT
        assert builtin(name).unit is not None and builtin(name).shift is not None


def test_reads_as_of_only_where_an_argument_defaults_to_it() -> None:
    covered = builtin("covered_months")
    assert covered.reads_as_of(1) and not covered.reads_as_of(2)
    assert not any(b.reads_as_of(b.max_args) for b in BUILTINS.values())


@pytest.mark.parametrize("name", sorted(BUILTINS))
def test_arity_in_the_table_is_what_the_checker_enforces(name: str) -> None:
    entry = builtin(name)
    if entry.family == "special" or (entry.aggregate and entry.family == "aggregate"):
        return  # param() and date() take literals; aggregates take a generator
    scope = checker.Scope({}, {}, {})
    too_many = ", ".join(["1"] * (entry.max_args + 1))
    with pytest.raises(checker.LangError, match="argument"):
        checker.parse_expression(f"{name}({too_many})", scope)
