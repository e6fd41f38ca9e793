"""Build the facts of one evaluation: typed, flat, and without keys for missing values.

For each subject (the applicant; each member of a household) and each rule version in force
whose beneficiary it is, one rule fact (``t: "r"``) and, for ``for_each`` rules, one item fact
per item (``t: "i"``, linked by ``s``). Objects that a rule reads a category of get a category
fact (``t: "c"``) per category, keyed by an object key (``o``); the Rete network derives the
category's verdict from it. Atom values come from functions compiled from the checked tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ...model import Case
from ..scalar.context import Context, Subject, subjects_of
from ..scalar.runtime import EvaluationError
from .encoding import encode_scalar, scaled
from .errors import FactEncodingError
from .spec import (
    CATEGORY_INPUT,
    FALSE_UPTO,
    ITEM,
    RULE,
    Atom,
    NetworkSpec,
    RuleUnit,
    Schema,
    Shard,
)

Fact = dict[str, Any]
NO_OBJECT = "-"


@dataclass(frozen=True)
class RuleFact:
    """Which rule version and subject a rule fact stands for."""

    unit: RuleUnit
    subject: Subject


@dataclass
class ShardFacts:
    facts: list[Fact]
    rule_facts: dict[str, RuleFact] = field(default_factory=dict)


class FactBuilder:
    """Facts of one case on one date, for any shard of a network."""

    def __init__(self, spec: NetworkSpec, case: Case, as_of: date, params: dict[str, Any]) -> None:
        self.spec = spec
        self.as_of = as_of
        self.subjects = subjects_of(case)
        self.x = Context(as_of, params, None)
        self._object_keys: dict[int, str] = {}
        self._objects: list[Any] = []  # keeps keyed objects alive, so their ids stay unique
        self._category_facts: dict[tuple[str, str], tuple[Fact, list[tuple[str, Any]]]] = {}
        self._ids = 0

    def _id(self, prefix: str) -> str:
        self._ids += 1
        return f"{prefix}{self._ids}"

    def object_key(self, obj: Any) -> str:
        key = self._object_keys.get(id(obj))
        if key is None:
            key = f"o{len(self._objects)}"
            self._object_keys[id(obj)] = key
            self._objects.append(obj)
        return key

    def for_shard(self, shard: Shard) -> ShardFacts:
        out = ShardFacts([])
        wanted: list[tuple[str, Any]] = []
        for subject in self.subjects:
            for key in shard.rule_keys:
                unit = self.spec.rule_units[key]
                if unit.rule.spec.beneficiary != subject.kind or not unit.rule.in_force(self.as_of):
                    continue
                root, path = subject.obj, subject.path
                fid = self._id("r")
                fact = self._fact(unit.schema, (root, path), RULE, unit.key, fid, wanted)
                out.facts.append(fact)
                out.rule_facts[fid] = RuleFact(unit, subject)
                if unit.item_schema is not None and unit.items_function is not None:
                    items = self.spec.functions[unit.items_function](root, path, self.x)
                    fact["m"] = len(items)
                    out.facts.append(
                        {"t": FALSE_UPTO, "k": unit.key, "id": self._id("a"), "s": fid, "j": 0}
                    )
                    for j, item in enumerate(items):
                        item_fact = self._fact(
                            unit.item_schema,
                            (root, path, item, None),
                            ITEM,
                            unit.key,
                            self._id("i"),
                            wanted,
                        )
                        item_fact["s"] = fid
                        item_fact["j"] = j
                        out.facts.append(item_fact)
        in_shard = set(shard.category_keys)
        seen: set[tuple[str, str]] = set()
        while wanted:
            cat_key, obj = wanted.pop()
            okey = self.object_key(obj)
            if cat_key not in in_shard or (cat_key, okey) in seen:
                continue
            seen.add((cat_key, okey))
            fact = self._category_fact(cat_key, obj, okey, wanted)
            out.facts.append(fact)
        return out

    def _category_fact(
        self, cat_key: str, obj: Any, okey: str, wanted: list[tuple[str, Any]]
    ) -> Fact:
        """The category fact of ``obj`` (built once per evaluation, shared by the shards)."""
        cached = self._category_facts.get((cat_key, okey))
        if cached is None:
            needs: list[tuple[str, Any]] = []
            unit = self.spec.category_units[cat_key]
            fact = self._fact(
                unit.schema, (obj, None), CATEGORY_INPUT, cat_key, self._id("c"), needs
            )
            fact["o"] = okey
            cached = (fact, needs)
            self._category_facts[(cat_key, okey)] = cached
        wanted.extend(cached[1])
        return cached[0]

    def _fact(
        self,
        schema: Schema,
        args: tuple[Any, ...],
        kind: str,
        key: str,
        fid: str,
        wanted: list[tuple[str, Any]],
    ) -> Fact:
        fact: Fact = {"t": kind, "k": key, "id": fid}
        for atom in schema.atoms:
            try:
                value = self.spec.functions[atom.function](*args, self.x)
            except EvaluationError:
                # e.g. a division by zero in a branch the rule does not take: the default
                # engine never computes it; here it is an absent value. Where the rule does
                # need it, the default engine raises the same error first.
                continue
            if value is None:
                if atom.encoding == "object":
                    # A join on a missing property is undefined in durable's beta network: the
                    # key of no object keeps it defined, and matches no category verdict.
                    fact[atom.props[0]] = NO_OBJECT
                continue
            self._put(fact, atom, value, wanted)
        return fact

    def _put(self, fact: Fact, atom: Atom, value: Any, wanted: list[tuple[str, Any]]) -> None:
        if atom.encoding == "object":
            fact[atom.props[0]] = self.object_key(value)
            wanted.extend((c, value) for c in atom.categories)
        elif atom.encoding == "dec":
            try:
                lo, hi = scaled(value)
            except FactEncodingError as exc:
                raise FactEncodingError(f"{atom.node.src}: {exc}") from exc
            fact[atom.props[0]], fact[atom.props[1]] = lo, hi
        else:
            try:
                fact[atom.props[0]] = encode_scalar(atom.encoding, value)
            except FactEncodingError as exc:
                raise FactEncodingError(f"{atom.node.src}: {exc}") from exc
