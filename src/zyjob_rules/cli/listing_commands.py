"""``rules list`` and ``rules show``: what the rule set encodes, read by policy staff.

``rules list`` prints one line per rule (each dated version): clause, id, beneficiary, kind,
amount status and effective period. ``rules show ID`` prints one rule in full: title, clause,
quote, conditions in words with their expressions, the categories they use, the amount, and
every parameter involved with its value on the chosen date and its source.

The amount status is derived, never declared: from the rule's amount expression and the values
its parameters have on ``--as-of`` (default today). See :func:`amount_status`.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from ..api import load_ruleset
from ..assessment_date import today
from ..lang.nodes import Const, Node, ParamRef, categories_used, params_used
from ..ruleset.checked import CheckedCategory, CheckedCondition, CheckedRule, RuleSet
from ..ruleset.errors import RuleSetError
from ..ruleset.parameters import Parameter, ParamValue
from ..ruleset.schema import CLAUSES, Unit
from .rule_commands import _iso_date, print_ruleset_error


class AmountStatus(StrEnum):
    """How a rule's amount is determined on a given day."""

    none = "none"  # no amount: a priority, an obligation, a target
    fixed = "fixed"  # a figure from a parameter (per rule or per item, possibly by key)
    formula = "formula"  # computed from the case: a rate times a base, a capped request, ...
    other_regulations = "other_regulations"  # a parameter it needs is explicitly unset
    not_in_force = "not_in_force"  # a parameter it needs has no value yet on that day


@dataclass(frozen=True)
class AmountInfo:
    status: AmountStatus
    expression: str | None
    per_item: bool
    partly_unset: bool  # a keyed parameter with some keys unset (e.g. technician levels)


STATUS_WORDS = {
    "zh": {
        AmountStatus.none: "无金额",
        AmountStatus.fixed: "固定标准",
        AmountStatus.formula: "按公式计算",
        AmountStatus.other_regulations: "按其他规定确定",
        AmountStatus.not_in_force: "参数尚未生效",
    },
    "en": {
        AmountStatus.none: "none",
        AmountStatus.fixed: "fixed",
        AmountStatus.formula: "formula",
        AmountStatus.other_regulations: "set by other regulations",
        AmountStatus.not_in_force: "no value in force",
    },
}
BENEFICIARY = {
    "zh": {"person": "个人", "household": "家庭", "organisation": "单位"},
    "en": {"person": "person", "household": "household", "organisation": "organisation"},
}
KIND = {
    "zh": {
        "entitlement": "补贴奖补",
        "loan": "贷款",
        "priority": "优先/同等待遇",
        "discretionary": "酌情（可）",
        "obligation": "义务",
        "target": "目标",
    },
    "en": {
        "entitlement": "entitlement",
        "loan": "loan",
        "priority": "priority",
        "discretionary": "discretionary",
        "obligation": "obligation",
        "target": "target",
    },
}
UNIT = {
    "zh": {
        Unit.yuan: "元",
        Unit.rate: "",
        Unit.months: "个月",
        Unit.years: "年",
        Unit.days: "天",
        Unit.quantity: "",
        Unit.flag: "",
    },
    "en": {
        Unit.yuan: "yuan",
        Unit.rate: "",
        Unit.months: "months",
        Unit.years: "years",
        Unit.days: "days",
        Unit.quantity: "",
        Unit.flag: "",
    },
}
HEADER = {
    "zh": ("条款", "规则", "对象", "类型", "金额", "施行期间", "名称"),
    "en": ("clause", "rule", "beneficiary", "kind", "amount", "effective", "title"),
}
WORDS = {
    "zh": {
        "since": "{start} 起",
        "period": "{start} 至 {end}",
        "total": "共 {n} 条规则（{versions} 个版本）；参数取值日 {day}；规则版本 {version}",
        "clause": "条款",
        "beneficiary": "对象",
        "kind": "类型",
        "lead": "牵头单位",
        "effective": "施行期间",
        "not_in_force": "（{day} 不在施行期间内）",
        "other_versions": "其他版本",
        "quote": "原文",
        "scope": "适用范围（任一不满足即“不适用”）",
        "conditions": "条件（须全部满足）",
        "for_each": "逐项条件（{items}，{label}；至少一项满足，金额逐项相加）",
        "expression": "表达式",
        "categories": "引用的类别",
        "combine_any": "任一条件满足即可",
        "combine_all": "须全部满足",
        "amount": "金额",
        "per_item": "（每项）",
        "maximum": "（最高额）",
        "partly": "（部分等级按其他规定确定）",
        "params": "参数（{day} 的取值）",
        "no_params": "（不使用参数）",
        "unset": "未设定",
        "no_value": "该日尚无取值",
        "from": "{day} 起",
        "source": "来源",
        "note": "说明",
        "not_cumulative": "不重复享受",
        "settings": "设定（政策解读的选择，{day} 的取值；业务人员可增加带日期和来源的新取值）",
        "unset_params": "未设定的参数（按其他规定确定，确认来源后填入）",
        "caveat": "提示",
        "sep": "：",
        "open": "「",
        "close": "」",
        "paren": "（{text}）",
    },
    "en": {
        "since": "from {start}",
        "period": "{start} to {end}",
        "total": "{n} rule(s) ({versions} version(s)); parameters as of {day}; ruleset {version}",
        "clause": "clause",
        "beneficiary": "beneficiary",
        "kind": "kind",
        "lead": "lead department",
        "effective": "effective",
        "not_in_force": " (not in force on {day})",
        "other_versions": "other versions",
        "quote": "quote",
        "scope": "applies to (if one fails: not applicable)",
        "conditions": "conditions (all must hold)",
        "for_each": "per-item conditions ({items}, {label}; at least one item, amounts summed)",
        "expression": "expression",
        "categories": "categories used",
        "combine_any": "any one condition suffices",
        "combine_all": "all conditions must hold",
        "amount": "amount",
        "per_item": " (per item)",
        "maximum": " (a ceiling)",
        "partly": " (some keys set by other regulations)",
        "params": "parameters (values on {day})",
        "no_params": "(no parameters)",
        "unset": "unset",
        "no_value": "no value yet on that day",
        "from": "from {day}",
        "source": "source",
        "note": "note",
        "not_cumulative": "not cumulative with",
        "settings": "settings (contested readings, values on {day}; "
        "staff add a dated value with its source)",
        "unset_params": "unset parameters (set by other regulations; "
        "enter once the source is confirmed)",
        "caveat": "caveat",
        "sep": ": ",
        "open": "“",
        "close": "”",
        "paren": " ({text})",
    },
}


# -- deriving facts about rules --------------------------------------------------------------
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


def _clause_order(rule: CheckedRule) -> tuple[int, str, date]:
    return (CLAUSES.index(rule.spec.clause), rule.id, rule.spec.effective.from_)


# -- text helpers ----------------------------------------------------------------------------
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


# -- the commands ----------------------------------------------------------------------------
def _load(args: argparse.Namespace) -> RuleSet | None:
    try:
        return load_ruleset(args.rules) if args.rules else load_ruleset()
    except RuleSetError as exc:
        print_ruleset_error(exc)
        return None


def render_list(ruleset: RuleSet, day: date, lang: str) -> str:
    """The ``rules list`` table."""
    rules = sorted(ruleset.rules, key=_clause_order)
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


def _version_for(versions: list[CheckedRule], day: date) -> CheckedRule:
    for rule in versions:
        if rule.in_force(day):
            return rule
    return max(versions, key=lambda r: r.spec.effective.from_)


def _list(args: argparse.Namespace) -> int:
    ruleset = _load(args)
    if ruleset is None:
        return 1
    print(render_list(ruleset, args.as_of or today(), args.lang), end="")
    return 0


def _show(args: argparse.Namespace) -> int:
    ruleset = _load(args)
    if ruleset is None:
        return 1
    versions = ruleset.versions(args.rule_id)
    if not versions:
        close = difflib.get_close_matches(args.rule_id, ruleset.rule_ids(), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        print(f"error: no rule with id '{args.rule_id}'{hint}", file=sys.stderr)
        return 1
    day = args.as_of or today()
    print(render_rule(_version_for(versions, day), ruleset, day, args.lang), end="")
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument(
        "--as-of",
        type=_iso_date,
        default=None,
        help="date of the parameter values YYYY-MM-DD (default: today)",
    )
    p.add_argument("--rules", help="rules directory (default: the bundled rules)")


def register(sub: Any) -> None:
    p = sub.add_parser("rules", help="list the rules or show one / 列出规则或查看一条规则")
    actions = p.add_subparsers(dest="rules_action", required=True, metavar="ACTION")
    lp = actions.add_parser("list", help="every rule with clause, kind and amount status")
    _common(lp)
    lp.set_defaults(handler=_list)
    sp = actions.add_parser("show", help="one rule in full: quote, conditions, parameters")
    sp.add_argument("rule_id", help="rule id, e.g. poverty_hire_award")
    _common(sp)
    sp.set_defaults(handler=_show)
