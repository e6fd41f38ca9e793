"""The text of ``rules list`` (one line per rule version, then the settings) and ``rules show``
(one rule in full: quote, conditions, categories, amount, parameters with values and sources).

Facts come from :mod:`zyjob_rules.ruleset.queries`, words from
:mod:`zyjob_rules.explain.words.rule_listing`; this module only lays them out.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from ..explain.words.rule_listing import (
    BENEFICIARY,
    HEADER,
    KIND,
    STATUS_WORDS,
    UNIT,
    WORDS,
)
from ..ruleset.checked import CheckedCondition, CheckedRule, RuleSet
from ..ruleset.parameters import Parameter, ParamValue
from ..ruleset.queries import (
    AmountInfo,
    amount_status,
    categories_of,
    clause_order,
    parameters_of,
    rule_nodes,
)
from ..ruleset.schema import Unit


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _period(rule: CheckedRule, lang: str) -> str:
    eff = rule.spec.effective
    w = WORDS[lang]
    if eff.until is None:
        return w["since"].format(start=eff.from_.isoformat())
    return w["period"].format(start=eff.from_.isoformat(), end=eff.until.isoformat())


def _amount_words(info: AmountInfo, lang: str) -> str:
    text = STATUS_WORDS[lang][info.status]
    return text + (WORDS[lang]["partly"] if info.partly_unset else "")


def _scalar(value: Any, unit: Unit, lang: str) -> str:
    if value is None:
        return WORDS[lang]["unset"]
    if unit is Unit.rate:
        percent = format(value * 100, "f")
        if "." in percent:
            percent = percent.rstrip("0").rstrip(".")
        return f"{value} ({percent}%)"
    suffix = UNIT[lang][unit]
    return f"{value} {suffix}".strip()


def _param_value(param: Parameter, pv: ParamValue, lang: str) -> str:
    if isinstance(pv.value, dict):
        return ", ".join(f"{k}={_scalar(v, param.unit, lang)}" for k, v in pv.value.items())
    return _scalar(pv.value, param.unit, lang)


def _label(labels: Any, lang: str) -> str:
    return str(labels.zh if lang == "zh" else labels.en)


def _title(rule: CheckedRule, lang: str) -> str:
    return _label(rule.spec.title, lang)


def render_list(ruleset: RuleSet, day: date, lang: str) -> str:
    """The ``rules list`` table."""
    rules = sorted(ruleset.rules, key=clause_order)
    rows = [HEADER[lang]]
    for rule in rules:
        info = amount_status(rule, ruleset.parameters, day)
        rows.append(
            (
                rule.spec.clause,
                rule.id,
                BENEFICIARY[lang][rule.spec.beneficiary],
                KIND[lang][rule.spec.kind.value],
                _amount_words(info, lang),
                _period(rule, lang),
                _title(rule, lang),
            )
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = [
        "  ".join([*(_pad(cell, widths[i]) for i, cell in enumerate(row[:-1])), row[-1]])
        for row in rows
    ]
    lines += [*render_settings(ruleset, day, lang), ""]
    lines.append(
        WORDS[lang]["total"].format(
            n=len(ruleset.rule_ids()),
            versions=len(rules),
            day=day.isoformat(),
            version=ruleset.version,
        )
    )
    return "\n".join(lines) + "\n"


def render_settings(ruleset: RuleSet, day: date, lang: str) -> list[str]:
    """The settings (flag parameters) with their values, then the parameters left unset."""
    w = WORDS[lang]
    params = sorted(ruleset.parameters.values(), key=lambda p: p.id)
    lines = ["", (w["settings"].format(day=day.isoformat()) + w["sep"]).rstrip()]
    for param in params:
        if param.unit is Unit.flag:
            lines += _parameter_lines(param, day, lang)
    lines += ["", (w["unset_params"] + w["sep"]).rstrip()]
    for param in params:
        pv = param.at(day)
        if pv is not None and pv.value is None:
            lines.append(f"  {param.id}" + w["paren"].format(text=_label(param.label, lang)))
    return lines


def _conditions_lines(
    conditions: tuple[CheckedCondition, ...], lang: str, indent: str
) -> list[str]:
    w = WORDS[lang]
    out = []
    for i, cond in enumerate(conditions, 1):
        out.append(f"{indent}{i}. [{cond.spec.id}] {_label(cond.spec.label, lang)}")
        expression = " ".join(cond.spec.when.split())
        out.append(f"{indent}   {w['expression']}{w['sep']}{expression}")
    return out


def render_rule(rule: CheckedRule, ruleset: RuleSet, day: date, lang: str) -> str:
    """The ``rules show`` text of one rule version."""
    w = WORDS[lang]
    spec = rule.spec
    sep = w["sep"]
    lines = [f"{spec.id} — {_title(rule, lang)}"]
    lines.append(
        f"{w['clause']}{sep}{spec.clause}  {w['beneficiary']}{sep}"
        f"{BENEFICIARY[lang][spec.beneficiary]}  {w['kind']}{sep}{KIND[lang][spec.kind.value]}"
    )
    if spec.lead_department:
        lines.append(f"{w['lead']}{sep}{spec.lead_department}")
    period = _period(rule, lang)
    if not rule.in_force(day):
        period += w["not_in_force"].format(day=day.isoformat())
    lines.append(f"{w['effective']}{sep}{period}")
    others = [r for r in ruleset.versions(rule.id) if r is not rule]
    if others:
        lines.append(f"{w['other_versions']}{sep}" + "; ".join(_period(r, lang) for r in others))
    lines.append(f"{w['quote']}{sep}{w['open']}{spec.quote}{w['close']}")
    if rule.scope:
        lines.append(f"{w['scope']}{sep}")
        lines += _conditions_lines(rule.scope, lang, "  ")
    if rule.conditions:
        lines.append(f"{w['conditions']}{sep}")
        lines += _conditions_lines(rule.conditions, lang, "  ")
    if spec.for_each is not None:
        fe = spec.for_each
        lines.append(w["for_each"].format(items=fe.items, label=_label(fe.label, lang)) + sep)
        lines += _conditions_lines(rule.item_conditions, lang, "  ")
    categories = categories_of(rule_nodes(rule), ruleset)
    if categories:
        lines.append(f"{w['categories']}{sep}")
        for category in categories:
            cs = category.spec
            combine = w["combine_any"] if cs.combine == "any" else w["combine_all"]
            title = f"{w['open']}{_label(cs.title, lang)}{w['close']}"
            lines.append(f"  {cs.id} {title} {cs.clause}" + w["paren"].format(text=combine))
            lines += _conditions_lines(category.conditions, lang, "    ")
    info = amount_status(rule, ruleset.parameters, day)
    amount = _amount_words(info, lang)
    if info.expression is not None:
        amount += f"{sep}{' '.join(info.expression.split())}"
        amount += w["per_item"] if info.per_item else ""
        amount += w["maximum"] if spec.amount_is_maximum else ""
    lines.append(f"{w['amount']}{sep}{amount}")
    lines.append(w["params"].format(day=day.isoformat()) + sep)
    pids = parameters_of(rule, ruleset)
    if not pids:
        lines.append(f"  {w['no_params']}")
    for pid in pids:
        lines += _parameter_lines(ruleset.parameters[pid], day, lang)
    if spec.not_cumulative_with:
        lines.append(f"{w['not_cumulative']}{sep}{', '.join(spec.not_cumulative_with)}")
    if spec.caveat is not None:
        lines.append(f"{w['caveat']}{sep}{_label(spec.caveat, lang)}")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _parameter_lines(param: Parameter, day: date, lang: str) -> list[str]:
    w = WORDS[lang]
    sep = w["sep"]
    head = f"  {param.id}" + w["paren"].format(text=_label(param.label, lang))
    pv = param.at(day)
    if pv is None:
        return [f"{head} = {w['no_value']}"]
    lines = [
        f"{head} = {_param_value(param, pv, lang)}, "
        + w["from"].format(day=pv.effective_from.isoformat())
    ]
    lines.append(f"    {w['source']}{sep}{pv.source}")
    if pv.note is not None:
        lines.append(f"    {w['note']}{sep}{_label(pv.note, lang)}")
    return lines
