"""The one recording interface of traced evaluation (OpenFisca's tracer idea).

Generated code in traced mode calls ``X.R.read/compare/param/found`` and the category hooks;
plain mode has no recorder at all, so the fast path records nothing and tests no flag.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ..explain.decision import (
    CategoryTrace,
    Comparison,
    ConditionTrace,
    ParamUse,
    ValueRead,
    Verdict,
)
from ..ruleset.checked import CheckedCategory, CheckedCondition
from ..ruleset.parameters import Parameter
from .runtime import COMPARE


def new_condition_trace(cond: CheckedCondition, clause: str) -> ConditionTrace:
    spec = cond.spec
    return ConditionTrace(
        spec.id, spec.label.zh, spec.label.en, spec.when.strip(), Verdict.unknown, clause
    )


class Tracer:
    """Collects what each condition read; a stack because categories nest inside conditions."""

    def __init__(
        self,
        as_of: date,
        parameters: Mapping[str, Parameter],
        categories: Mapping[str, CheckedCategory],
    ) -> None:
        self.as_of = as_of
        self.parameters = parameters
        self.categories = categories
        self.stack: list[ConditionTrace] = []
        self._category_stack: list[CategoryTrace] = []

    # -- frames -----------------------------------------------------------------------------
    def push(self, frame: ConditionTrace) -> None:
        self.stack.append(frame)

    def pop(self, value: bool | None) -> ConditionTrace:
        frame = self.stack.pop()
        frame.verdict = Verdict.of(value)
        return frame

    # -- recording hooks called by generated code ---------------------------------------------
    def read(self, path: str, value: Any) -> Any:
        if self.stack:
            self.stack[-1].reads.append(ValueRead(path, value))
        return value

    def found(self, path: str, value: Any) -> Any:
        """Result of ``first(...)``: when nothing matched, the missing fact is the lookup itself."""
        if value is None:
            self.read(path, None)
        return value

    def compare(self, left: str, op: str, right: str, lv: Any, rv: Any) -> bool | None:
        result = COMPARE[op](lv, rv)
        if self.stack:
            self.stack[-1].comparisons.append(Comparison(left, op, right, lv, rv, result))
        return result

    def param(self, pid: str, value: Any) -> Any:
        if self.stack:
            frame = self.stack[-1]
            if all(p.id != pid for p in frame.params):
                frame.params.append(self.param_use(pid, value))
        return value

    def param_use(self, pid: str, value: Any) -> ParamUse:
        pv = self.parameters[pid].at(self.as_of)
        if pv is None:
            return ParamUse(pid, None, None, None)
        note = pv.note
        return ParamUse(
            pid,
            value,
            pv.effective_from,
            pv.source,
            note.zh if note and value is None else None,
            note.en if note and value is None else None,
        )

    def begin_category(self, cid: str, subject: str) -> None:
        spec = self.categories[cid].spec
        trace = CategoryTrace(
            cid, spec.title.zh, spec.title.en, spec.clause, subject, Verdict.unknown
        )
        if self.stack:
            self.stack[-1].derived.append(trace)
        self._category_stack.append(trace)

    def begin_category_condition(self, cid: str, index: int) -> None:
        category = self.categories[cid]
        frame = new_condition_trace(category.conditions[index], category.spec.clause)
        self._category_stack[-1].conditions.append(frame)
        self.push(frame)

    def end_category_condition(self, value: bool | None) -> bool | None:
        self.pop(value)
        return value

    def end_category(self, value: bool | None) -> bool | None:
        self._category_stack.pop().verdict = Verdict.of(value)
        return value
