"""The work behind ``POST /v1/screen``: a registry body in, one JSON line per result out.

The body (JSON lines or CSV, the formats of ``zyjob-rules screen``) is spooled as it arrives
into a temporary file that stays in memory up to a few MiB (the client never names a file), then
read by the screening package's own readers, record by record, and decided by its Screener: the
same line numbers, the same field paths, the same result rows as the CLI. Lines of the response::

    {"record": "result",   "line": 3, "case_id": ..., "rule_id": ..., "outcome": ..., ...}
    {"record": "rejected", "line": 4, "case_id": ..., "problems": [{"path", "message": {zh, en}}]}
    {"record": "summary",  "cases": ..., "rejected": ..., "rules": {...}, "ruleset_version": ...}

The summary is always the last line; a client that does not see it knows the stream broke.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from ..explain.decision import jsonable
from ..model import CaseValidationError, FieldProblem
from ..screening.core import Screener, ScreenResult
from ..screening.output import result_row
from ..screening.records import InputFormat, Record, Source, read_records
from ..screening.summary import Summary
from .decide import Only, shown
from .limits import count_items
from .problems import Problem
from .rules_state import LoadedRules

SPOOL_IN_MEMORY = 4 * 1024 * 1024  # bytes kept in memory before the spool moves to a temp file


def new_spool() -> IO[bytes]:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY, mode="w+b")


class SpooledSource(Source):
    """A screening Source over the spooled request body instead of a named file."""

    def __init__(self, stream: IO[bytes], size: int) -> None:  # no super(): it opens a path
        self.path = "request body"
        self.encoding = None  # request bodies are UTF-8 (JSON lines and CSV alike)
        self.stream = stream
        self.size = size
        self.consumed = 0


@dataclass(frozen=True)
class ScreenRequest:
    fmt: InputFormat
    as_of: date | None
    trace: bool
    only: Only | None
    max_items: int
    request_id: str


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=jsonable)


def _line(obj: dict[str, Any]) -> bytes:
    return (_ENCODER.encode(obj) + "\n").encode("utf-8")


class ScreenRun:
    """One screening of one body. ``start`` reads the header (a bad CSV header raises
    ValueError before any response is sent); ``lines`` then yields the response lines."""

    def __init__(self, rules: LoadedRules, req: ScreenRequest, spool: IO[bytes], size: int):
        self.rules = rules
        self.req = req
        self.spool = spool
        self.source = SpooledSource(spool, size)
        self.screener = Screener(rules.ruleset, req.trace)
        self.summary = Summary()
        self._records: Iterator[Record] | None = None
        self._first: Record | None = None

    def start(self) -> None:
        self.spool.seek(0)
        self._records = read_records(self.source, self.req.fmt)
        try:
            self._first = next(self._records, None)
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        self.spool.close()

    def lines(self) -> Iterator[bytes]:
        assert self._records is not None, "start() first"
        try:
            if self._first is not None:
                yield from self._record_lines(self._first)
            for record in self._records:
                yield from self._record_lines(record)
            yield self._summary_line()
        finally:
            self.close()

    def _record_lines(self, rec: Record) -> Iterator[bytes]:
        if rec.problems or rec.payload is None:
            yield self._rejected(rec.line, None, self._with_model_problems(rec))
            return
        try:
            case = self.screener.validate(rec.payload)
        except CaseValidationError as exc:
            result = self.screener.screen_one(rec.payload, rec.line, self.req.as_of)
            yield self._rejected(rec.line, result.case_id, exc.problems)
            return
        items = count_items(case)
        if items > self.req.max_items:
            yield self._rejected(rec.line, case.id, [FieldProblem(
                "$", f"the case has {items:,} list items, over the limit of "
                f"{self.req.max_items:,}")])
            return
        result = self.screener.screen_one(case, rec.line, self.req.as_of)
        yield from self._result_lines(rec.line, result)

    def _result_lines(self, line: int, result: ScreenResult) -> Iterator[bytes]:
        if result.report is None:
            yield self._rejected(line, result.case_id, result.problems)
            return
        decisions = result.report.decisions
        self.summary.add_decisions(decisions)
        for d in decisions:
            if shown(d.outcome, self.req.only):
                self.summary.rows_written += 1
                yield _line({"record": "result",
                             **result_row(line, result.case_id, d, self.req.trace)})

    def _with_model_problems(self, rec: Record) -> list[FieldProblem]:
        """The reader's problems of a row, and the model's own problems with the rest of it."""
        problems = list(rec.problems)
        if isinstance(rec.payload, dict):
            try:
                self.screener.validate(rec.payload)
            except CaseValidationError as exc:
                problems += [p for p in exc.problems if p not in problems]
        return problems or [FieldProblem("$", "unreadable row")]

    def _rejected(self, line: int, case_id: str | None, problems: list[FieldProblem]) -> bytes:
        self.summary.rejected += 1
        return _line({
            "record": "rejected",
            "line": line,
            "case_id": case_id,
            "problems": [Problem.of(p).to_dict() for p in problems],
        })

    def _summary_line(self) -> bytes:
        return _line({
            "record": "summary",
            **self.summary.to_dict(),
            "ruleset_version": self.rules.version,
            "request_id": self.req.request_id,
        })
