"""Worker functions that fail like the OOM killer (SIGKILL), for the pool tests; and a slow
``zyjob-rules`` for the signal tests (run as a script: ``python slow_cli.py screen …``)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from zyjob_rules.screening.pipeline import ChunkResult, _work
from zyjob_rules.screening.records import Record

POISON_LINE = 10


def die_once(records: list[Record]) -> ChunkResult:
    """SIGKILL the worker the first time it gets the chunk holding POISON_LINE."""
    marker = Path(os.environ["ZYJOB_TEST_MARKER"])
    if any(r.line == POISON_LINE for r in records) and not marker.exists():
        marker.write_text("died")
        os.kill(os.getpid(), signal.SIGKILL)
    return _work(records)


def always_die(records: list[Record]) -> ChunkResult:
    """SIGKILL the worker every time it gets the chunk holding POISON_LINE."""
    if any(r.line == POISON_LINE for r in records):
        os.kill(os.getpid(), signal.SIGKILL)
    return _work(records)
