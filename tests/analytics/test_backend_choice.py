"""Frames, what-ifs and Dask partitions use the columnar backend by default where polars is
installed, the scalar engine otherwise, and give the same rows either way."""

from __future__ import annotations

from typing import Any

import pytest
from frame_helpers import AS_OF, synth_cases

from zyjob_rules.engine.columnar.errors import ColumnarUnavailableError
from zyjob_rules.screening import backend_choice
from zyjob_rules.screening.backend_choice import resolve_backend


def test_without_polars_the_default_is_the_scalar_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backend_choice, "columnar_available", lambda: False)
    assert resolve_backend(None) == "python"
    assert resolve_backend("python") == "python"
    with pytest.raises(ColumnarUnavailableError, match=r"zyjob-rules\[columnar\]"):
        resolve_backend("columnar")


def test_with_polars_the_default_is_columnar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backend_choice, "columnar_available", lambda: True)
    assert resolve_backend(None) == "columnar"
    with pytest.raises(ValueError, match="unknown backend"):
        resolve_backend("spark")


def _rows(frame: Any) -> list[tuple[Any, ...]]:
    return sorted(tuple(r.values()) for r in frame.to_dicts())


def test_screen_frame_columnar_equals_python() -> None:
    pl = pytest.importorskip("polars")
    pytest.importorskip("pyarrow")
    from zyjob_rules import Case
    from zyjob_rules.screening import case_to_row
    from zyjob_rules.screening.frames import screen_frame

    cases = synth_cases("person", 40, 11) + synth_cases("enterprise", 40, 11)
    frame = pl.DataFrame([case_to_row(Case.model_validate(c)) for c in cases],
                         infer_schema_length=None)
    frame = frame.with_columns(pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("bad"))
                               .otherwise(pl.col("birth_date")).alias("birth_date"))
    columnar = screen_frame(frame, AS_OF)  # the default where polars is installed
    python = screen_frame(frame, AS_OF, backend="python")
    assert _rows(columnar) == _rows(python)
    assert "rejected" in columnar["outcome"].to_list()


def test_whatif_columnar_equals_python_and_says_which_engine() -> None:
    pytest.importorskip("polars")
    pytest.importorskip("pyarrow")
    from zyjob_rules.screening.whatif import whatif

    registry = synth_cases("enterprise", 80, 31)
    change = {"poverty_hire_award.min_months": 3}
    columnar = whatif(registry, AS_OF, changes=change)
    python = whatif(registry, AS_OF, changes=change, backend="python")
    assert columnar.backend == "columnar" and python.backend == "python"
    a, b = columnar.to_dict(), python.to_dict()
    for key in ("backend", "scalar_fallbacks"):
        a.pop(key), b.pop(key)
    assert a == b
    assert columnar.cash_difference() > 0
    assert "engine: columnar" in columnar.render()
    assert columnar.scalar_fallbacks == {}
