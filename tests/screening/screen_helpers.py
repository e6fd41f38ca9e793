"""Helpers shared by the screening tests (imported by name: tests/ has no packages)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

AS_OF = date(2018, 6, 30)


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


