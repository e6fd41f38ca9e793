"""``zyjob-rules`` with every chunk slowed down (ZYJOB_TEST_CHUNK_DELAY seconds), so a test can
signal or kill a run while it is going on. Run as a script by the signal tests."""

from __future__ import annotations

import os
import sys
import time

from zyjob_rules.cli import main
from zyjob_rules.screening import pipeline

_real_call = pipeline.ChunkScreener.__call__
_DELAY = float(os.environ.get("ZYJOB_TEST_CHUNK_DELAY", "0.05"))


def _slow_call(self: pipeline.ChunkScreener, records: list[pipeline.Record]
               ) -> pipeline.ChunkResult:
    time.sleep(_DELAY)
    return _real_call(self, records)


pipeline.ChunkScreener.__call__ = _slow_call  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
