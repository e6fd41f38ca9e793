"""The columnar backend: checked rules compiled to polars expressions for registries and what-if.

``ColumnarEngine(ruleset).decide(table)`` decides a batch in the registry layout (layout.py);
``ColumnarBackend`` is the same engine in the engine registry (``backend="columnar"``);
``screen(..., backend="columnar")`` gives the scalar screen's results from it. Needs the
``columnar`` extra (polars, pyarrow); importing this package does not import them. See
docs/engines.md.
"""

from __future__ import annotations

from .backend import TRACED_STAMP, ColumnarBackend, columnar_backend
from .engine import ColumnarEngine, columnar_engine, decide_cases
from .errors import ColumnarMismatchError, ColumnarUnavailableError
from .expressions import Unsupported

__all__ = [
    "TRACED_STAMP",
    "ColumnarBackend",
    "ColumnarEngine",
    "ColumnarMismatchError",
    "ColumnarUnavailableError",
    "Unsupported",
    "columnar_backend",
    "columnar_engine",
    "decide_cases",
]
