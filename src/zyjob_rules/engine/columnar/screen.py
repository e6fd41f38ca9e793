"""``screen(..., backend="columnar")``: the same ScreenResults, decided batch by batch in polars.

Inputs are validated one by one exactly as the scalar screen does (a bad case becomes a result
with problems and never stops the run); each batch of valid cases goes to Arrow in one pass and
is decided by the columnar engine; results come back in input order, one batch in memory at a
time. ``trace=True`` needs the scalar engine's condition traces, so traced screening stays on
the scalar path.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from ...explain.decision import AuditStamp, Decision, Outcome, Report
from ...model import Case, FieldProblem
from ..scalar.context import new_decision, rule_statics
from ..scalar.overlaps import mark_non_cumulative
from .engine import ColumnarEngine, columnar_engine
from .layout import cases_table

if TYPE_CHECKING:
    import polars as pl

    from ...screening.core import CaseInput, ScreenResult

DEFAULT_BATCH = 5000


class CaseScreener(Protocol):
    """What this module needs of ``screening.core.Screener`` (no import cycle)."""

    ruleset: Any

    def validate(self, data: CaseInput) -> Case: ...

    def screen_one(self, data: CaseInput, index: int, as_of: date | None) -> ScreenResult: ...


def decisions_of(engine: ColumnarEngine, rows: list[dict[str, Any]]) -> list[Decision]:
    """The Decisions of one case from its rows of the columnar output."""
    out = []
    program = engine.program
    for r in rows:
        day = r["__as_of"]
        cr = program.version_at(r["rule_id"], day)
        assert cr is not None
        d = new_decision(rule_statics(program, cr), r["subject"], Outcome(r["outcome"]))
        if r["amount_fen"] is not None:
            d.amount = Decimal(r["amount_fen"]).scaleb(-2)
        d.eligible_from = r["eligible_from"]
        d.missing = list(r["missing"] or ())
        d.amount_reason_zh = r["amount_reason_zh"]
        d.amount_reason_en = r["amount_reason_en"]
        out.append(d)
    if any(d.not_cumulative_with for d in out):
        mark_non_cumulative(out)
    return out


def screen_columnar(
    screener: CaseScreener,
    cases: Iterable[CaseInput],
    day: date | None,
    batch_size: int = DEFAULT_BATCH,
    details: bool = True,
) -> Iterator[ScreenResult]:
    """Screen ``cases`` with the columnar engine, yielding results in input order.
    ``details=False``: outcomes and amounts only (no missing facts nor eligible_from; see
    ``ColumnarEngine.decide``)."""
    from ... import __version__
    from ...model.validation import CaseValidationError
    from ...screening.core import ScreenResult, case_id_of

    engine = columnar_engine(screener.ruleset)

    pending: list[tuple[int, Case | ScreenResult]] = []

    def flush() -> Iterator[ScreenResult]:
        valid = [(i, c) for i, c in pending if isinstance(c, Case)]
        grouped: dict[int, list[dict[str, Any]]] = {}
        errors: dict[int, str] = {}
        if valid:
            batch = [c for _, c in valid]
            days = [day or c.as_of or date.today() for c in batch]
            frame = _decide(engine, batch, days, details)
            for r in frame.iter_rows(named=True):
                k = r["case_index"]
                if r["error"] is not None:
                    errors[k] = r["error"]
                grouped.setdefault(k, []).append(r)
        k = 0
        for i, item in pending:
            if not isinstance(item, Case):
                yield item
                continue
            case, this = item, k
            k += 1
            if this in errors:
                yield ScreenResult(
                    i, case_id_of(case), problems=[FieldProblem("$", errors[this])]
                )
                continue
            rows = grouped.get(this, [])
            stamp_day = day or case.as_of or date.today()
            stamp = AuditStamp(engine.ruleset.version, stamp_day, __version__, "columnar")
            report = Report(case.id, stamp, decisions_of(engine, rows))
            yield ScreenResult(i, case_id_of(case), report)
        pending.clear()

    for index, data in enumerate(cases):
        try:
            pending.append((index, screener.validate(data)))
        except CaseValidationError:  # the scalar screen words the problems
            pending.append((index, screener.screen_one(data, index, day)))
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()


def _decide(
    engine: ColumnarEngine, batch: list[Case], days: list[date], details: bool
) -> pl.DataFrame:
    import polars as pl

    table = pl.from_arrow(cases_table(batch))
    assert isinstance(table, pl.DataFrame)
    table = table.with_columns(pl.Series("as_of", days, dtype=pl.Date))
    frame = engine.decide(table, details=details)
    return frame.join(
        table.with_row_index("case_index").select(
            pl.col("case_index").cast(pl.Int64), pl.col("as_of").alias("__as_of")
        ),
        on="case_index",
        how="left",
        maintain_order="left",
    )
