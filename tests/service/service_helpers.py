"""Constants and small helpers of the service tests (imported by name: tests/ is no package)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "cases"
FAMILY_FARM = EXAMPLES / "family_farm_poor_hires.json"
TOKEN = "test-token-0123456789abcdef"


def lines(text: str) -> list[dict[str, Any]]:
    """The JSON objects of a JSON-lines body."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]
