"""Readable text for caseworkers and applicants, in Chinese (default) or English.

Each decision: what was decided, then every failed condition first, each in one sentence with
the values read, the threshold and the parameter it came from; then the conditions that held.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from .decision import CategoryTrace, ConditionTrace, Decision, ItemTrace, Outcome, Report, Verdict, jsonable

OUTCOME = {
    "zh": {
        Outcome.eligible: "符合条件", Outcome.not_eligible: "不符合条件",
        Outcome.may_consider: "可予考虑（由主管部门酌定）", Outcome.met: "已达到", Outcome.not_met: "未达到",
        Outcome.unknown: "暂无法判定（缺少信息）",
    },
    "en": {
        Outcome.eligible: "eligible", Outcome.not_eligible: "not eligible",
        Outcome.may_consider: "may be considered (at the department's discretion)",
        Outcome.met: "met", Outcome.not_met: "not met",
        Outcome.unknown: "cannot be decided yet (facts missing)",
    },
}
VERDICT = {
    "zh": {Verdict.met: "满足", Verdict.not_met: "不满足", Verdict.unknown: "无法判断"},
    "en": {Verdict.met: "met", Verdict.not_met: "not met", Verdict.unknown: "unknown"},
}
MARK = {Verdict.met: "✓", Verdict.not_met: "✗", Verdict.unknown: "?"}
OPS = {
    "zh": {">=": "要求不少于", ">": "要求多于", "<=": "要求不超过", "<": "要求少于", "==": "要求等于", "!=": "要求不等于"},
    "en": {">=": "needs at least", ">": "needs more than", "<=": "needs at most", "<": "needs less than",
           "==": "needs", "!=": "needs other than"},
}
WORDS = {
    "zh": {
        "case": "案件", "as_of": "评估基准日", "ruleset": "规则版本", "decision": "结论",
        "amount": "金额", "max": "最高", "basis": "依据", "failed": "不满足的条件",
        "held": "满足的条件", "unknown": "无法判断的条件", "missing": "需补充的信息",
        "items": "逐项判定", "from": "预计符合条件日期", "param": "参数", "since": "起施行",
        "source": "来源", "missing_value": "（缺失）", "because": "因为", "is": "为", "note": "说明",
        "subject": "对象", "no_decisions": "没有适用于该申请主体的规则。", "sep": "：", "end": "。",
        "reads": "读取",
    },
    "en": {
        "case": "Case", "as_of": "as of", "ruleset": "ruleset", "decision": "Decision",
        "amount": "amount", "max": "up to", "basis": "Basis", "failed": "Conditions not met",
        "held": "Conditions met", "unknown": "Conditions that cannot be decided", "missing": "Facts to provide",
        "items": "Per item", "from": "Expected to qualify on", "param": "parameter", "since": "in force from",
        "source": "source", "missing_value": "(missing)", "because": "because", "is": "is", "note": "Note",
        "subject": "subject", "no_decisions": "No rule applies to this applicant.", "sep": ": ", "end": ".",
        "reads": "read",
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


def _condition_lines(c: ConditionTrace, lang: str, indent: str) -> list[str]:
    w = WORDS[lang]
    label = c.label_zh if lang == "zh" else c.label_en
    details = []
    for k in c.comparisons:
        details.append(
            f"{k.left} = {_value(k.left_value, lang)}，{OPS[lang][k.op]} {_value(k.right_value, lang)}"
            if lang == "zh"
            else f"{k.left} = {_value(k.left_value, lang)}, {OPS[lang][k.op]} {_value(k.right_value, lang)}"
        )
    compared = {k.left for k in c.comparisons} | {k.right for k in c.comparisons}
    reads = [r for r in c.reads if r.path not in compared]
    if reads and not c.comparisons:
        shown = "; ".join(f"{r.path} = {_value(r.value, lang)}" for r in reads[:6])
        more = f" …(+{len(reads) - 6})" if len(reads) > 6 else ""
        details.append(f"{w['reads']} {shown}{more}")
    for p in c.params:
        if p.value is None and p.unset_note_zh:
            note = p.unset_note_zh if lang == "zh" else p.unset_note_en
            details.append(f"{w['param']} {p.id} {w['missing_value']}：{note}" if lang == "zh"
                           else f"{w['param']} {p.id} is unset: {note}")
        elif p.effective_from is not None:
            details.append(f"{w['param']} {p.id} = {_value(p.value, lang)}，{p.effective_from}{w['since']}，{w['source']}：{p.source}"
                           if lang == "zh" else
                           f"{w['param']} {p.id} = {_value(p.value, lang)}, {w['since']} {p.effective_from}, {w['source']}: {p.source}")
    sep = "；" if lang == "zh" else "; "
    text = f"{indent}{MARK[c.verdict]} {label}{w['sep']}{VERDICT[lang][c.verdict]}"
    if details:
        text += ("（" + sep.join(details) + "）") if lang == "zh" else (" (" + sep.join(details) + ")")
    lines = [text + w["end"]]
    for d in c.derived:
        lines += _category_lines(d, lang, indent + "    ")
    return lines


def _category_lines(d: CategoryTrace, lang: str, indent: str) -> list[str]:
    w = WORDS[lang]
    title = d.title_zh if lang == "zh" else d.title_en
    head = (f"{indent}└ {w['because']} {d.subject} {w['is']}「{title}」{d.clause}{w['sep']}{VERDICT[lang][d.verdict]}"
            if lang == "zh" else
            f"{indent}└ {w['because']} {d.subject} as «{title}» {d.clause}: {VERDICT[lang][d.verdict]}")
    lines = [head]
    for c in _ordered(d.conditions):
        lines += _condition_lines(c, lang, indent + "    ")
    return lines


def _ordered(conds: Iterable[ConditionTrace]) -> list[ConditionTrace]:
    rank = {Verdict.not_met: 0, Verdict.unknown: 1, Verdict.met: 2}
    return sorted(conds, key=lambda c: rank[c.verdict])


def _item_lines(item: ItemTrace, lang: str) -> list[str]:
    w = WORDS[lang]
    amount = f"，{w['amount']} {_money(item.amount)}" if item.amount is not None and lang == "zh" else (
        f", {w['amount']} {_money(item.amount)}" if item.amount is not None else "")
    lines = [f"    · {item.path}{w['sep']}{VERDICT[lang][item.verdict]}{amount}"]
    for c in _ordered(item.conditions):
        if c.id != "amount":
            lines += _condition_lines(c, lang, "        ")
    return lines


def render_decision(d: Decision, lang: str = "zh") -> str:
    w = WORDS[lang]
    title = d.title_zh if lang == "zh" else d.title_en
    lines = [f"■ {d.clause} {title} [{d.rule_id}]"]
    if d.subject != "applicant":
        lines.append(f"  {w['subject']}{w['sep']}{d.subject}")
    result = f"  {w['decision']}{w['sep']}{OUTCOME[lang][d.outcome]}"
    if d.amount is not None:
        prefix = f"{w['max']} " if d.amount_is_maximum else ""
        result += (f"，{w['amount']} {prefix}{_money(d.amount)}" if lang == "zh"
                   else f", {w['amount']} {prefix}{_money(d.amount)}")
    elif d.amount_reason_zh and d.outcome.positive:
        result += "，" + d.amount_reason_zh if lang == "zh" else "; " + (d.amount_reason_en or "")
    lines.append(result + w["end"])
    if d.eligible_from is not None:
        lines.append(f"  {w['from']}{w['sep']}{d.eligible_from.isoformat()}{w['end']}")
    if d.missing:
        lines.append(f"  {w['missing']}{w['sep']}{', '.join(d.missing)}")
    lines.append(f"  {w['basis']}{w['sep']}「{d.quote}」")
    groups = [(Verdict.not_met, "failed"), (Verdict.unknown, "unknown"), (Verdict.met, "held")]
    for verdict, key in groups:
        conds = [c for c in d.trace if c.verdict is verdict]
        if conds:
            lines.append(f"  {w[key]}{w['sep']}".rstrip())
            for c in conds:
                lines += _condition_lines(c, lang, "    ")
    if d.items:
        lines.append(f"  {w['items']}{w['sep']}".rstrip())
        for item in sorted(d.items, key=lambda i: {Verdict.not_met: 0, Verdict.unknown: 1, Verdict.met: 2}[i.verdict]):
            lines += _item_lines(item, lang)
    for zh, en in d.notes:
        lines.append(f"  {w['note']}{w['sep']}{zh if lang == 'zh' else en}")
    return "\n".join(lines)


def render_report(report: Report, lang: str = "zh") -> str:
    if lang not in WORDS:
        raise ValueError(f"unknown language {lang!r}; use 'zh' or 'en'")
    w = WORDS[lang]
    s = report.stamp
    head = (f"{w['case']} {report.case_id or '-'} | {w['as_of']} {s.as_of.isoformat()} | "
            f"{w['ruleset']} {s.ruleset_version} | zyjob-rules {s.library_version} ({s.backend})")
    if not report.decisions:
        return head + "\n\n" + w["no_decisions"] + "\n"
    rank = {True: 0, False: 1}
    ordered = sorted(report.decisions, key=lambda d: rank[d.outcome.positive])
    return head + "\n\n" + "\n\n".join(render_decision(d, lang) for d in ordered) + "\n"
