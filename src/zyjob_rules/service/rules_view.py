"""What ``/v1/rules`` and ``/v1/parameters`` return: rules and parameters as data and in words.

Plain dicts of JSON values, read from the validated rule set (never from the rule files again).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from ..explain.decision import jsonable
from ..lang.nodes import Node, categories_used, params_used
from ..ruleset.checked import CheckedCondition, CheckedRule, RuleSet
from ..ruleset.parameters import Parameter


def rule_summary(rule: CheckedRule, day: date) -> dict[str, Any]:
    spec = rule.spec
    return {
        "id": spec.id,
        "clause": spec.clause,
        "title": {"zh": spec.title.zh, "en": spec.title.en},
        "beneficiary": spec.beneficiary,
        "kind": spec.kind.value,
        "effective": {
            "from": spec.effective.from_.isoformat(),
            "until": spec.effective.until.isoformat() if spec.effective.until else None,
        },
        "in_force": rule.in_force(day),
    }


def version_for(versions: list[CheckedRule], day: date) -> CheckedRule:
    """The version in force on ``day``, else the latest one."""
    for rule in versions:
        if rule.in_force(day):
            return rule
    return max(versions, key=lambda r: r.spec.effective.from_)


def _nodes(rule: CheckedRule, ruleset: RuleSet) -> Iterator[Node]:
    conditions = [*rule.scope, *rule.conditions, *rule.item_conditions]
    yield from (c.node for c in conditions)
    yield from (n for n in (rule.item_source, rule.amount, rule.item_amount) if n is not None)
    seen: set[str] = set()
    pending = [cid for c in conditions for cid in categories_used(c.node)]
    while pending:
        cid = pending.pop()
        if cid in seen or cid not in ruleset.categories:
            continue
        seen.add(cid)
        for cond in ruleset.categories[cid].conditions:
            yield cond.node
            pending += categories_used(cond.node)


def parameters_read(rule: CheckedRule, ruleset: RuleSet) -> list[str]:
    """Parameter ids the rule reads, its categories' included, in order of first use."""
    ids: dict[str, None] = {}
    for node in _nodes(rule, ruleset):
        for pid in params_used(node):
            ids.setdefault(pid, None)
    return list(ids)


def _condition_words(conditions: tuple[CheckedCondition, ...], lang: str) -> list[str]:
    return [
        f"{i}. {c.spec.label.zh if lang == 'zh' else c.spec.label.en}"
        for i, c in enumerate(conditions, 1)
    ]


_HEADINGS = {
    "zh": ("原文", "适用范围", "条件（须全部满足）", "逐项条件", "金额", "无金额"),
    "en": ("quote", "applies to", "conditions (all must hold)", "per-item conditions", "amount",
           "no amount"),
}


def rule_words(rule: CheckedRule, lang: str) -> str:
    """The rule in words for a reader: title, clause, quote, conditions by label, amount."""
    spec = rule.spec
    quote, scope, conds, per_item, amount, no_amount = _HEADINGS[lang]
    title = spec.title.zh if lang == "zh" else spec.title.en
    lines = [f"{spec.clause} {title} [{spec.id}]", f"{quote}: 「{spec.quote}」"]
    if rule.scope:
        lines += [f"{scope}:", *_condition_words(rule.scope, lang)]
    if rule.conditions:
        lines += [f"{conds}:", *_condition_words(rule.conditions, lang)]
    if spec.for_each is not None:
        label = spec.for_each.label.zh if lang == "zh" else spec.for_each.label.en
        lines += [f"{per_item} ({label}):", *_condition_words(rule.item_conditions, lang)]
    formula = spec.amount or (spec.for_each.amount if spec.for_each else None)
    lines.append(f"{amount}: {' '.join(formula.split())}" if formula else no_amount)
    return "\n".join(lines)


def rule_detail(rule: CheckedRule, ruleset: RuleSet, day: date) -> dict[str, Any]:
    """One rule: summary, words (zh, en), the rule as data, its parameters on ``day``."""
    return {
        **rule_summary(rule, day),
        "words": {"zh": rule_words(rule, "zh"), "en": rule_words(rule, "en")},
        "data": rule.spec.model_dump(mode="json", by_alias=True, exclude_none=True),
        "parameters": [
            parameter_view(ruleset.parameters[pid], day) for pid in parameters_read(rule, ruleset)
        ],
        "other_versions": [
            rule_summary(r, day) for r in ruleset.versions(rule.id) if r is not rule
        ],
    }


def parameter_view(param: Parameter, day: date) -> dict[str, Any]:
    """A parameter's value in force on ``day`` with its source; ``unset`` when the policy leaves
    it to other regulations, ``in_force: false`` when no value has taken effect yet."""
    pv = param.at(day)
    out: dict[str, Any] = {
        "id": param.id,
        "label": {"zh": param.label.zh, "en": param.label.en},
        "unit": param.unit.value,
        "in_force": pv is not None,
    }
    if pv is None:
        return out
    unset = pv.value is None or (
        isinstance(pv.value, dict) and any(v is None for v in pv.value.values())
    )
    out.update(
        value=jsonable(pv.value),
        unset=unset,
        effective_from=pv.effective_from.isoformat(),
        source=pv.source,
        note={"zh": pv.note.zh, "en": pv.note.en} if pv.note is not None else None,
    )
    return out
