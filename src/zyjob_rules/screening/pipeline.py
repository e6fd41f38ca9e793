"""A whole screening run: input file -> result file + errors file + summary, in bounded memory.

The parent process reads records, groups them in chunks and writes results; the chunks are
decided in the parent (one worker) or in N worker processes. Workers load and compile the rules
once, in their initializer. At most ``2 * N + 2`` chunks are in flight, and results are written
in input order (a FIFO of pending chunks), so memory does not grow with the input and the output
is the same whatever N is.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import TextIO

from ..model import FieldProblem
from ..model.validation import CaseValidationError
from .core import Screener, _guess_id
from .output import OutputFormat, RowFormatter, error_line, result_row
from .progress import Progress
from .records import InputFormat, Record, Source, read_records
from .summary import Summary

CHUNK_SIZE = 256


@dataclass(frozen=True)
class ScreenJob:
    """The settings of a run (picklable: sent once to each worker)."""

    as_of: date | None
    rules_dir: str | None = None
    rule_ids: frozenset[str] | None = None  # screen only these rules
    trace: bool = False
    only: frozenset[str] | None = None
    out_format: OutputFormat = "jsonl"


@dataclass
class ChunkResult:
    text: str
    errors: str
    summary: Summary
    records: int = 0


@dataclass
class RunStats:
    summary: Summary = field(default_factory=Summary)
    records: int = 0


class ChunkScreener:
    """Decides chunks of records into output text, error lines and a summary."""

    def __init__(self, job: ScreenJob) -> None:
        self.job = job
        self.screener = Screener(job.rules_dir, job.trace, job.rule_ids)
        self.formatter = RowFormatter(job.out_format, job.trace)

    def __call__(self, records: list[Record]) -> ChunkResult:
        job, screener = self.job, self.screener
        summary = Summary()
        rows = []
        errors = []
        for rec in records:
            if rec.problems or rec.payload is None:
                errors.append(self._reject(rec, rec.problems))
                continue
            try:
                result = screener.screen_one(rec.payload, rec.line, job.as_of)
            except Exception as exc:  # a bug must not lose the row nor stop the run
                errors.append(self._reject(rec, [FieldProblem(
                    "$", f"internal error: {type(exc).__name__}: {exc}")]))
                continue
            if result.report is None:
                errors.append(error_line(rec.line, result.case_id, result.problems, rec.raw))
                continue
            decisions = result.report.decisions
            summary.add_decisions(decisions)
            for d in decisions:
                if job.only is None or d.outcome.value in job.only:
                    rows.append(result_row(rec.line, result.case_id, d, job.trace))
        summary.rejected = len(errors)
        summary.rows_written = len(rows)
        return ChunkResult(self.formatter.format(rows), "".join(errors), summary, len(records))

    def _reject(self, rec: Record, problems: list[FieldProblem]) -> str:
        """An error line for ``rec``, adding the model's problems with the rest of the row."""
        problems = list(problems)
        if isinstance(rec.payload, dict):
            try:
                self.screener.validate(rec.payload)
            except CaseValidationError as exc:
                problems += [p for p in exc.problems if p not in problems]
        return error_line(rec.line, _guess_id(rec.payload), problems or [
            FieldProblem("$", "unreadable row")], rec.raw)


_WORKER: list[ChunkScreener] = []


def _init_worker(job: ScreenJob) -> None:
    _WORKER.clear()
    _WORKER.append(ChunkScreener(job))


def _work(records: list[Record]) -> ChunkResult:
    return _WORKER[0](records)


def chunked(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def screen_chunks(
    job: ScreenJob, chunks: Iterable[list[Record]], workers: int = 1
) -> Iterator[ChunkResult]:
    """Results of each chunk, in input order; with ``workers > 1`` in that many processes."""
    if workers <= 1:
        screen_chunk = ChunkScreener(job)
        for chunk in chunks:
            yield screen_chunk(chunk)
        return
    max_pending = 2 * workers + 2
    with multiprocessing.get_context().Pool(workers, _init_worker, (job,)) as pool:
        pending: deque[AsyncResult[ChunkResult]] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_work, (chunk,)))
            if len(pending) >= max_pending:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def run_screen(
    source: Source,
    in_format: InputFormat,
    out: TextIO,
    errors: TextIO,
    job: ScreenJob,
    workers: int = 1,
    progress: Progress | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> RunStats:
    """Screen every record of ``source`` into ``out`` (results) and ``errors`` (rejected rows)."""
    stats = RunStats()
    out.write(RowFormatter(job.out_format, job.trace).header())
    chunks = chunked(read_records(source, in_format), chunk_size)
    for result in screen_chunks(job, chunks, workers):
        out.write(result.text)
        errors.write(result.errors)
        stats.summary.merge(result.summary)
        stats.records += result.records
        if progress is not None:
            progress.update(stats.records, source.consumed)
    if progress is not None:
        progress.close(stats.records, source.consumed)
    return stats


def stderr_progress(source: Source, enabled: bool | None = None) -> Progress:
    return Progress(sys.stderr, source.size, enabled)
