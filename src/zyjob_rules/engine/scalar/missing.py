"""The missing facts of a decision: model paths of the values a three-valued answer lacked.

An untraced decision that comes out ``unknown`` traces again only the frames that name them.
"""

from __future__ import annotations

from typing import Any

from ...explain.decision import ConditionTrace, Decision, Verdict
from ..program import CompiledRule
from .context import Context, Subject, rule_statics
from .frames import traced_amount, traced_frame
from .protocols import Evaluator
from .runtime import kand


def missing_facts(ev: Evaluator, cr: CompiledRule, subject: Subject) -> list[str]:
    """Missing facts of an untraced decision: trace this one rule again to find them."""
    return missing_of(ev.decide(cr, subject, True, item_dates=False))


def missing_unknown(
    ev: Evaluator,
    cr: CompiledRule,
    subject: Subject,
    rule_values: list[bool | None],
    items: list[Any],
    item_values: list[list[bool | None]],
    amounts: bool = True,
) -> list[str]:
    """Missing facts of an untraced unknown decision, as ``missing_of`` of its traced twin.

    Only the frames ``missing_of`` reads are traced again: the unknown conditions, the
    unknown conditions of unknown items, and (``amounts``) the amounts of qualifying items.
    Each traced condition starts from an empty recorder stack, as in a whole traced decision.
    ``amounts=False`` gives the facts of the undecided items of a positive decision only.
    """
    st = rule_statics(ev.program, cr)
    tracer = ev.new_tracer()
    x = Context(ev.as_of, ev.params, tracer)
    root, path = subject.obj, subject.path
    clause = st.head[1]
    out: list[str] = []
    for c, head, v in zip(cr.conditions, st.frames, rule_values, strict=True):
        if v is None:
            out += traced_frame(c, head, (root, path), x, tracer, clause)[1].missing
    if cr.items is not None:
        base = cr.items_path(root, path, x) if cr.items_path else ""
        for i, (item, values) in enumerate(zip(items, item_values, strict=True)):
            if kand(values) is not None:
                continue
            args = (root, path, item, f"{base}[{i}]")
            for c, head, v in zip(cr.item_conditions, st.item_frames, values, strict=True):
                if v is None:
                    out += traced_frame(c, head, args, x, tracer, clause)[1].missing
        if amounts and cr.item_amount is not None:
            for i, (item, values) in enumerate(zip(items, item_values, strict=True)):
                if kand(values):
                    frames: list[ConditionTrace] = []
                    traced_amount(
                        cr.item_amount, (root, path, item, f"{base}[{i}]"), x, tracer, frames
                    )
                    out += frames[0].missing
    return list(dict.fromkeys(out))


def missing_of(decision: Decision) -> list[str]:
    out: list[str] = []
    for c in decision.trace:
        if c.verdict is Verdict.unknown:
            out += c.missing
    for item in decision.items:
        if item.verdict is Verdict.unknown:
            for c in item.conditions:
                if c.verdict is Verdict.unknown:
                    out += c.missing
    if decision.amount is None and decision.amount_trace is not None:
        out += decision.amount_trace.missing
    for item in decision.items:
        for c in item.conditions:
            if c.id == "amount":
                out += c.missing
    return list(dict.fromkeys(out))
