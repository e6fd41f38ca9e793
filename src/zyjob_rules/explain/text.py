"""Readable text for caseworkers and applicants, in Chinese (default) or English.

Every report opens with its summary (cash due and its total; loans and ceilings apart; what is
undecided and the questions that would decide it; what will be met on which date; what was
refused and why), then the details at a chosen depth:

- ``summary``: the summary only (one screen);
- ``conditions`` (default): each decision with its failed and unknown conditions first, stated
  in words; satisfied conditions in one line each, their sub-branches folded away;
- ``full``: every condition and sub-branch, with the parameters and their sources.

Renders the output contract (explain/contract.py); the engine's Report is converted first.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

from ..assessment_date import POLICY_START
from . import contract as c
from .convert import as_report_model, decision_model
from .decision import Decision as EngineDecision
from .decision import Outcome, Verdict
from .decision import Report as EngineReport
from .words import check_lang, phrases

Detail = Literal["summary", "conditions", "full"]
DETAILS: tuple[Detail, ...] = ("summary", "conditions", "full")
_RANK = {Verdict.not_met: 0, Verdict.unknown: 1, Verdict.met: 2}
_OUTCOME_RANK = {
    Outcome.eligible: 0, Outcome.may_consider: 0, Outcome.met: 0, Outcome.unknown: 1,
    Outcome.not_eligible: 2, Outcome.not_met: 2, Outcome.not_applicable: 3,
}


def pick(text: c.Text | None, lang: str) -> str:
    """The ``lang`` half of a zh/en pair ("" for none)."""
    if text is None:
        return ""
    return text.zh if lang == "zh" else text.en


def money(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def check_detail(detail: str) -> Detail:
    for d in DETAILS:
        if d == detail:
            return d
    raise ValueError(f"unknown detail {detail!r}; use one of {', '.join(DETAILS)}")


def ordered(conds: Iterable[c.Condition]) -> list[c.Condition]:
    """Failed conditions first, then unknown, then met."""
    return sorted(conds, key=lambda x: _RANK[x.verdict])


def ordered_decisions(decisions: Iterable[c.Decision]) -> list[c.Decision]:
    """Positive first, then undecided, refused, and those that do not apply."""
    return sorted(decisions, key=lambda d: _OUTCOME_RANK[d.outcome])


# -- summary ---------------------------------------------------------------------------------
def _title(line: c.SummaryLine | c.Decision | c.DatedLine, lang: str) -> str:
    sep = "" if lang == "zh" else " "
    return f"{phrases.clause_label(line.clause, lang)}{sep}{pick(line.title, lang)}"


def _who(label: c.Text | None, subject: str, lang: str) -> str:
    if subject == "applicant" or label is None:
        return ""
    return phrases.HEAD[lang]["for"].format(who=pick(label, lang))


def refusal_reason(d: c.Decision, lang: str) -> str:
    """The first failed condition of a refused decision, in words."""
    for cond in [*d.scope, *d.trace]:
        if cond.verdict is Verdict.not_met:
            return pick(cond.statement, lang) or pick(cond.label, lang)
    failed_items = [i for i in d.items if i.verdict is Verdict.not_met]
    if failed_items:
        item = failed_items[0]
        name = pick(item.label, lang) or item.path
        why = next((pick(k.statement, lang) or pick(k.label, lang)
                    for k in item.conditions if k.verdict is Verdict.not_met), "")
        return f"{name}{phrases.HEAD[lang]['sep']}{why}" if why else name
    return ""


def summary_lines(report: c.Report, lang: str) -> list[str]:
    """The summary that opens every report."""
    h = phrases.HEAD[lang]
    s = report.summary
    by_id = {(d.rule_id, d.subject): d for d in report.decisions}
    lines = [f"【{h['summary']}】" if lang == "zh" else f"== {h['summary']} =="]
    if s.cash:
        lines.append(h["cash"].format(total=money(s.cash_total)) + h["sep"].rstrip())
        for line in s.cash:
            amount = money(line.amount) if line.amount is not None else ""
            who = _who(line.subject_label, line.subject, lang)
            lines.append(f"  ✓ {_title(line, lang)}{who} {amount}")
    else:
        lines.append(h["no_cash"] + h["end"])
    if s.ceilings:
        lines.append(h["ceilings"] + h["sep"].rstrip())
        for line in s.ceilings:
            amount = money(line.amount) if line.amount is not None else ""
            prefix = f"{h['max']} " if lang == "en" else h["max"]
            who = _who(line.subject_label, line.subject, lang)
            lines.append(f"  ✓ {_title(line, lang)}{who} {prefix}{amount}")
    if s.other_positive:
        lines.append(h["other_positive"] + h["sep"].rstrip())
        for line in s.other_positive:
            who = _who(line.subject_label, line.subject, lang)
            lines.append(f"  ✓ {_title(line, lang)}{who}")
    if s.upcoming:
        lines.append(h["upcoming"] + h["sep"].rstrip())
        for u in s.upcoming:
            who = h["for"].format(who=pick(u.who, lang)) if u.who else ""
            lines.append("  " + h["upcoming_line"].format(
                date=u.date.isoformat(), clause=phrases.clause_label(u.clause, lang),
                title=pick(u.title, lang), who=who))
    if s.undecided:
        lines.append(h["undecided"].format(n=len(s.undecided)) + h["sep"].rstrip())
        asked: set[str] = set()
        for line in s.undecided:
            who = _who(line.subject_label, line.subject, lang)
            lines.append(f"  ? {_title(line, lang)}{who}")
            d = by_id.get((line.rule_id, line.subject))
            for q in d.questions if d else []:
                text = pick(q.question, lang)
                lines.append(f"      - {text}" + (" ↑" if q.path in asked else ""))
                asked.add(q.path)
    if s.pending:
        lines.append(h["pending"] + h["sep"].rstrip())
        for p in s.pending:
            note = pick(p.note, lang)
            lines.append(f"  · {p.id}" + (f"{h['sep']}{note}" if note else ""))
    if s.refused:
        lines.append(h["refused"].format(n=len(s.refused)) + h["sep"].rstrip())
        for line in s.refused:
            d = by_id.get((line.rule_id, line.subject))
            reason = refusal_reason(d, lang) if d else ""
            who = _who(line.subject_label, line.subject, lang)
            lines.append(f"  ✗ {_title(line, lang)}{who}" + (f" — {reason}" if reason else ""))
    if s.not_applicable:
        lines.append(h["not_applicable"].format(n=s.not_applicable) + h["end"])
    return lines


# -- details ---------------------------------------------------------------------------------
def _param_lines(cond: c.Condition, lang: str) -> list[str]:
    h = phrases.HEAD[lang]
    out = []
    for p in cond.params:
        if p.value is None and p.unset_note is not None:
            out.append(h["param_unset"].format(id=p.id, note=pick(p.unset_note, lang)))
        elif p.effective_from is not None:
            out.append(h["param"].format(id=p.id, value=p.value, since=p.effective_from,
                                         source=p.source))
    return out


def condition_lines(cond: c.Condition, lang: str, indent: str, detail: Detail) -> list[str]:
    """One condition: its mark, label and facts in words; sub-branches unless folded."""
    statement = pick(cond.statement, lang) or phrases.VERDICT[lang][cond.verdict]
    line = phrases.CONDITION_LINE[lang].format(label=pick(cond.label, lang), facts=statement)
    lines = [f"{indent}{phrases.MARK[cond.verdict]} {line}"]
    if detail == "full":
        lines += [f"{indent}    {p}" for p in _param_lines(cond, lang)]
    if cond.verdict is Verdict.met and detail != "full":
        return lines  # a satisfied condition's sub-branches are folded away
    for x in cond.derived:
        lines += category_lines(x, lang, indent + "    ", detail)
    return lines


def category_lines(x: c.Category, lang: str, indent: str, detail: Detail) -> list[str]:
    who = pick(x.subject_label, lang) or ("" if x.subject == "applicant" else x.subject)
    head = phrases.CATEGORY_LINE[lang].format(
        who=who, title=pick(x.title, lang), clause=phrases.clause_label(x.clause, lang),
        verdict=phrases.VERDICT[lang][x.verdict])
    lines = [f"{indent}└ {head.strip()}"]
    for cond in ordered(x.conditions):
        if detail != "full" and cond.verdict is Verdict.met and x.verdict is not Verdict.met:
            continue  # what held inside a failed category does not explain the failure
        lines += condition_lines(cond, lang, indent + "    ", detail)
    return lines


def _amount_text(amount: Decimal | None, maximum: bool, lang: str) -> str:
    if amount is None:
        return ""
    h = phrases.HEAD[lang]
    prefix = f"{h['max']} " if maximum else ""
    sep = "，" if lang == "zh" else ", "
    return f"{sep}{h['amount']} {prefix}{money(amount)}"


def item_lines(item: c.Item, lang: str, detail: Detail) -> list[str]:
    h = phrases.HEAD[lang]
    name = pick(item.label, lang) or item.path
    head = f"    {phrases.MARK[item.verdict]} {name}{h['sep']}{phrases.VERDICT[lang][item.verdict]}"
    head += _amount_text(item.amount, False, lang)
    if item.eligible_from is not None and item.verdict is not Verdict.met:
        sep = "；" if lang == "zh" else "; "
        head += sep + h["item_from"].format(date=item.eligible_from.isoformat())
    lines = [head + h["end"]]
    conds = [x for x in ordered(item.conditions) if x.id != "amount"]
    if item.verdict is Verdict.met and detail != "full":
        return lines
    for cond in conds:
        if cond.verdict is Verdict.met and detail != "full":
            continue
        lines += condition_lines(cond, lang, "        ", detail)
    return lines


def decision_lines(d: c.Decision, lang: str, detail: Detail = "conditions") -> list[str]:
    """One decision: the outcome and amount first, then failed, unknown and met conditions."""
    h = phrases.HEAD[lang]
    sep = "" if lang == "zh" else " "
    lines = [f"■ {phrases.clause_label(d.clause, lang)}{sep}{pick(d.title, lang)} [{d.rule_id}]"]
    if d.subject != "applicant":
        lines.append(f"  {h['subject']}{h['sep']}{pick(d.subject_label, lang) or d.subject}")
    result = f"  {h['decision']}{h['sep']}{phrases.OUTCOME[lang][d.outcome]}"
    result += _amount_text(d.amount, d.amount_is_maximum, lang)
    if d.amount is None and d.amount_reason is not None and d.outcome.positive:
        result += ("，" if lang == "zh" else "; ") + pick(d.amount_reason, lang)
    lines.append(result + h["end"])
    if d.amount_trace is not None and d.amount_trace.statement is not None:
        lines.append(f"  {h['computed']}{h['sep']}{pick(d.amount_trace.statement, lang)}")
    if d.eligible_from is not None:
        lines.append(f"  {h['from']}{h['sep']}{d.eligible_from.isoformat()}{h['end']}")
    if d.questions:
        lines.append(f"  {h['questions']}{h['sep']}".rstrip())
        lines += [f"    - {pick(q.question, lang)}" for q in d.questions]
    if d.pending:
        lines.append(f"  {h['pending']}{h['sep']}".rstrip())
        lines += [f"    · {p.id}" for p in d.pending]
    lines.append(f"  {h['basis']}{h['sep']}「{d.quote}」")
    if d.scope:
        lines.append(f"  {h['scope']}{h['sep']}".rstrip())
        for cond in ordered(d.scope):
            lines += condition_lines(cond, lang, "    ", detail)
    for verdict, key in ((Verdict.not_met, "failed"), (Verdict.unknown, "unknown"),
                         (Verdict.met, "held")):
        conds = [x for x in d.trace if x.verdict is verdict]
        if conds:
            lines.append(f"  {h[key]}{h['sep']}".rstrip())
            for cond in conds:
                lines += condition_lines(cond, lang, "    ", detail)
    if d.items:
        lines.append(f"  {h['items']}{h['sep']}".rstrip())
        for item in sorted(d.items, key=lambda i: _RANK[i.verdict]):
            lines += item_lines(item, lang, detail)
    for note in d.notes:
        lines.append(f"  {h['note']}{h['sep']}{pick(note, lang)}")
    return lines


def render_decision(
    d: c.Decision | EngineDecision, lang: str = "zh", detail: str = "conditions"
) -> str:
    """One decision in words (an engine Decision is converted without the case's names)."""
    model = d if isinstance(d, c.Decision) else decision_model(d)
    return "\n".join(decision_lines(model, check_lang(lang), check_detail(detail)))


def render_report(
    report: c.Report | EngineReport, lang: str = "zh", detail: str = "conditions"
) -> str:
    """The whole report: a heading, the summary, then each decision at ``detail``."""
    lang = check_lang(lang)
    level = check_detail(detail)
    model = as_report_model(report)
    h = phrases.HEAD[lang]
    a = model.audit
    who = pick(model.applicant, lang)
    head = [
        " · ".join(x for x in (who, f"{h['case']} {model.case_id or '-'}",
                               f"{h['as_of']} {a.as_of.isoformat()}") if x),
        f"{h['ruleset']} {a.ruleset_version} · zyjob-rules {a.library_version} ({a.backend})",
    ]
    if not model.decisions:
        why = "not_in_force" if a.as_of < POLICY_START else "no_decisions"
        return "\n".join(head) + "\n\n" + h[why] + "\n"
    out = "\n".join(head) + "\n\n" + "\n".join(summary_lines(model, lang)) + "\n"
    if level == "summary":
        return out
    title = f"【{h['details']}】" if lang == "zh" else f"== {h['details']} =="
    blocks = ["\n".join(decision_lines(d, lang, level)) for d in ordered_decisions(model.decisions)]
    return out + "\n" + title + "\n\n" + "\n\n".join(blocks) + "\n"
