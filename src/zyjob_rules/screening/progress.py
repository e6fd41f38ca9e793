"""A one-line progress bar for a terminal; silent when the stream is not a TTY.

Written here rather than taken from tqdm or rich: it needs one line of text redrawn at most ten
times a second from the one thread that writes results, which is a few lines of code, and the
library keeps its dependencies to pydantic, dateutil and PyYAML.
"""

from __future__ import annotations

import time
from typing import TextIO


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class Progress:
    """Cases done, rate, and (when the input size is known) percentage, bar and ETA."""

    WIDTH = 24

    def __init__(
        self, stream: TextIO, total_bytes: int | None, enabled: bool | None = None,
        interval: float = 0.1,
    ) -> None:
        self.stream = stream
        self.total = total_bytes or None
        self.enabled = stream.isatty() if enabled is None else enabled
        self.interval = interval
        self.start = time.monotonic()
        self._last = 0.0
        self._drawn = False

    def update(self, cases: int, consumed_bytes: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        self.stream.write("\r" + self.line(cases, consumed_bytes, now - self.start) + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def line(self, cases: int, consumed_bytes: int, elapsed: float) -> str:
        rate = cases / elapsed if elapsed > 0 else 0.0
        text = f"{cases:,} cases  {rate:,.0f}/s  {_clock(elapsed)}"
        if self.total:
            done = min(consumed_bytes / self.total, 1.0)
            filled = int(done * self.WIDTH)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            eta = elapsed * (1 - done) / done if done > 0 else 0.0
            text = f"screening [{bar}] {done:6.1%}  {text}  ETA {_clock(eta)}"
        else:
            text = f"screening {text}"
        return text

    def close(self, cases: int, consumed_bytes: int) -> None:
        if self.enabled:
            self.update(cases, consumed_bytes, force=True)
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
