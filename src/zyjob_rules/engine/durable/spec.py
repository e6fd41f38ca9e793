"""The compiled durable network as data: fact kinds and properties, actions, fact schemas, the
units compiled from each rule and category, the shards, and the :class:`NetworkSpec` that the host
(:mod:`.host`) registers and the fact builder (:mod:`.facts`) fills in.

Nothing here compiles anything: :mod:`.conditions` turns conditions into patterns,
:mod:`.compiler` builds the units, :mod:`.sharding` packs them into durable rulesets.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ...lang.nodes import Node
from ...ruleset.checked import CheckedRule
from .encoding import Encoding
from .patterns import JsonObj

# Fact kinds (property "t") and the fixed properties of facts.
RULE, ITEM, CATEGORY_INPUT = "r", "i", "c"
CATEGORY_VERDICT, NODE_VERDICT = "cv", "nv"
ITEM_FALSE, FALSE_UPTO = "if", "ac"
GO = "go"
FIXED_PROPERTIES = ("sid", "id", "t", "k", "s", "o", "v", "x", "j", "m")
ALIASES = ("f", "i", "c", "e", *(f"j{n}" for n in range(32)))  # j<n>: joined derived facts

SENTINEL_RULE = "sentinel"
SENTINEL_ACTION = "sentinel"

ActionKind = Literal[
    "sentinel", "category", "node", "verdict", "not_applicable", "item_false", "chain"
]

SENTINEL: JsonObj = {"all": [{"m": {"$and": [{"t": GO}, {"k": GO}]}}], "run": SENTINEL_ACTION}


@dataclass(frozen=True)
class ActionSpec:
    """What a named action does when durable fires it (the name is the ``run`` of the rule)."""

    kind: ActionKind
    target: str = ""
    value: bool = True

    @property
    def name(self) -> str:
        if self.kind == "sentinel":
            return SENTINEL_ACTION
        return f"{self.kind}:{self.target}:{int(self.value)}"


@dataclass
class Atom:
    """A value computed in Python and placed in a fact under ``props`` (two for decimals)."""

    props: tuple[str, ...]
    node: Node
    encoding: Encoding
    function: str
    categories: set[str] = field(default_factory=set)  # object atoms: categories to evaluate


@dataclass
class Schema:
    """The layout of one kind of fact: discriminators, and the atoms Python fills in."""

    kind: str
    key: str
    params: list[str]
    atoms: list[Atom] = field(default_factory=list)


@dataclass(frozen=True)
class RuleUnit:
    """Everything compiled from one rule version: its facts, durable rules and actions."""

    key: str
    rule: CheckedRule
    schema: Schema
    item_schema: Schema | None
    items_function: str | None
    rules: dict[str, JsonObj]
    actions: tuple[ActionSpec, ...]
    categories: frozenset[str]  # keys of the categories it reads (directly)


@dataclass(frozen=True)
class CategoryUnit:
    """Everything compiled from one category: its input fact, durable rules and actions."""

    key: str
    category_id: str
    schema: Schema
    rules: dict[str, JsonObj]
    actions: tuple[ActionSpec, ...]
    categories: frozenset[str]


@dataclass(frozen=True)
class Shard:
    """One durable ruleset: some rule units and the categories they need, within the limits."""

    name: str
    rule_keys: tuple[str, ...]
    category_keys: tuple[str, ...]
    definition: dict[str, JsonObj]


@dataclass(frozen=True)
class NetworkSpec:
    """The whole compiled network: units, shards, actions, and the atom functions they call."""

    ruleset_version: str
    rule_units: dict[str, RuleUnit]
    category_units: dict[str, CategoryUnit]
    category_keys: dict[str, str]  # category id -> key
    shards: tuple[Shard, ...]
    actions: dict[str, ActionSpec]
    functions: dict[str, Callable[..., Any]]
    property_names: frozenset[str]

    def definition(self) -> dict[str, dict[str, JsonObj]]:
        """All shards as durable's ``register_rulesets`` argument (a fresh copy each call)."""
        return {s.name: copy.deepcopy(s.definition) for s in self.shards}
