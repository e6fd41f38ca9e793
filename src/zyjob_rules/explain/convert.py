"""The engine's lightweight results turned into the output contract (explain/contract.py).

This is the only place that maps the dataclasses of explain/decision.py to JSON-bound models:
``report_model`` for a whole report (with item names, statements in words, questions and the
summary), ``screening_row`` for one row of a screening run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from . import contract as c
from . import decision as d
from .decision import jsonable
from .identities import Identities
from .statements import StatementWriter
from .summary import summarise

Displays = dict[tuple[str, str], tuple[str, str]]


def _text(zh: str, en: str | None) -> c.Text:
    return c.Text(zh=zh, en=en if en is not None else zh)


class _Converter:
    """Converts the parts of one report, sharing its names, display templates and as-of date."""

    def __init__(self, report: d.Report, words: bool = True) -> None:
        self.as_of = report.stamp.as_of
        self.words = words
        self.ids = Identities(report.case, self.as_of)
        self.writer = StatementWriter(self.ids, self.as_of)
        self.displays, self.amount_displays = _displays(report.ruleset, self.as_of)
        self.parameters: set[str] = set(getattr(report.ruleset, "parameters", None) or ())

    # -- conditions ------------------------------------------------------------------------
    def condition(
        self,
        t: d.ConditionTrace,
        owner: str,
        eligible_from: date | None = None,
        amount: Decimal | None = None,
    ) -> c.Condition:
        template = self.displays.get((owner, t.id))
        if t.id == "amount":
            template = self.amount_displays.get(owner)
        statement = None
        if self.words:
            w = self.writer
            zh = w.statement(t, "zh", template[0] if template else None, eligible_from, amount)
            en = w.statement(t, "en", template[1] if template else None, eligible_from, amount)
            statement = c.Text(zh=zh, en=en) if zh or en else None
        return c.Condition(
            id=t.id,
            verdict=t.verdict,
            label=_text(t.label_zh, t.label_en),
            clause=t.clause,
            expression=t.expression,
            statement=statement,
            reads=[c.ValueRead(path=r.path, value=jsonable(r.value)) for r in t.reads],
            comparisons=[
                c.Comparison(
                    left=k.left,
                    op=k.op,
                    right=k.right,
                    left_value=jsonable(k.left_value),
                    right_value=jsonable(k.right_value),
                    result=k.result,
                )
                for k in t.comparisons
            ],
            params=[self.param(p) for p in t.params],
            missing=t.missing,
            derived=[self.category(x) for x in t.derived],
        )

    def param(self, p: d.ParamUse) -> c.ParamUse:
        note = None
        if p.value is None and p.unset_note_zh:
            note = _text(p.unset_note_zh, p.unset_note_en)
        return c.ParamUse(
            id=p.id,
            value=jsonable(p.value),
            effective_from=p.effective_from,
            source=p.source,
            unset_note=note,
        )

    def category(self, x: d.CategoryTrace) -> c.Category:
        return c.Category(
            id=x.id,
            title=_text(x.title_zh, x.title_en),
            clause=x.clause,
            subject=x.subject,
            subject_label=self.ids.label(x.subject) if self.words else None,
            verdict=x.verdict,
            conditions=[self.condition(t, x.id) for t in x.conditions],
        )

    def item(self, i: d.ItemTrace, rule_id: str) -> c.Item:
        return c.Item(
            path=i.path,
            label=self.ids.label(i.path) if self.words else None,
            verdict=i.verdict,
            amount=i.amount,
            eligible_from=i.eligible_from,
            conditions=[
                self.condition(t, rule_id, i.eligible_from, i.amount if t.id == "amount" else None)
                for t in i.conditions
            ],
        )

    # -- decisions -------------------------------------------------------------------------
    def decision(self, x: d.Decision) -> c.Decision:
        notes = _unset_notes(x)
        pending_ids = [m for m in x.missing if m in notes or self._is_parameter(m)]
        facts = [m for m in x.missing if m not in pending_ids]
        return c.Decision(
            rule_id=x.rule_id,
            clause=x.clause,
            title=_text(x.title_zh, x.title_en),
            kind=x.kind,
            subject=x.subject,
            subject_label=self.ids.label(x.subject) if self.words else None,
            outcome=x.outcome,
            amount=x.amount,
            amount_is_maximum=x.amount_is_maximum,
            amount_reason=(
                _text(x.amount_reason_zh, x.amount_reason_en) if x.amount_reason_zh else None
            ),
            eligible_from=x.eligible_from,
            missing=x.missing,
            questions=[c.Question(path=m, question=self.ids.question(m)) for m in facts],
            pending=[c.PendingSetting(id=m, note=notes.get(m)) for m in pending_ids],
            quote=x.quote,
            notes=[_text(zh, en) for zh, en in x.notes],
            scope=[self.condition(t, x.rule_id) for t in x.scope],
            trace=[self.condition(t, x.rule_id) for t in x.trace],
            items=[self.item(i, x.rule_id) for i in x.items],
            amount_trace=(
                self.condition(x.amount_trace, x.rule_id, amount=x.amount)
                if x.amount_trace
                else None
            ),
        )

    def _is_parameter(self, ident: str) -> bool:
        if self.parameters:
            return ident in self.parameters
        return not ident.startswith(("applicant", "case"))


def _unset_notes(x: d.Decision) -> dict[str, c.Text | None]:
    """The parameters a decision found unset (the bureau's to set), with their notes."""
    out: dict[str, c.Text | None] = {}
    frames: list[d.ConditionTrace] = [*x.scope, *x.trace]
    frames += [t for i in x.items for t in i.conditions]
    if x.amount_trace is not None:
        frames.append(x.amount_trace)
    for t in _all_conditions(frames):
        for p in t.params:
            if p.value is None and p.effective_from is not None:
                note = _text(p.unset_note_zh, p.unset_note_en) if p.unset_note_zh else None
                out.setdefault(p.id, note)
    return out


def _all_conditions(frames: Iterable[d.ConditionTrace]) -> Iterable[d.ConditionTrace]:
    for t in frames:
        yield t
        for x in t.derived:
            yield from _all_conditions(x.conditions)


def _displays(ruleset: Any, as_of: date) -> tuple[Displays, dict[str, tuple[str, str]]]:
    """The rule authors' display templates in force on ``as_of``: (owner id, condition id)."""
    out: Displays = {}
    amounts: dict[str, tuple[str, str]] = {}
    if ruleset is None:
        return out, amounts
    for rule in ruleset.rules:
        spec = rule.spec
        if not spec.effective.contains(as_of):
            continue
        conds = [*spec.applies_when, *spec.conditions]
        if spec.for_each is not None:
            conds += spec.for_each.conditions
        for cond in conds:
            if cond.display is not None:
                out[(spec.id, cond.id)] = (cond.display.zh, cond.display.en)
        if spec.amount_display is not None:
            amounts[spec.id] = (spec.amount_display.zh, spec.amount_display.en)
    for cat in ruleset.categories.values():
        for cond in cat.spec.conditions:
            if cond.display is not None:
                out[(cat.spec.id, cond.id)] = (cond.display.zh, cond.display.en)
    return out, amounts


def report_model(report: d.Report) -> c.Report:
    """The contract form of ``report``: its JSON is ``report_model(r).model_dump(mode="json")``."""
    conv = _Converter(report)
    decisions = [conv.decision(x) for x in report.decisions]
    applicant = conv.ids.label("applicant")
    return c.Report(
        case_id=report.case_id,
        applicant=applicant,
        audit=c.Audit(
            ruleset_version=report.stamp.ruleset_version,
            as_of=report.stamp.as_of,
            library_version=report.stamp.library_version,
            backend=report.stamp.backend,
        ),
        summary=summarise(decisions),
        decisions=decisions,
    )


def decision_model(x: d.Decision, report: d.Report | None = None) -> c.Decision:
    """One decision in the contract form (named by the case's identities when ``report`` has
    the case)."""
    stamp = d.AuditStamp("", date.today(), "")
    return _Converter(report or d.Report(None, stamp, [])).decision(x)


def as_report_model(report: d.Report | c.Report) -> c.Report:
    """``report`` as the contract model (converted once if it is the engine's dataclass)."""
    return report if isinstance(report, c.Report) else report_model(report)


def report_json(report: d.Report | c.Report) -> dict[str, Any]:
    """The documented JSON of a report (docs/report-schema.md)."""
    return as_report_model(report).model_dump(mode="json")


_ROW_STAMP = d.AuditStamp("", date.min, "")


def screening_row(line: int, case_id: str | None, x: d.Decision, trace: bool) -> dict[str, Any]:
    """One screening result row as JSON (docs/screening.md); ``trace`` adds the conditions."""
    row_trace = None
    if trace:
        conv = _Converter(d.Report(case_id, _ROW_STAMP, []), words=False)
        row_trace = c.RowTrace(
            conditions=[conv.condition(t, x.rule_id) for t in x.trace],
            items=[conv.item(i, x.rule_id) for i in x.items],
            amount=conv.condition(x.amount_trace, x.rule_id) if x.amount_trace else None,
        )
    row = c.ScreeningRow(
        line=line,
        case_id=case_id,
        rule_id=x.rule_id,
        clause=x.clause,
        subject=x.subject,
        outcome=x.outcome,
        amount=x.amount,
        eligible_from=x.eligible_from,
        missing=x.missing,
        trace=row_trace,
    )
    return row.model_dump(mode="json", exclude=None if trace else {"trace"})
