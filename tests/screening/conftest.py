"""Fixtures of the screening tests: small synthetic registries written to files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from screen_helpers import write_jsonl

from zyjob_rules.screening import synth_rows


@pytest.fixture
def registry(tmp_path: Path) -> Callable[..., Path]:
    """A JSON-lines registry of ``n`` synthetic cases of ``kind`` (plus optional extra lines)."""

    def make(kind: str = "enterprise", n: int = 40, seed: int = 5, extra: Any = ()) -> Path:
        rows: list[Any] = list(synth_rows(kind, n, seed))  # type: ignore[arg-type]
        return write_jsonl(tmp_path / f"{kind}-{n}-{seed}.jsonl", rows + list(extra))

    return make
