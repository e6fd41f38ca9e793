"""The columnar engine as the engine registry sees it (``engine/interface.py``'s ``Engine``).

``ENGINES.engine(ruleset, "columnar")`` builds it once per rule set; ``evaluate(...,
backend="columnar")`` and ``screen(..., backend="columnar")`` reach it through the registry.
One case is decided as a batch of one. A traced decision needs the scalar engine's condition
traces, which the columnar engine does not produce: with ``trace=True`` the case is decided by
the scalar engine and the audit stamp says so (``stamp_name``: "scalar (traced)"), never
"columnar".
"""

from __future__ import annotations

from datetime import date
from typing import cast

from ...explain.decision import Decision
from ...model import Case
from ...ruleset.checked import RuleSet
from ..interface import Engine
from ..scalar.runtime import EvaluationError
from .engine import ColumnarEngine, decide_cases

TRACED_STAMP = "scalar (traced)"
"""The engine named in the audit stamp of a traced decision asked of the columnar backend."""


class ColumnarBackend:
    """A rule set compiled to polars; traced decisions are the scalar engine's, stamped so."""

    name = "columnar"

    def __init__(self, ruleset: RuleSet) -> None:
        self.columnar = ColumnarEngine(ruleset)

    @property
    def ruleset(self) -> RuleSet:
        return self.columnar.ruleset

    def stamp_name(self, trace: bool) -> str:
        """The engine that really decides with this ``trace`` (for the audit stamp)."""
        return TRACED_STAMP if trace else self.name

    def decide(self, case: Case, as_of: date, trace: bool) -> list[Decision]:
        if trace:
            return self._scalar().decide(case, as_of, True)
        import polars as pl

        from .screen import decisions_of

        frame = decide_cases(self.columnar, [case], as_of)
        errors = frame.filter(pl.col("error").is_not_null())
        if errors.height:
            raise EvaluationError(str(errors["error"][0]))
        rows = frame.with_columns(pl.lit(as_of, dtype=pl.Date).alias("__as_of"))
        return decisions_of(self.columnar, rows.to_dicts())

    def _scalar(self) -> Engine:
        from ..registry import ENGINES

        return ENGINES.engine(self.ruleset, "python")

    def close(self) -> None:
        """Nothing outside Python objects to free."""


def columnar_backend(ruleset: RuleSet) -> ColumnarBackend:
    """The rule set's columnar backend from the engine registry (compiled once, cached there)."""
    from ..registry import ENGINES

    return cast(ColumnarBackend, ENGINES.engine(ruleset, "columnar"))
