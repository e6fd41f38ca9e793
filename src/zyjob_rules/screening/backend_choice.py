"""Which engine screens frames, what-ifs and Dask partitions: the one place that decides.

``screen_frame``, ``whatif`` and the Dask partition function take ``backend=`` and call
``resolve_backend``: ``"columnar"`` (polars, issue 14) by default where its extra (polars and
pyarrow) imports, else ``"python"`` (the scalar engine), so the core works without polars.
Asking for ``"columnar"`` explicitly without the extra raises ColumnarUnavailableError when the
run starts. A rule the columnar compiler cannot express is decided by the scalar engine for
that rule (``fallback_note`` words it for the run's summary).
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..ruleset.checked import RuleSet

BACKENDS = ("python", "columnar")


@cache
def columnar_available() -> bool:
    """Whether polars and pyarrow can be imported (without importing them)."""
    return find_spec("polars") is not None and find_spec("pyarrow") is not None


def default_backend() -> str:
    return "columnar" if columnar_available() else "python"


def resolve_backend(name: str | None) -> str:
    """The engine to use: ``name``, or the default for None. ValueError for an unknown name."""
    if name is None:
        return default_backend()
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r} for screening frames; use one of "
                         f"{', '.join(BACKENDS)}")
    if name == "columnar" and not columnar_available():
        from ..engine.columnar.errors import ColumnarUnavailableError

        raise ColumnarUnavailableError("polars and pyarrow")
    return name


def fallback_note(ruleset: RuleSet, backend: str) -> dict[str, str]:
    """For the run summary: each rule the columnar backend hands to the scalar engine, and
    why (empty for the scalar backend, or when every rule compiles)."""
    if backend != "columnar":
        return {}
    from ..engine.columnar import columnar_engine

    return columnar_engine(ruleset).fallbacks
