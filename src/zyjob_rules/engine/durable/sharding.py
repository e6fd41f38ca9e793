"""Packing compiled units into shards: durable rulesets that each pass :mod:`.limits`.

Units are added to the current shard while it still fits (and holds fewer than
``limits.max_units_per_shard``); each shard carries the categories its rules read, transitively.
A rule that does not fit even alone is a :class:`CompileError` naming the limit it breaks.
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import CompileError, NetworkLimitError
from .limits import Limits, validate_ruleset
from .patterns import JsonObj
from .spec import SENTINEL, SENTINEL_RULE, CategoryUnit, RuleUnit, Shard


def pack_shards(
    units: list[RuleUnit],
    categories: dict[str, CategoryUnit],
    limits: Limits,
    property_names: Iterable[str],
) -> tuple[Shard, ...]:
    """Every rule unit in a shard, in order; at least one shard (the sentinel's) even if empty.

    ``property_names`` are the atoms' names, checked with each shard for hash collisions.
    """
    names = tuple(property_names)
    shards: list[Shard] = []
    current: list[RuleUnit] = []

    def close(group: list[RuleUnit]) -> None:
        name = f"zy{len(shards)}"
        definition, cat_keys = assemble(name, group, categories)
        validate_ruleset(name, definition, limits, extra_names=names)
        shards.append(Shard(name, tuple(u.key for u in group), tuple(cat_keys), definition))

    for unit in units:
        if current and len(current) < limits.max_units_per_shard:
            definition, _ = assemble("candidate", [*current, unit], categories)
            if fits(definition, limits):
                current.append(unit)
                continue
        if current:
            close(current)
        alone, _ = assemble(f"zy{len(shards)}", [unit], categories)
        try:  # a rule that does not fit even alone is named with the limit it breaks
            validate_ruleset(f"zy{len(shards)}", alone, limits)
        except NetworkLimitError as exc:
            raise CompileError(exc.shard, unit.rule.id, exc.message) from exc
        current = [unit]
    if current or not shards:
        close(current)
    return tuple(shards)


def category_closure(wanted: Iterable[str], units: dict[str, CategoryUnit]) -> list[str]:
    """The keys of the categories wanted and of those they read, in the order of their keys."""
    out: dict[str, None] = {}
    stack = list(wanted)
    while stack:
        key = stack.pop()
        if key in out:
            continue
        out[key] = None
        stack.extend(units[key].categories)
    return sorted(out, key=lambda k: int(k[1:]))


def assemble(
    name: str, units: list[RuleUnit], categories: dict[str, CategoryUnit]
) -> tuple[dict[str, JsonObj], list[str]]:
    """One durable ruleset: the sentinel, the categories the units need, then the units."""
    cat_keys = category_closure((c for u in units for c in u.categories), categories)
    definition: dict[str, JsonObj] = {SENTINEL_RULE: SENTINEL}
    for key in cat_keys:
        definition.update(categories[key].rules)
    for unit in units:
        definition.update(unit.rules)
    return definition, cat_keys


def fits(definition: dict[str, JsonObj], limits: Limits) -> bool:
    """Whether a candidate ruleset passes every limit."""
    try:
        validate_ruleset("candidate", definition, limits)
    except NetworkLimitError:
        return False
    return True
