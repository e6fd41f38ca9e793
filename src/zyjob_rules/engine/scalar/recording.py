"""The two recorders of a decision walk, chosen once per decision (DESIGN §7).

``RuleEvaluator.decide`` walks a rule once — scope, conditions, items, amounts, missing facts —
and leaves everything that differs between a traced and an untraced decision to its recorder:

- ``NullRecorder`` (untraced): runs the plain generated functions and records nothing; the
  missing facts of an ``unknown`` decision and the notes of unset parameters are found by
  tracing again only the frames that name them;
- ``FullRecorder`` (traced): runs the traced generated functions with a ``Tracer`` and keeps
  every frame: condition traces, item traces (with each item's eligible_from), amount frames.

So the walk has no ``if trace:`` and the untraced path records nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...explain.decision import ConditionTrace, Decision, ItemTrace, Verdict
from ...money import round_fen
from ..program import CompiledCondition, CompiledRule, Fn
from .context import Context, RuleStatics, Subject
from .dates import item_eligible_from
from .frames import ConditionHead, traced_amount
from .missing import missing_facts, missing_of, missing_unknown
from .protocols import Evaluator
from .tracer import Tracer

# What a null recorder hands out as an item's frame list: never appended to (null records
# nothing) and never stored in a decision.
_NO_FRAMES: list[ConditionTrace] = []


class NullRecorder:
    """Untraced evaluation: plain generated code, nothing recorded (one per evaluator)."""

    __slots__ = ("ctx",)

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def conditions(
        self,
        conds: tuple[CompiledCondition, ...],
        args: tuple[Any, ...],
        clause: str,
        heads: tuple[ConditionHead, ...],
        into: list[ConditionTrace],
    ) -> list[bool | None]:
        x = self.ctx
        return [c.plain(*args, x) for c in conds]

    def item_base(self, cr: CompiledRule, root: Any, path: str) -> str | None:
        return None

    def item_path(self, base: str | None, index: int) -> str | None:
        return None

    def item_frames(self) -> list[ConditionTrace]:
        return _NO_FRAMES

    def amount(
        self, fns: tuple[Fn, Fn], args: tuple[Any, ...], into: list[ConditionTrace]
    ) -> Decimal | None:
        value = fns[0](*args, self.ctx)
        return None if value is None else Decimal(value)

    def item(
        self,
        ev: Evaluator,
        decision: Decision,
        st: RuleStatics,
        cr: CompiledRule,
        subject: Subject,
        item: Any,
        path: str | None,
        value: bool | None,
        amount: Decimal | None,
        values: list[bool | None],
        frames: list[ConditionTrace],
    ) -> None:
        return None

    def missing(
        self,
        ev: Evaluator,
        cr: CompiledRule,
        subject: Subject,
        decision: Decision,
        overall: bool | None,
        rule_values: list[bool | None],
        items: list[Any],
        item_values: list[list[bool | None]],
    ) -> list[str]:
        if overall is None:  # trace again only the frames that name the missing facts
            return missing_unknown(ev, cr, subject, rule_values, items, item_values)
        return missing_facts(ev, cr, subject)

    def amount_frames(
        self,
        ev: Evaluator,
        decision: Decision,
        cr: CompiledRule,
        args: tuple[Any, ...],
        item_values: list[bool | None],
        items: list[Any],
    ) -> list[ConditionTrace]:
        """The amount frames a traced decision would hold: traced again, only those."""
        frames: list[ConditionTrace] = []
        tracer = ev.new_tracer()
        x = Context(ev.as_of, ev.params, tracer)
        root, path = args
        if cr.amount is not None:
            traced_amount(cr.amount, args, x, tracer, frames)
        if cr.items is not None and cr.item_amount is not None:
            base = cr.items_path(root, path, x) if cr.items_path else ""
            for i, (item, v) in enumerate(zip(items, item_values, strict=True)):
                if v:
                    traced_amount(
                        cr.item_amount, (root, path, item, f"{base}[{i}]"), x, tracer, frames
                    )
        return frames


class FullRecorder:
    """Traced evaluation: traced generated code, every frame kept (one per decision)."""

    __slots__ = ("ctx", "item_dates", "tracer")

    def __init__(self, ev: Evaluator, tracer: Tracer, item_dates: bool) -> None:
        self.tracer = tracer
        self.ctx = Context(ev.as_of, ev.params, tracer)
        self.item_dates = item_dates  # look for each failing item's eligible_from

    def conditions(
        self,
        conds: tuple[CompiledCondition, ...],
        args: tuple[Any, ...],
        clause: str,
        heads: tuple[ConditionHead, ...],
        into: list[ConditionTrace],
    ) -> list[bool | None]:
        x = self.ctx
        values = []
        unknown = Verdict.unknown
        stack = self.tracer.stack
        for c, head in zip(conds, heads, strict=True):
            frame = ConditionTrace(*head, unknown, clause)
            stack.append(frame)
            try:
                v = c.traced(*args, x)
            finally:
                stack.pop()
            frame.verdict = Verdict.of(v)
            values.append(v)
            into.append(frame)
        return values

    def item_base(self, cr: CompiledRule, root: Any, path: str) -> str | None:
        return cr.items_path(root, path, self.ctx) if cr.items_path else ""

    def item_path(self, base: str | None, index: int) -> str | None:
        return f"{base}[{index}]"

    def item_frames(self) -> list[ConditionTrace]:
        return []

    def amount(
        self, fns: tuple[Fn, Fn], args: tuple[Any, ...], into: list[ConditionTrace]
    ) -> Decimal | None:
        return traced_amount(fns, args, self.ctx, self.tracer, into)

    def item(
        self,
        ev: Evaluator,
        decision: Decision,
        st: RuleStatics,
        cr: CompiledRule,
        subject: Subject,
        item: Any,
        path: str | None,
        value: bool | None,
        amount: Decimal | None,
        values: list[bool | None],
        frames: list[ConditionTrace],
    ) -> None:
        shown = round_fen(amount) if value and amount is not None else None
        trace = ItemTrace(path or "", Verdict.of(value), shown, frames)
        if value is False and self.item_dates and st.item_probes:
            trace.eligible_from = item_eligible_from(ev, cr, subject, item, values)
        decision.items.append(trace)

    def missing(
        self,
        ev: Evaluator,
        cr: CompiledRule,
        subject: Subject,
        decision: Decision,
        overall: bool | None,
        rule_values: list[bool | None],
        items: list[Any],
        item_values: list[list[bool | None]],
    ) -> list[str]:
        return missing_of(decision)

    def amount_frames(
        self,
        ev: Evaluator,
        decision: Decision,
        cr: CompiledRule,
        args: tuple[Any, ...],
        item_values: list[bool | None],
        items: list[Any],
    ) -> list[ConditionTrace]:
        frames = [decision.amount_trace] if decision.amount_trace else []
        return frames + [c for item in decision.items for c in item.conditions if c.id == "amount"]


Recorder = NullRecorder | FullRecorder
