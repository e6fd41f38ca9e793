"""Shared constants of the durable_rules backend's tests (imported by name: tests/ is no package).

Environment knobs (the defaults keep the durable test files well under a minute together):

- ``ZYJOB_DURABLE_EXAMPLES``: generated cases per applicant kind in the differential tests on
  the bundled rules (default 100, so 300 in all; the synthetic rule set gets half as many);
- ``ZYJOB_DURABLE_RSS_EVALS``: sequential evaluations in the memory test (default 10,000; the
  100,000 of the issue on demand).
"""

from __future__ import annotations

import os
from pathlib import Path

from zyjob_rules.model import Case, parse_case

HERE = Path(__file__).parent
ALL_NODES = HERE / "all_nodes"
EXAMPLES = HERE.parent.parent / "examples" / "cases"


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def example_cases() -> list[Case]:
    return [parse_case(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.json"))]


def example(name: str) -> Case:
    return parse_case((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
