"""The example scripts of the DataFrame, what-if and Dask entry points run and say what they do."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_screen_dataframe_example(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas")
    assert _example("screen_dataframe").main(["--rows", "80"]) == 0
    out = capsys.readouterr().out
    assert "80 registry rows" in out and "rejected rows: 0" in out


def test_whatif_example_draws_the_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    pytest.importorskip("matplotlib")
    assert _example("whatif_min_months").main(
        ["--rows", "120", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "cash difference: +" in out and "poverty_hire_award" in out
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")
    assert "data:image/png;base64," in (tmp_path / "summary.html").read_text("utf-8")


def test_dask_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    pytest.importorskip("dask.dataframe")
    assert _example("screen_dask").main(
        ["--rows", "60", "--workers", "1", "--out", str(tmp_path)]) == 0
    assert "4 partitions screened on 1 workers" in capsys.readouterr().out
