"""The compile-time fences: every ruleset is checked against durable_rules' limits first.

These tests need no durable_rules: the checks run on the JSON form. test_durable_hazards.py
shows, against durable itself, what each check prevents.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from zyjob_rules.engine.durable import compile_network
from zyjob_rules.engine.durable.conditions import PropertyNames
from zyjob_rules.engine.durable.encoding import fnv1a_32
from zyjob_rules.engine.durable.errors import HashCollisionError, NetworkLimitError
from zyjob_rules.engine.durable.limits import Limits, names_in, validate_ruleset
from zyjob_rules.ruleset.checked import RuleSet

# Two names with one FNV-1a hash (found by search): durable treats them as one property.
COLLIDING = ("qmhb8xas", "07rmwnl3")


def rule(*patterns: Any) -> dict[str, Any]:
    return {"all": [{f"m{i}": p} for i, p in enumerate(patterns)], "run": "act"}


def fact(**tests: Any) -> dict[str, Any]:
    return {"$and": [{"t": "x"}, *({k: v} for k, v in tests.items())]}


def test_a_sound_ruleset_passes() -> None:
    validate_ruleset("s", {"r": rule(fact(a=1), {"$and": [{"t": "y"}, {"o": {"m0": "a"}}]})})


def test_colliding_names_exist_and_are_refused() -> None:
    a, b = COLLIDING
    assert a != b and fnv1a_32(a) == fnv1a_32(b)
    with pytest.raises(HashCollisionError) as err:
        validate_ruleset("s", {"r1": rule(fact(**{a: 1})), "r2": rule(fact(**{b: 2}))})
    assert set(err.value.names) == set(COLLIDING)
    # also between a property of the rules and one only the facts carry
    with pytest.raises(HashCollisionError):
        validate_ruleset("s", {"r1": rule(fact(**{a: 1}))}, extra_names=[b])


def test_the_name_allocator_skips_a_name_whose_hash_is_taken() -> None:
    names = PropertyNames()
    taken = "a3"
    names.hashes[fnv1a_32(taken)] = "someone_else"  # as if another name had a3's hash
    used: set[str] = set()
    got = [names.fresh(used) for _ in range(5)]
    assert got == ["a0", "a1", "a2", "a4", "a5"]


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ({"r": {"run": "act"}}, "no 'all'"),
        ({"r": {"all": [], "run": "act"}}, "no 'all'"),
        ({"r": rule(fact(a=1)) | {"run": lambda c: None}}, "bound by name"),
        ({"r": rule({"$and": []})}, "empty $and"),
        ({"r": rule({"$and": [{"t": "x"}, {"$or": []}]})}, "empty $or"),
        ({"r": rule({"$nex": {"a": 1}})}, "only tests absence"),
        ({"r": rule({"$and": [{"$nex": {"a": 1}}, {"$nex": {"b": 1}}]})}, "only tests absence"),
        ({"r": {"all": [{"m": fact(a=1)}, {"n$not": fact(b=1)}], "run": "act"}}, "negated"),
        ({"r": {"all": [{"m": fact(a=1)}, {"m": fact(b=1)}], "run": "act"}}, "alias"),
        ({"r": rule(fact(a={"$m": "b"}))}, "without testing that it exists"),
    ],
)
def test_malformed_rules_are_refused(definition: dict[str, Any], message: str) -> None:
    with pytest.raises(NetworkLimitError, match=re.escape(message)):
        validate_ruleset("s", definition)


def test_a_guarded_same_fact_comparison_passes() -> None:
    validate_ruleset("s", {"r": rule(fact(**{"$ex": {"b": 1}}, a={"$m": "b"}))})


def test_too_many_expression_entries_in_one_pattern() -> None:
    deep: Any = {"a": 1}
    for _ in range(15):  # each $and/$or costs two entries; durable stops at 31
        deep = {"$or": [deep, {"b": 2}]}
    with pytest.raises(NetworkLimitError, match="expression entries"):
        validate_ruleset("s", {"r": rule({"$and": [{"t": "x"}, deep]})})


def test_more_than_64_matches_under_one_condition_is_refused() -> None:
    # 70 rules whose tests all hold for one fact, below one shared condition: durable fails every
    # assert with error 303 (reproduced in test_durable_hazards.py).
    definition = {f"r{i}": rule({"$and": [{"t": "y"}, {"$gt": {"p": i}}]}) for i in range(70)}
    with pytest.raises(NetworkLimitError, match="error 303"):
        validate_ruleset("s", definition)
    small = {k: definition[k] for k in list(definition)[:40]}
    validate_ruleset("s", small)


def test_exclusive_equalities_do_not_count_against_the_stack() -> None:
    # 200 rules on distinct values of one property: a fact matches at most one of them.
    validate_ruleset("s", {f"r{i}": rule(fact(k=f"v{i}")) for i in range(200)})


def test_too_many_siblings_are_refused() -> None:
    definition = {f"r{i}": rule(fact(k=f"v{i}")) for i in range(300)}
    with pytest.raises(NetworkLimitError, match="conditions under one node"):
        validate_ruleset("s", definition)


def test_bundled_network_passes_every_check(bundled: RuleSet) -> None:
    spec = compile_network(bundled)
    for shard in spec.shards:
        before = copy.deepcopy(shard.definition)
        validate_ruleset(shard.name, shard.definition, extra_names=spec.property_names)
        assert shard.definition == before  # checking does not mutate
        assert "sentinel" in shard.definition
        for rule_def in shard.definition.values():
            assert rule_def["run"] in spec.actions
        assert names_in(shard.definition) <= set(spec.property_names) | {"m"}


def test_a_large_rule_set_is_split_into_shards_that_each_pass(all_nodes: RuleSet) -> None:
    tight = Limits(max_units_per_shard=4)
    spec = compile_network(all_nodes, tight)
    assert len(spec.shards) > 1
    seen: list[str] = []
    for shard in spec.shards:
        validate_ruleset(shard.name, shard.definition, tight, spec.property_names)
        assert len(shard.rule_keys) <= 4
        seen += shard.rule_keys
        # each shard carries the categories its rules need, so it works on its own
        for key in shard.rule_keys:
            assert spec.rule_units[key].categories <= set(shard.category_keys)
    assert seen == list(spec.rule_units)


def test_a_rule_too_big_even_alone_names_the_rule(all_nodes: RuleSet) -> None:
    with pytest.raises(NetworkLimitError) as err:
        compile_network(all_nodes, Limits(max_stack=3))
    assert err.value.rule is not None and err.value.rule.startswith("t_")
