"""Readable text for caseworkers and applicants, in Chinese (default) or English.

Each decision: what was decided, then every failed condition first, each in one sentence with
the values read, the threshold and the parameter it came from; then the conditions that held.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..assessment_date import POLICY_START
from .decision import (
    CategoryTrace,
    ConditionTrace,
    Decision,
    ItemTrace,
    Outcome,
    Report,
    Verdict,
    jsonable,
)

OUTCOME = {
    "zh": {
        Outcome.eligible: "符合条件",
        Outcome.not_eligible: "不符合条件",
        Outcome.may_consider: "可予考虑（由主管部门酌定）",
        Outcome.met: "已达到",
        Outcome.not_met: "未达到",
        Outcome.not_applicable: "不适用（本条不涉及该对象）",
        Outcome.unknown: "暂无法判定（缺少信息）",
    },
    "en": {
        Outcome.eligible: "eligible",
        Outcome.not_eligible: "not eligible",
        Outcome.may_consider: "may be considered (at the department's discretion)",
        Outcome.met: "met",
        Outcome.not_met: "not met",
        Outcome.not_applicable: "not applicable (the provision does not concern this subject)",
        Outcome.unknown: "cannot be decided yet (facts missing)",
    },
}
VERDICT = {
    "zh": {Verdict.met: "满足", Verdict.not_met: "不满足", Verdict.unknown: "无法判断"},
    "en": {Verdict.met: "met", Verdict.not_met: "not met", Verdict.unknown: "unknown"},
}
MARK = {Verdict.met: "✓", Verdict.not_met: "✗", Verdict.unknown: "?"}
OPS = {
    "zh": {
        ">=": "要求不少于",
        ">": "要求多于",
        "<=": "要求不超过",
        "<": "要求少于",
        "==": "要求等于",
        "!=": "要求不等于",
    },
    "en": {
        ">=": "needs at least",
        ">": "needs more than",
        "<=": "needs at most",
        "<": "needs less than",
        "==": "needs",
        "!=": "needs other than",
    },
}
WORDS = {
    "zh": {
        "case": "案件",
        "as_of": "评估基准日",
        "ruleset": "规则版本",
        "decision": "结论",
        "amount": "金额",
        "max": "最高",
        "basis": "依据",
        "failed": "不满足的条件",
        "held": "满足的条件",
        "unknown": "无法判断的条件",
        "missing": "需补充的信息",
        "items": "逐项判定",
        "from": "预计符合条件日期",
        "param": "参数",
        "since": "起施行",
        "source": "来源",
        "missing_value": "（缺失）",
        "because": "因为",
        "is": "为",
        "note": "说明",
        "subject": "对象",
        "no_decisions": "没有适用于该申请主体的规则。",
        "not_in_force": "该日期政策尚未施行，没有有效规则（政策自 2017-12-12 起施行）。",
        "sep": "：",
        "end": "。",
        "reads": "读取",
        "scope": "适用范围",
    },
    "en": {
        "case": "Case",
        "as_of": "as of",
        "ruleset": "ruleset",
        "decision": "Decision",
        "amount": "amount",
        "max": "up to",
        "basis": "Basis",
        "failed": "Conditions not met",
        "held": "Conditions met",
        "unknown": "Conditions that cannot be decided",
        "missing": "Facts to provide",
        "items": "Per item",
        "from": "Expected to qualify on",
        "param": "parameter",
        "since": "in force from",
        "source": "source",
        "missing_value": "(missing)",
        "because": "because",
        "is": "is",
        "note": "Note",
        "subject": "subject",
        "no_decisions": "No rule applies to this applicant.",
        "not_in_force": "No rule is in force on that date (the policy took effect on 2017-12-12).",
        "sep": ": ",
        "end": ".",
        "reads": "read",
        "scope": "Applies to",
    },
}


def _value(v: Any, lang: str) -> str:
    if v is None:
        return WORDS[lang]["missing_value"]
    if isinstance(v, bool):
        return ("是" if v else "否") if lang == "zh" else ("yes" if v else "no")
    if isinstance(v, Decimal):
        return format(v, ",f")
    return str(jsonable(v))


def _money(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


# Sentence templates per language; fields are filled with str.format.
TEMPLATES = {
    "zh": {
        "comparison": "{left} = {lv}，{op} {rv}",
        "unset": "参数 {id}（缺失）：{note}",
        "param": "参数 {id} = {value}，{since}起施行，来源：{source}",
        "details": "（{text}）",
        "category": "{indent}└ 因为 {subject} 为「{title}」{clause}：{verdict}",
        "amount": "，金额 {prefix}{money}",
    },
    "en": {
        "comparison": "{left} = {lv}, {op} {rv}",
        "unset": "parameter {id} is unset: {note}",
        "param": "parameter {id} = {value}, in force from {since}, source: {source}",
        "details": " ({text})",
        "category": "{indent}└ because {subject} as «{title}» {clause}: {verdict}",
        "amount": ", amount {prefix}{money}",
    },
}


def _details(c: ConditionTrace, lang: str) -> list[str]:
    t = TEMPLATES[lang]
    out = [
        t["comparison"].format(
            left=k.left,
            lv=_value(k.left_value, lang),
            op=OPS[lang][k.op],
            rv=_value(k.right_value, lang),
        )
        for k in c.comparisons
    ]
    if c.reads and not c.comparisons:
        shown = "; ".join(f"{r.path} = {_value(r.value, lang)}" for r in c.reads[:6])
        more = f" …(+{len(c.reads) - 6})" if len(c.reads) > 6 else ""
        out.append(f"{WORDS[lang]['reads']} {shown}{more}")
    for p in c.params:
        if p.value is None and p.unset_note_zh:
            note = p.unset_note_zh if lang == "zh" else p.unset_note_en
            out.append(t["unset"].format(id=p.id, note=note))
        elif p.effective_from is not None:
            out.append(
                t["param"].format(
                    id=p.id, value=_value(p.value, lang), since=p.effective_from, source=p.source
                )
            )
    return out


def _condition_lines(c: ConditionTrace, lang: str, indent: str) -> list[str]:
    w = WORDS[lang]
    label = c.label_zh if lang == "zh" else c.label_en
    text = f"{indent}{MARK[c.verdict]} {label}{w['sep']}{VERDICT[lang][c.verdict]}"
    details = _details(c, lang)
    if details:
        sep = "；" if lang == "zh" else "; "
        text += TEMPLATES[lang]["details"].format(text=sep.join(details))
    lines = [text + w["end"]]
    for d in c.derived:
        lines += _category_lines(d, lang, indent + "    ")
    return lines


def _category_lines(d: CategoryTrace, lang: str, indent: str) -> list[str]:
    head = TEMPLATES[lang]["category"].format(
        indent=indent,
        subject=d.subject,
        title=d.title_zh if lang == "zh" else d.title_en,
        clause=d.clause,
        verdict=VERDICT[lang][d.verdict],
    )
    lines = [head]
    for c in _ordered(d.conditions):
        lines += _condition_lines(c, lang, indent + "    ")
    return lines


_RANK = {Verdict.not_met: 0, Verdict.unknown: 1, Verdict.met: 2}


def _ordered(conds: Iterable[ConditionTrace]) -> list[ConditionTrace]:
    """Failed conditions first, then unknown, then met."""
    return sorted(conds, key=lambda c: _RANK[c.verdict])


def _amount_text(amount: Decimal, maximum: bool, lang: str) -> str:
    prefix = f"{WORDS[lang]['max']} " if maximum else ""
    return TEMPLATES[lang]["amount"].format(prefix=prefix, money=_money(amount))


def _item_lines(item: ItemTrace, lang: str) -> list[str]:
    w = WORDS[lang]
    amount = _amount_text(item.amount, False, lang) if item.amount is not None else ""
    lines = [f"    · {item.path}{w['sep']}{VERDICT[lang][item.verdict]}{amount}{w['end']}"]
    if item.eligible_from is not None:
        lines.append(f"      {w['from']}{w['sep']}{item.eligible_from.isoformat()}{w['end']}")
    for c in _ordered(item.conditions):
        if c.id != "amount":
            lines += _condition_lines(c, lang, "        ")
    return lines


def render_decision(d: Decision, lang: str = "zh") -> str:
    """One decision: the outcome and amount first, then failed, unknown and met conditions."""
    w = WORDS[lang]
    title = d.title_zh if lang == "zh" else d.title_en
    lines = [f"■ {d.clause} {title} [{d.rule_id}]"]
    if d.subject != "applicant":
        lines.append(f"  {w['subject']}{w['sep']}{d.subject}")
    result = f"  {w['decision']}{w['sep']}{OUTCOME[lang][d.outcome]}"
    if d.amount is not None:
        result += _amount_text(d.amount, d.amount_is_maximum, lang)
    elif d.amount_reason_zh and d.outcome.positive:
        reason = d.amount_reason_zh if lang == "zh" else d.amount_reason_en
        result += ("，" if lang == "zh" else "; ") + (reason or "")
    lines.append(result + w["end"])
    if d.eligible_from is not None:
        lines.append(f"  {w['from']}{w['sep']}{d.eligible_from.isoformat()}{w['end']}")
    if d.missing:
        lines.append(f"  {w['missing']}{w['sep']}{', '.join(d.missing)}")
    lines.append(f"  {w['basis']}{w['sep']}「{d.quote}」")
    if d.scope:
        lines.append(f"  {w['scope']}{w['sep']}".rstrip())
        for c in _ordered(d.scope):
            lines += _condition_lines(c, lang, "    ")
    groups = [(Verdict.not_met, "failed"), (Verdict.unknown, "unknown"), (Verdict.met, "held")]
    for verdict, key in groups:
        conds = [c for c in d.trace if c.verdict is verdict]
        if conds:
            lines.append(f"  {w[key]}{w['sep']}".rstrip())
            for c in conds:
                lines += _condition_lines(c, lang, "    ")
    if d.items:
        lines.append(f"  {w['items']}{w['sep']}".rstrip())
        for item in sorted(d.items, key=lambda i: _RANK[i.verdict]):
            lines += _item_lines(item, lang)
    for zh, en in d.notes:
        lines.append(f"  {w['note']}{w['sep']}{zh if lang == 'zh' else en}")
    return "\n".join(lines)


def render_report(report: Report, lang: str = "zh") -> str:
    if lang not in WORDS:
        raise ValueError(f"unknown language {lang!r}; use 'zh' or 'en'")
    w = WORDS[lang]
    s = report.stamp
    head = (
        f"{w['case']} {report.case_id or '-'} | {w['as_of']} {s.as_of.isoformat()} | "
        f"{w['ruleset']} {s.ruleset_version} | zyjob-rules {s.library_version} ({s.backend})"
    )
    if not report.decisions:
        why = "not_in_force" if s.as_of < POLICY_START else "no_decisions"
        return head + "\n\n" + w[why] + "\n"
    rank = {True: 0, False: 1}
    ordered = sorted(report.decisions, key=lambda d: rank[d.outcome.positive])
    return head + "\n\n" + "\n\n".join(render_decision(d, lang) for d in ordered) + "\n"
