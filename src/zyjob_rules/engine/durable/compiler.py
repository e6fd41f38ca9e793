"""Compile a checked RuleSet into durable_rules rulesets (their JSON form) and fact schemas.

The division of labour (docs/durable-backend.md has the full story):

- Python computes *atoms*: the values a comparison reads (a field, a parameter in force, a
  duration, an aggregate over a list, arithmetic). Each atom is one property of a fact, encoded
  by :mod:`.encoding`. Atoms are compiled from the checked tree by the default engine's code
  generator (plain mode), never from rule text.
- The Rete network matches everything else: the comparisons and memberships on those atoms,
  ``and``/``or``/``not``/``if``, the conjunction of a rule's conditions, the "some item" /
  "every item" of ``for_each``, and the derived categories, which are chained: an action asserts
  the category's verdict as a fact, and the rules that use the category join on it.

Three-valued logic: every condition compiles to a *true* side and a *false* side (:data:`DNF`).
A missing fact is an absent key, on which every comparison fails, so neither side matches and
the condition stays unknown, as in the default engine.

Rules are packed into shards (separate durable rulesets) that each pass :mod:`.limits`.

The parts: :mod:`.spec` (the compiled network as data), :mod:`.conditions` (a condition's true
and false sides, a visitor over the language's nodes), :mod:`.rendering` (the JSON of a durable
rule), :mod:`.sharding` (units packed into rulesets); this module builds the units of each rule
and category and puts the network together.
"""

from __future__ import annotations

from ...lang.nodes import Node
from ...ruleset.checked import CheckedCategory, CheckedRule, RuleSet
from ..scalar.codegen import (
    ExpressionCompiler,
    ModuleBuilder,
    category_function,
    path_name,
    var_name,
)
from .conditions import MAX_TERMS, FactConditions, PropertyNames
from .limits import Limits
from .patterns import DNF, JsonObj
from .rendering import PRIORITY, Part, durable_rule
from .sharding import pack_shards
from .spec import (
    CATEGORY_INPUT,
    FALSE_UPTO,
    ITEM,
    ITEM_FALSE,
    RULE,
    SENTINEL_ACTION,
    ActionSpec,
    CategoryUnit,
    NetworkSpec,
    RuleUnit,
    Schema,
)


class _NetworkBuilder:
    """Builds the units of a rule set; owns the atom functions and the names of properties."""

    def __init__(self, ruleset: RuleSet, limits: Limits) -> None:
        self.ruleset = ruleset
        self.limits = limits
        self.names = PropertyNames()
        self.module = ModuleBuilder()
        self.plain = ExpressionCompiler(self.module, traced=False)
        self.category_keys = {cid: f"c{n}" for n, cid in enumerate(ruleset.categories)}
        self._lifts = 0
        self._function_names: set[str] = set()

    def category_key(self, cid: str) -> str:
        return self.category_keys[cid]

    def lift_key(self) -> str:
        self._lifts += 1
        return f"n{self._lifts}"

    def function(self, name: str, node: Node, params: list[str]) -> str:
        fname = f"atom_{name}"
        assert fname not in self._function_names
        self._function_names.add(fname)
        self.module.add_function(fname, params, [f"return {self.plain.expr(node)}"])
        return fname

    def _lift_rules(
        self, sb: FactConditions, rules: dict[str, JsonObj], actions: list[ActionSpec]
    ) -> None:
        # A lift may create further lifts while its own terms are rendered: none do, since the
        # DNF was already within the limits when lifted.
        for key, dnf in sb.lifts:
            action = ActionSpec("node", key)
            actions.append(action)
            for n, term in enumerate(dnf):
                rules[f"{key}.{n}"] = durable_rule([Part("f", sb.schema, term)], action)

    # categories ---------------------------------------------------------------------------
    def category_unit(self, cid: str, category: CheckedCategory) -> CategoryUnit:
        key = self.category_keys[cid]
        schema = Schema(CATEGORY_INPUT, key, ["root", "_p_root", "X"])
        sb = FactConditions(self, schema, cid)
        sides = [sb.checked(c) for c in category.conditions]
        if category.spec.combine == "any":
            t, f = sb.disj(*(s[0] for s in sides)), sb.conj(*(s[1] for s in sides))
        else:
            t, f = sb.conj(*(s[0] for s in sides)), sb.disj(*(s[1] for s in sides))
        rules: dict[str, JsonObj] = {}
        actions: list[ActionSpec] = []
        for value, dnf in ((True, t), (False, f)):
            action = ActionSpec("category", key, value)
            actions.append(action)
            for n, term in enumerate(dnf):
                rules[f"{key}.{'T' if value else 'F'}{n}"] = durable_rule(
                    [Part("f", schema, term)], action
                )
        self._lift_rules(sb, rules, actions)
        return CategoryUnit(key, cid, schema, rules, tuple(actions), frozenset(sb.categories))

    # rules --------------------------------------------------------------------------------
    def rule_unit(self, index: int, rule: CheckedRule) -> RuleUnit:
        """The durable rules deciding one rule version for one subject (its rule fact).

        ``applies_when`` (scope) surely false: not applicable. Otherwise, with the scope true,
        the conditions (and, per item, the item conditions: some item true, or every item
        false) give true or false; anything else stays unknown: no verdict fires.
        """
        key = f"r{index}"
        schema = Schema(RULE, key, ["root", "_p_root", "X"])
        sb = FactConditions(self, schema, rule.id)
        scope = [sb.checked(c) for c in rule.scope]
        in_scope = sb.conj(*(s[0] for s in scope))
        out_of_scope = sb.disj(*(s[1] for s in scope))
        sides = [sb.checked(c) for c in rule.conditions]
        rule_t = sb.conj(in_scope, *(s[0] for s in sides))
        rule_f = sb.conj(in_scope, sb.disj(*(s[1] for s in sides)))
        rules: dict[str, JsonObj] = {}
        yes, no = ActionSpec("verdict", key, True), ActionSpec("verdict", key, False)
        not_applicable = ActionSpec("not_applicable", key)
        actions: list[ActionSpec] = [yes, no, not_applicable]
        item_schema = None
        items_function = None
        ib = None
        if rule.item_source is not None and rule.spec.for_each is not None:
            var = rule.spec.for_each.as_
            item_schema = Schema(ITEM, key, ["root", "_p_root", var_name(var), path_name(var), "X"])
            ib = FactConditions(self, item_schema, rule.id)
            item_sides = [ib.checked(c) for c in rule.item_conditions]
            item_t = ib.conj(*(s[0] for s in item_sides))
            item_f = ib.disj(*(s[1] for s in item_sides))
            items_function = self.function(f"{key}_items", rule.item_source, schema.params)
            if len(rule_t) * len(item_t) > MAX_TERMS:
                if len(rule_t) >= len(item_t):
                    rule_t = sb.lift(rule_t)
                else:
                    item_t = ib.lift(item_t)
            link = ({"s": {"f": "id"}},)
            for m, rt in enumerate(rule_t):
                for n, it in enumerate(item_t):
                    rules[f"{key}.T{m}.{n}"] = durable_rule(
                        [Part("f", schema, rt), Part("i", item_schema, it, link)], yes
                    )
            # "Every item is false" is a chain of positive joins (see _every_item_false).
            item_false = ActionSpec("item_false", key)
            chain = ActionSpec("chain", key)
            actions += [item_false, chain]
            for n, it in enumerate(item_f):
                rules[f"{key}.IF{n}"] = durable_rule([Part("f", item_schema, it)], item_false)
            rules.update(_every_item_false(key, chain, no, schema, in_scope))
        else:
            for m, rt in enumerate(rule_t):
                rules[f"{key}.T{m}"] = durable_rule([Part("f", schema, rt)], yes)
        for m, rf in enumerate(rule_f):
            rules[f"{key}.F{m}"] = durable_rule([Part("f", schema, rf)], no)
        for m, na in enumerate(out_of_scope):
            rules[f"{key}.NA{m}"] = durable_rule([Part("f", schema, na)], not_applicable)
        self._lift_rules(sb, rules, actions)
        categories = set(sb.categories)
        if ib is not None:
            self._lift_rules(ib, rules, actions)
            categories |= ib.categories
        return RuleUnit(
            key,
            rule,
            schema,
            item_schema,
            items_function,
            rules,
            tuple(actions),
            frozenset(categories),
        )

    def category_functions(self) -> None:
        """``cat_<id>`` for atoms that use a category inside a value (e.g. in an aggregate)."""
        for cid, category in self.ruleset.categories.items():
            combine = "kor" if category.spec.combine == "any" else "kand"
            parts = ", ".join(self.plain.expr(c.node) for c in category.conditions)
            self.module.add_function(
                category_function(cid, False),
                ["root", "_p_root", "X"],
                [f"return rt.{combine}(({parts},))"],
            )


def _every_item_false(
    key: str, chain: ActionSpec, no: ActionSpec, schema: Schema, in_scope: DNF
) -> dict[str, JsonObj]:
    """ "Every item is false", by induction over the items, with positive joins only.

    Item facts carry their index ``j``, rule facts their number of items ``m``. Python asserts
    ``ac(j=0)`` ("the first 0 items are false") with each rule fact; an ``ac(j)`` and the
    false-record ``if`` of item ``j`` give ``ac(j+1)``; ``ac(j=m)`` (and the rule's scope)
    make the rule false. No ``$not``: durable 2.0.28 evaluates ``$not`` joins wrongly once
    the negated facts arrive after the facts they block (test_durable_hazards.py).
    """
    rules: dict[str, JsonObj] = {
        f"{key}.chain": {
            "all": [
                {"c": {"$and": [{"t": FALSE_UPTO}, {"k": key}]}},
                {
                    "e": {
                        "$and": [
                            {"t": ITEM_FALSE},
                            {"k": key},
                            {"s": {"c": "s"}},
                            {"j": {"c": "j"}},
                        ]
                    }
                },
            ],
            "pri": PRIORITY["chain"],
            "run": chain.name,
        },
    }
    every_item = {
        "c": {"$and": [{"t": FALSE_UPTO}, {"k": key}, {"s": {"f": "id"}}, {"j": {"f": "m"}}]}
    }
    for m, term in enumerate(in_scope):
        rule = durable_rule([Part("f", schema, term)], no)
        rule["all"].append(every_item)
        rules[f"{key}.allF{m}"] = rule
    return rules


def compile_network(ruleset: RuleSet, limits: Limits | None = None) -> NetworkSpec:
    """Compile every rule version and category of ``ruleset`` into validated durable rulesets."""
    limits = limits or Limits()
    net = _NetworkBuilder(ruleset, limits)
    categories = {
        net.category_keys[cid]: net.category_unit(cid, c) for cid, c in ruleset.categories.items()
    }
    units = [net.rule_unit(i, r) for i, r in enumerate(ruleset.rules)]
    net.category_functions()
    functions = net.module.compile()

    shards = pack_shards(units, categories, limits, net.names.hashes.values())
    actions: dict[str, ActionSpec] = {SENTINEL_ACTION: ActionSpec("sentinel")}
    for group in (*(c.actions for c in categories.values()), *(u.actions for u in units)):
        for a in group:
            actions[a.name] = a
    return NetworkSpec(
        ruleset.version,
        {u.key: u for u in units},
        categories,
        dict(net.category_keys),
        shards,
        actions,
        functions,
        frozenset(net.names.hashes.values()),
    )
