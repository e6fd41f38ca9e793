"""One condition, or one amount formula, evaluated with its trace frame.

Shared by the full recorder (every frame of a traced decision) and by the missing-fact and
unset-parameter look-ups of an untraced decision (only the frames they need).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...explain.decision import ConditionTrace, Verdict
from ...explain.words import engine_notes
from ..program import CompiledCondition, Fn
from .context import Context
from .tracer import Tracer

ConditionHead = tuple[str, str, str, str]  # id, label zh, label en, expression


def traced_frame(
    c: CompiledCondition,
    head: ConditionHead,
    args: tuple[Any, ...],
    x: Context,
    tracer: Tracer,
    clause: str,
) -> tuple[bool | None, ConditionTrace]:
    """A condition's value and its frame, evaluated from an empty recorder stack."""
    frame = ConditionTrace(*head, Verdict.unknown, clause)
    stack = tracer.stack
    stack.append(frame)
    try:
        v = c.traced(*args, x)
    finally:
        stack.pop()
    frame.verdict = Verdict.of(v)
    return v, frame


def traced_amount(
    fns: tuple[Fn, Fn],
    args: tuple[Any, ...],
    x: Context,
    tracer: Tracer,
    into: list[ConditionTrace],
) -> Decimal | None:
    """An amount formula evaluated traced; its frame (id ``amount``) is appended to ``into``."""
    frame = ConditionTrace("amount", *engine_notes.AMOUNT_LABEL, "", Verdict.unknown, "")
    tracer.push(frame)
    try:
        value = fns[1](*args, x)
    finally:
        tracer.pop(None)
    frame.verdict = Verdict.met if value is not None else Verdict.unknown
    into.append(frame)
    return None if value is None else Decimal(value)
