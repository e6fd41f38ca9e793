"""eligible_from: the first date a decision turns positive when only a duration falls short.

A candidate date comes from each failing duration condition (``months_between(start, … as_of
…) >= N`` gives ``add_months(start, N)``); it is reported only if the rule holds on it and not
on the day before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from ..program import CompiledCondition, CompiledRule
from .context import Context, Subject, rule_statics
from .protocols import Evaluator
from .runtime import SHIFT, kand, kor


def eligible_from(
    ev: Evaluator,
    cr: CompiledRule,
    subject: Subject,
    rule_values: list[bool | None],
    items: list[Any],
    item_values: list[list[bool | None]],
) -> date | None:
    """The first date the rule holds when only durations fall short (verified by re-running).

    ``rule_values`` and ``item_values`` are the condition values already computed on as_of.
    """
    x, root, path = ev.plain_ctx, subject.obj, subject.path
    rule_date = _candidate(cr.conditions, rule_values, (root, path), x)
    if rule_date is None:
        return None
    candidates: list[date] = []
    if cr.items is None:
        candidates = [rule_date] if rule_date is not date.min else []
    else:
        for item, values in zip(items, item_values, strict=True):
            d = _candidate(cr.item_conditions, values, (root, path, item, None), x)
            if d is not None:
                candidates.append(max(d, rule_date))
    known = (rule_values, items, item_values)
    for day in sorted(set(candidates))[:5]:
        if day <= ev.as_of or day == date.min:
            continue
        if holds_on(ev, cr, subject, day, known) and not holds_on(
            ev, cr, subject, day - timedelta(days=1), known
        ):
            return day
    return None


def item_eligible_from(
    ev: Evaluator, cr: CompiledRule, subject: Subject, item: Any, values: list[bool | None]
) -> date | None:
    """The first date one item's own conditions hold, when only durations are short."""
    args = (subject.obj, subject.path, item, None)
    day = _candidate(cr.item_conditions, values, args, ev.plain_ctx)
    if day is None or day <= ev.as_of:
        return None

    def holds(on: date) -> bool:
        x = ev.on(on).plain_ctx
        return kand([c.plain(*args, x) for c in cr.item_conditions]) is True

    return day if holds(day) and not holds(day - timedelta(days=1)) else None


def holds_on(
    ev: Evaluator,
    cr: CompiledRule,
    subject: Subject,
    day: date,
    known: tuple[list[bool | None], list[Any], list[list[bool | None]]],
) -> bool:
    """Whether the rule is positive on ``day``.

    ``known`` holds the condition values computed on as_of. When the same version of the
    rule is in force on ``day`` with the same parameter values, only the conditions that may
    change with the date (``CompiledCondition.dated``) are evaluated again; the others are
    functions of the case and the parameters alone, so their values carry over.
    """
    version = ev.program.version_at(cr.rule.id, day)
    if version is None:
        return False
    other = ev.on(day)
    st = rule_statics(ev.program, cr)
    if (
        # one generated call, lazier than reusing known values
        (version.straight is not None and "verdict" in version.straight.functions())
        or version is not cr
        or st.scope_dated
        or any(other.params[p] != ev.params[p] for p in st.params_read)
    ):
        return other.verdict(version, subject) is True
    # The scope held on as_of (or there would be no date to look for) and is not dated.
    rule_values, items, item_values = known
    x, root, path = other.plain_ctx, subject.obj, subject.path
    overall = kand(
        [
            c.plain(root, path, x) if c.dated else v
            for c, v in zip(cr.conditions, rule_values, strict=True)
        ]
    )
    if cr.items is not None and overall is not False:
        conds = cr.item_conditions
        overall = kand(
            (
                overall,
                kor(
                    [
                        kand(
                            [
                                c.plain(root, path, item, None, x) if c.dated else v
                                for c, v in zip(conds, values, strict=True)
                            ]
                        )
                        for item, values in zip(items, item_values, strict=True)
                    ]
                ),
            )
        )
    return overall is True


def _candidate(
    conds: tuple[CompiledCondition, ...],
    values: list[bool | None],
    args: tuple[Any, ...],
    x: Context,
) -> date | None:
    """Latest threshold date of the failing conditions; None if any failing one is not a duration.

    ``values`` are the conditions' values on as_of. Returns date.min when nothing fails.
    """
    latest = date.min
    for c, value in zip(conds, values, strict=True):
        if value is True:
            continue
        probe = c.duration
        if value is None or probe is None:
            return None
        start, threshold = probe.start(*args, x), probe.threshold(*args, x)
        if start is None or threshold is None:
            return None
        shift: Callable[[date, int], date] = SHIFT[probe.fn]
        day = shift(start, int(threshold) + (1 if probe.strict else 0))
        latest = max(latest, day)
    return latest
