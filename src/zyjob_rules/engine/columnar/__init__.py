"""The columnar backend: checked rules compiled to polars expressions for registries and what-if.

``ColumnarEngine(ruleset).decide(table)`` decides a batch in the registry layout (layout.py);
``screen(..., backend="columnar")`` gives the scalar screen's results from it. Needs the
``columnar`` extra (polars, pyarrow); importing this package does not import them. See
docs/engines.md.
"""

from __future__ import annotations

from .engine import (
    ColumnarEngine,
    ColumnarMismatchError,
    ColumnarUnavailableError,
    columnar_engine,
    decide_cases,
)
from .expressions import Unsupported

__all__ = [
    "ColumnarEngine",
    "ColumnarMismatchError",
    "ColumnarUnavailableError",
    "Unsupported",
    "columnar_engine",
    "decide_cases",
]
