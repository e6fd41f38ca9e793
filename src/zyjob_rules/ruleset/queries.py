"""Questions asked of a checked rule set, answered as data: what a rule reads, how it pays.

Used by ``rules list`` / ``rules show`` and by anyone inspecting rules; nothing here renders text.

The amount status is derived, never declared: from the rule's amount expression and the values
its parameters have on a given day. See :func:`amount_status`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..lang.nodes import Const, Node, ParamRef, categories_used, params_used
from .checked import CheckedCategory, CheckedRule, RuleSet
from .parameters import Parameter
from .schema import CLAUSES


class AmountStatus(StrEnum):
    """How a rule's amount is determined on a given day."""

    none = "none"  # no amount: a priority, an obligation, a target
    fixed = "fixed"  # a figure from a parameter (per rule or per item, possibly by key)
    formula = "formula"  # computed from the case: a rate times a base, a capped request, ...
    other_regulations = "other_regulations"  # a parameter it needs is explicitly unset
    not_in_force = "not_in_force"  # a parameter it needs has no value yet on that day


@dataclass(frozen=True)
class AmountInfo:
    """A rule's amount on one day: its status, its expression text, and how it applies."""

    status: AmountStatus
    expression: str | None
    per_item: bool
    partly_unset: bool  # a keyed parameter with some keys unset (e.g. technician levels)


def amount_status(rule: CheckedRule, parameters: dict[str, Parameter], day: date) -> AmountInfo:
    """How the rule's amount is determined on ``day``.

    No amount expression: ``none``. A parameter the amount reads has no value yet on ``day``:
    ``not_in_force``; is explicitly unset (every key, for a keyed one): ``other_regulations``.
    Otherwise a bare parameter or constant is ``fixed`` and anything else (arithmetic, caps,
    values read from the case) is ``formula``.
    """
    node = rule.amount if rule.amount is not None else rule.item_amount
    per_item = rule.amount is None and rule.item_amount is not None
    if node is None:
        return AmountInfo(AmountStatus.none, None, False, False)
    expression = rule.spec.amount if rule.amount is not None else _item_amount_text(rule)
    partly = False
    for pid in params_used(node):
        value = parameters[pid].at(day)
        if value is None:
            return AmountInfo(AmountStatus.not_in_force, expression, per_item, False)
        if isinstance(value.value, dict):
            unset = [k for k, v in value.value.items() if v is None]
            if len(unset) == len(value.value):
                return AmountInfo(AmountStatus.other_regulations, expression, per_item, False)
            partly = partly or bool(unset)
        elif value.value is None:
            return AmountInfo(AmountStatus.other_regulations, expression, per_item, False)
    status = AmountStatus.fixed if isinstance(node, ParamRef | Const) else AmountStatus.formula
    return AmountInfo(status, expression, per_item, partly)


def _item_amount_text(rule: CheckedRule) -> str | None:
    fe = rule.spec.for_each
    return fe.amount if fe is not None else None


def rule_nodes(rule: CheckedRule) -> Iterator[Node]:
    """Every checked expression of a rule: conditions, items, item conditions, amounts."""
    yield from (c.node for c in rule.scope)
    yield from (c.node for c in rule.conditions)
    if rule.item_source is not None:
        yield rule.item_source
    yield from (c.node for c in rule.item_conditions)
    if rule.amount is not None:
        yield rule.amount
    if rule.item_amount is not None:
        yield rule.item_amount


def categories_of(nodes: Iterable[Node], ruleset: RuleSet) -> list[CheckedCategory]:
    """The categories the expressions use, directly or through other categories, in order."""
    seen: dict[str, CheckedCategory] = {}
    stack = [cid for n in nodes for cid in categories_used(n)]
    while stack:
        cid = stack.pop(0)
        if cid in seen or cid not in ruleset.categories:
            continue
        category = ruleset.categories[cid]
        seen[cid] = category
        stack += [u for c in category.conditions for u in categories_used(c.node)]
    return list(seen.values())


def parameters_of(rule: CheckedRule, ruleset: RuleSet) -> list[str]:
    """Parameter ids the rule reads, its categories' included, in order of first use."""
    nodes = list(rule_nodes(rule))
    for category in categories_of(nodes, ruleset):
        nodes += [c.node for c in category.conditions]
    ids: dict[str, None] = {}
    for node in nodes:
        for pid in params_used(node):
            ids.setdefault(pid, None)
    return list(ids)


def clause_order(rule: CheckedRule) -> tuple[int, str, date]:
    """Sort key: the order of the policy's clauses, then rule id, then effective date."""
    return (CLAUSES.index(rule.spec.clause), rule.id, rule.spec.effective.from_)


def version_for(versions: list[CheckedRule], day: date) -> CheckedRule:
    """The version in force on ``day``, else the latest one (``versions`` is not empty)."""
    for rule in versions:
        if rule.in_force(day):
            return rule
    return max(versions, key=lambda r: r.spec.effective.from_)
