"""Helpers of the fault tests (imported by name: tests/ has no packages)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from zyjob_rules.cli import main
from zyjob_rules.screening import synth_rows

AS_OF = "2018-06-30"


def write_registry(path: Path, n: int = 30, kind: str = "person", seed: int = 7,
                   extra: list[str] | None = None) -> Path:
    """A JSON-lines registry of ``n`` synthetic cases, plus ``extra`` raw lines."""
    lines = [json.dumps(r, ensure_ascii=False) for r in synth_rows(kind, n, seed)]  # type: ignore[arg-type]
    lines += extra or []
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def screen(*args: Any) -> int:
    return main(["screen", *map(str, args), "--as-of", AS_OF, "--no-progress"])


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
