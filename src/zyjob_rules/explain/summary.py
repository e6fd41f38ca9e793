"""The summary that opens every report: cash due, loans and ceilings apart, what is undecided,
the questions that would decide it, and what will be met on which date."""

from __future__ import annotations

from decimal import Decimal

from . import contract as c
from .decision import Outcome, Verdict


def is_ceiling(x: c.Decision) -> bool:
    """A loan principal or an amount "up to" (最高不超过): never added to the cash total."""
    return x.kind == "loan" or x.amount_is_maximum


def _line(x: c.Decision) -> c.SummaryLine:
    return c.SummaryLine(
        rule_id=x.rule_id,
        clause=x.clause,
        title=x.title,
        subject=x.subject,
        subject_label=x.subject_label,
        amount=x.amount,
        amount_reason=x.amount_reason,
    )


def summarise(decisions: list[c.Decision]) -> c.Summary:
    """The summary of a report's decisions (contract models, in report order)."""
    s = c.Summary(cash_total=Decimal("0.00"))
    questions: dict[str, c.OpenQuestion] = {}
    pending: dict[str, c.PendingSetting] = {}
    for x in decisions:
        positive = x.outcome.positive
        if positive and x.amount is not None and not is_ceiling(x):
            s.cash.append(_line(x))
            s.cash_total += x.amount
        elif positive and x.amount is not None:
            s.ceilings.append(_line(x))
        elif positive:
            s.other_positive.append(_line(x))
        elif x.outcome is Outcome.unknown:
            s.undecided.append(_line(x))
        elif x.outcome is Outcome.not_applicable:
            s.not_applicable += 1
        else:
            s.refused.append(_line(x))
        if x.outcome is Outcome.unknown or (positive and x.amount is None):
            for q in x.questions:
                entry = questions.setdefault(
                    q.path, c.OpenQuestion(path=q.path, question=q.question, rules=[])
                )
                if x.rule_id not in entry.rules:
                    entry.rules.append(x.rule_id)
        for p in x.pending:
            pending.setdefault(p.id, p)
        if x.eligible_from is not None and not positive:
            s.upcoming.append(
                c.DatedLine(rule_id=x.rule_id, clause=x.clause, title=x.title,
                            date=x.eligible_from, who=x.subject_label)
            )
        for item in x.items if positive else []:  # else the decision's own date says it
            if item.eligible_from is not None and item.verdict is not Verdict.met:
                s.upcoming.append(
                    c.DatedLine(rule_id=x.rule_id, clause=x.clause, title=x.title,
                                date=item.eligible_from, who=item.label)
                )
    s.questions = list(questions.values())
    s.pending = list(pending.values())
    s.upcoming.sort(key=lambda u: u.date)
    return s
