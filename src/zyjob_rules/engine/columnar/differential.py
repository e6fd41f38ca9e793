"""The columnar engine against the scalar engine, decision by decision.

``disagreements`` decides a batch both ways and lists every difference in outcome, amount,
eligible_from, missing facts or amount reason, each naming the rule, the case and the subject.
The differential tests and the benchmark call it; ``assert_agree`` raises on the first batch
with a difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ...model import Case
from ..scalar.evaluator import evaluate_rules
from ..scalar.runtime import EvaluationError
from .engine import ColumnarEngine, decide_cases

Key = tuple[str, str]  # (rule id, subject path)


@dataclass(frozen=True)
class Disagreement:
    case_id: str | None
    case_index: int
    rule_id: str
    subject: str
    what: str
    columnar: Any
    scalar: Any

    def __str__(self) -> str:
        return (
            f"case {self.case_id or self.case_index} rule {self.rule_id} ({self.subject}): "
            f"{self.what} columnar={self.columnar!r} scalar={self.scalar!r}"
        )


class EnginesDisagree(AssertionError):
    """The columnar engine and the scalar engine decided something differently."""

    def __init__(self, found: Sequence[Disagreement]) -> None:
        lines = "\n".join(str(d) for d in found[:20])
        super().__init__(f"{len(found)} disagreement(s) between columnar and scalar:\n{lines}")
        self.found = list(found)


def _scalar_rows(engine: ColumnarEngine, case: Case, day: date) -> dict[Key, tuple[Any, ...]] | str:
    try:
        decisions = evaluate_rules(engine.program, case, day, False)
    except EvaluationError as exc:
        return f"evaluation failed: {exc}"
    return {
        (d.rule_id, d.subject): (
            d.outcome.value,
            None if d.amount is None else int(d.amount * 100),
            d.eligible_from,
            tuple(d.missing),
            d.amount_reason_en,
        )
        for d in decisions
    }


FIELDS = ("outcome", "amount_fen", "eligible_from", "missing", "amount_reason_en")


def disagreements(
    engine: ColumnarEngine, cases: Sequence[Case], as_of: date | None = None
) -> list[Disagreement]:
    """Every difference between the two engines on ``cases`` (empty: they agree)."""
    frame = decide_cases(engine, cases, as_of)
    columnar: dict[int, dict[Key, tuple[Any, ...]]] = {}
    errors: dict[int, str] = {}
    order: dict[int, list[Key]] = {}
    for r in frame.iter_rows(named=True):
        i = r["case_index"]
        if r["error"] is not None:
            errors[i] = r["error"]
            continue
        key = (r["rule_id"], r["subject"])
        order.setdefault(i, []).append(key)
        columnar.setdefault(i, {})[key] = (
            r["outcome"],
            r["amount_fen"],
            r["eligible_from"],
            tuple(r["missing"] or ()),
            r["amount_reason_en"],
        )
    found: list[Disagreement] = []
    for i, case in enumerate(cases):
        day = as_of or case.as_of
        assert day is not None
        expected = _scalar_rows(engine, case, day)
        if isinstance(expected, str) or i in errors:
            if isinstance(expected, str) != (i in errors):
                found.append(
                    Disagreement(case.id, i, "*", "*", "error", errors.get(i), expected)
                )
            continue
        got = columnar.get(i, {})
        if list(got) != list(expected):
            found.append(
                Disagreement(case.id, i, "*", "*", "decisions", list(got), list(expected))
            )
            continue
        for key, want in expected.items():
            have = got[key]
            for name, a, b in zip(FIELDS, have, want, strict=True):
                if a != b:
                    found.append(Disagreement(case.id, i, key[0], key[1], name, a, b))
    return found


def assert_agree(engine: ColumnarEngine, cases: Sequence[Case], as_of: date | None = None) -> None:
    found = disagreements(engine, cases, as_of)
    if found:
        raise EnginesDisagree(found)


def fen(amount: Decimal | None) -> int | None:
    return None if amount is None else int(amount * 100)
