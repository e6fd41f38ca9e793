"""Which engine screens frames, what-ifs and Dask partitions: the one place that decides.

``screen_frame``, ``whatif`` and the Dask partition function take ``backend=`` and call
``resolve_backend``. Today the only engine for them is ``"python"`` (the default engine).
Issue 14: when the columnar (polars) backend lands, make it the default here where polars is
installed, and add its name to ``BACKENDS``; nothing else needs to change.
"""

from __future__ import annotations

BACKENDS = ("python",)
DEFAULT_BACKEND = "python"


def resolve_backend(name: str | None) -> str:
    """The engine to use: ``name``, or the default for None. ValueError for an unknown name."""
    if name is None:
        return DEFAULT_BACKEND
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r} for screening frames; use one of "
                         f"{', '.join(BACKENDS)}")
    return name
