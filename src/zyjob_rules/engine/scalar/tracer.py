"""The one recording interface of traced evaluation (OpenFisca's tracer idea).

Generated code in traced mode calls ``X.recorder.read/compare/param/found`` and the category hooks;
plain mode has no recorder at all, so the fast path records nothing and tests no flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ...explain.decision import (
    CategoryTrace,
    Comparison,
    ConditionTrace,
    ParamUse,
    ValueRead,
    Verdict,
)
from ...ruleset.checked import CheckedCategory, CheckedCondition
from ...ruleset.parameters import Parameter, ParamValue
from .runtime import COMPARE, NOT_KNOWN, count_compare, pkey


def new_condition_trace(cond: CheckedCondition, clause: str) -> ConditionTrace:
    spec = cond.spec
    return ConditionTrace(
        spec.id, spec.label.zh, spec.label.en, spec.when.strip(), Verdict.unknown, clause
    )


class TraceCache:
    """What the recorder looks up on every call, computed once per rule set: category heads."""

    def __init__(self) -> None:
        self.categories: dict[str, tuple[str, str, str]] = {}
        self.category_conditions: dict[tuple[str, int], tuple[str, str, str, str, str]] = {}


class Tracer:
    """Collects what each condition read; a stack because categories nest inside conditions.

    ``cache`` (per rule set) and ``param_versions`` (per date) may be shared between tracers so
    the look-ups repeated on every call are made once.
    """

    def __init__(
        self,
        as_of: date,
        parameters: Mapping[str, Parameter],
        categories: Mapping[str, CheckedCategory],
        cache: TraceCache | None = None,
        param_versions: dict[str, ParamValue | None] | None = None,
    ) -> None:
        self.as_of = as_of
        self.parameters = parameters
        self.categories = categories
        self.cache = cache if cache is not None else TraceCache()
        self.param_versions = param_versions if param_versions is not None else {}
        self.stack: list[ConditionTrace] = []
        self._category_stack: list[tuple[CategoryTrace, tuple[str, int, str]]] = []
        # Each category already traced for a subject (by id, object and path) in this tracer's
        # decision: its verdict and trace. A subject's category is judged once; every frame
        # that applies it again gets the same (equal) trace.
        self._known: dict[tuple[str, int, str], tuple[bool | None, CategoryTrace]] = {}

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

    def read_optional(self, path: str, value: Any) -> Any:
        """A read whose absence the expression handles (``coalesce``'s first argument,
        ``exists``): recorded only when present, so an absent one is never a missing fact."""
        if value is not None and self.stack:
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

    def count_compare(
        self, left: str, op: str, right: str, conds: Iterable[bool | None], n: Any
    ) -> bool | None:
        """A count compared with a threshold (see runtime.count_compare); the count recorded is
        exact when no item is unknown, else missing."""
        values = list(conds)
        result = count_compare(op, values, n)
        count = None if None in values else sum(1 for c in values if c)
        if self.stack:
            self.stack[-1].comparisons.append(Comparison(left, op, right, count, n, result))
        return result

    def param(self, pid: str, value: Any) -> Any:
        if self.stack:
            params = self.stack[-1].params
            for p in params:  # each parameter once per frame
                if p.id == pid:
                    return value
            params.append(self.param_use(pid, value))
        return value

    def param_at(self, pid: str, values: Any, key: Any) -> Any:
        """A keyed parameter's value for ``key``; a missing key records no parameter use (the
        key's own read says what is missing)."""
        if key is None:
            return None
        return self.param(pid, pkey(values, key))

    def param_use(self, pid: str, value: Any) -> ParamUse:
        versions = self.param_versions
        if pid in versions:
            pv = versions[pid]
        else:
            pv = versions[pid] = self.parameters[pid].at(self.as_of)
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

    def known_category(self, cid: str, subject: Any, path: str) -> object:
        """The verdict of ``cid`` for ``subject`` if already traced (its trace is added to the
        current frame), else ``NOT_KNOWN``."""
        entry = self._known.get((cid, id(subject), path))
        if entry is None:
            return NOT_KNOWN
        value, trace = entry
        if self.stack:
            self.stack[-1].derived.append(trace)
        return value

    def begin_category(self, cid: str, subject: str, obj: Any = None) -> None:
        head = self.cache.categories.get(cid)
        if head is None:
            spec = self.categories[cid].spec
            head = self.cache.categories[cid] = (spec.title.zh, spec.title.en, spec.clause)
        trace = CategoryTrace(cid, *head, subject, Verdict.unknown)
        if self.stack:
            self.stack[-1].derived.append(trace)
        self._category_stack.append((trace, (cid, id(obj), subject)))

    def begin_category_condition(self, cid: str, index: int) -> None:
        key = (cid, index)
        head = self.cache.category_conditions.get(key)
        if head is None:
            category = self.categories[cid]
            t = new_condition_trace(category.conditions[index], category.spec.clause)
            head = self.cache.category_conditions[key] = (
                t.id,
                t.label_zh,
                t.label_en,
                t.expression,
                t.clause,
            )
        frame = ConditionTrace(*head[:4], Verdict.unknown, head[4])
        self._category_stack[-1][0].conditions.append(frame)
        self.stack.append(frame)

    def end_category_condition(self, value: bool | None) -> bool | None:
        self.stack.pop().verdict = Verdict.of(value)
        return value

    def end_category(self, value: bool | None) -> bool | None:
        trace, key = self._category_stack.pop()
        trace.verdict = Verdict.of(value)
        self._known[key] = (value, trace)
        return value
