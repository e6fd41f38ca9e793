"""A whole screening run: input file -> result file + errors file + summary, in bounded memory.

The parent process reads records, groups them in chunks and writes results; the chunks are
decided in the parent (one worker) or in N worker processes. Workers load and compile the rules
once, in their initializer. At most ``2 * N + 2`` chunks are in flight, and results are written
in input order (a FIFO of pending chunks), so memory does not grow with the input and the output
is the same whatever N is.

Faults (docs/operations.md):

- SIGINT / SIGTERM: the run stops taking chunks, writes no half chunk, and returns with
  ``stopped`` set; what was written is whole rows up to ``summary.last_line``. A second signal
  raises KeyboardInterrupt at once.
- A worker process that dies (the OOM killer's SIGKILL) breaks the pool: the chunks in flight
  are re-run on a fresh pool. When workers die ``MAX_POOL_RESTARTS`` times in a row without a
  chunk completing, the run fails with WorkerLostError naming the input lines in flight.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from types import FrameType
from typing import ClassVar, Protocol

from ..errors import ZyjobRulesError
from ..model import FieldProblem
from ..model.limits import DEFAULT_LIMITS, InputLimits
from ..model.validation import CaseValidationError
from .core import Screener, guess_id
from .output import OutputFormat, RowFormatter, error_line, result_row
from .progress import Progress
from .records import DEFAULT_ENCODING, InputFormat, Record, Source, read_records
from .summary import Summary

CHUNK_SIZE = 256
MAX_POOL_RESTARTS = 3
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class ScreenJob:
    """The settings of a run (picklable: sent once to each worker)."""

    as_of: date | None
    rules_dir: str | None = None
    rule_ids: frozenset[str] | None = None  # screen only these rules
    trace: bool = False
    only: frozenset[str] | None = None
    out_format: OutputFormat = "jsonl"
    limits: InputLimits = DEFAULT_LIMITS


@dataclass
class ChunkResult:
    text: str
    errors: str
    summary: Summary
    records: int = 0
    last_line: int = 0


@dataclass
class RunStats:
    summary: Summary = field(default_factory=Summary)
    records: int = 0
    stopped: int | None = None  # the signal number that stopped the run early


class Sink(Protocol):
    """Where text goes (outfiles.PartialOutput, StreamOutput, or any text stream)."""

    def write(self, text: str, /) -> object: ...

    def flush(self) -> None: ...


class WorkerLostError(ZyjobRulesError, RuntimeError):
    """Worker processes kept dying (out of memory?): the run cannot make progress."""

    code: ClassVar[str] = "workers_lost"


class ChunkScreener:
    """Decides chunks of records into output text, error lines and a summary."""

    def __init__(self, job: ScreenJob) -> None:
        self.job = job
        self.screener = Screener(job.rules_dir, job.trace, job.rule_ids, job.limits)
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
                    "$", f"internal error: {type(exc).__name__}: {exc}")], validate=False))
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
        last = records[-1].line if records else 0
        return ChunkResult(self.formatter.format(rows), "".join(errors), summary, len(records),
                           last)

    def _reject(self, rec: Record, problems: list[FieldProblem], validate: bool = True) -> str:
        """An error line for ``rec``, adding the model's problems with the rest of the row."""
        problems = list(problems)
        if validate and isinstance(rec.payload, dict):
            try:
                self.screener.validate(rec.payload)
            except CaseValidationError as exc:
                problems += [p for p in exc.problems if p not in problems]
            except Exception:
                pass
        return error_line(rec.line, guess_id(rec.payload), problems or [
            FieldProblem("$", "unreadable row")], rec.raw)


_WORKER: list[ChunkScreener] = []


def _init_worker(job: ScreenJob) -> None:
    # Ctrl-C at a terminal signals the whole process group: the parent decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the parent's SIGTERM handler (which only sets the parent's stop
    # flag). The pool terminates the surviving workers with SIGTERM when one of them dies, and
    # on Python 3.13 it then waits for them: they must die of it, or the run hangs.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER.clear()
    _WORKER.append(ChunkScreener(job))


def _work(records: list[Record]) -> ChunkResult:
    return _WORKER[0](records)


def chunked(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


class StopFlag:
    """Set by SIGINT/SIGTERM while a run is going on; checked between chunks."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def __bool__(self) -> bool:
        return self.signum is not None


@contextmanager
def signals_caught(flag: StopFlag) -> Iterator[StopFlag]:
    """Route SIGINT and SIGTERM to ``flag`` (main thread only; elsewhere a no-op).

    The first signal asks the run to stop after the chunk being written; a second one raises
    KeyboardInterrupt at once.
    """
    if threading.current_thread() is not threading.main_thread():
        yield flag
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        if flag.signum is not None:
            raise KeyboardInterrupt
        flag.signum = signum

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield flag
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


WorkFunction = Callable[[list[Record]], ChunkResult]


def screen_chunks(
    job: ScreenJob,
    chunks: Iterable[list[Record]],
    workers: int = 1,
    stop: StopFlag | None = None,
    work: WorkFunction = _work,
) -> Iterator[ChunkResult]:
    """Results of each chunk, in input order; with ``workers > 1`` in that many processes.

    Stops early (without error) once ``stop`` is set. ``work`` is what a worker runs on a chunk
    (a module-level function; tests inject faults through it).
    """
    stop = stop if stop is not None else StopFlag()
    if workers <= 1:
        screen_chunk = ChunkScreener(job)
        for chunk in chunks:
            if stop:
                return
            yield screen_chunk(chunk)
        return
    yield from _pooled(job, iter(chunks), workers, stop, work)


def _pool(job: ScreenJob, workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(job,))


def _submit(pool: ProcessPoolExecutor, work: WorkFunction, chunk: list[Record]
            ) -> Future[ChunkResult]:
    try:
        return pool.submit(work, chunk)
    except BrokenProcessPool as exc:  # a worker died while the pool was idle
        failed: Future[ChunkResult] = Future()
        failed.set_exception(exc)
        return failed


def _pooled(
    job: ScreenJob, chunks: Iterator[list[Record]], workers: int, stop: StopFlag,
    work: WorkFunction,
) -> Iterator[ChunkResult]:
    max_pending = 2 * workers + 2
    pool = _pool(job, workers)
    pending: deque[tuple[list[Record], Future[ChunkResult]]] = deque()
    restarts = 0
    exhausted = False
    try:
        while True:
            while not exhausted and not stop and len(pending) < max_pending:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                else:
                    pending.append((chunk, _submit(pool, work, chunk)))
            if not pending or stop:
                return
            head = pending[0][1]
            if not wait([head], timeout=POLL_SECONDS).done:
                continue  # look at the stop flag again
            try:
                result = head.result()
            except BrokenProcessPool:
                restarts += 1
                if restarts > MAX_POOL_RESTARTS:
                    first, last = pending[0][0][0].line, pending[-1][0][-1].line
                    raise WorkerLostError(
                        f"worker processes died {MAX_POOL_RESTARTS + 1} times in a row while "
                        f"screening input lines {first}-{last} (out of memory?); rows before "
                        "them are written") from None
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(job, workers)
                pending = deque((c, _submit(pool, work, c)) for c, _ in pending)
                continue
            restarts = 0
            pending.popleft()
            yield result
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def run_screen(
    source: Source,
    in_format: InputFormat,
    out: Sink,
    errors: Sink,
    job: ScreenJob,
    workers: int = 1,
    progress: Progress | None = None,
    chunk_size: int = CHUNK_SIZE,
    *,
    start: Summary | None = None,
    skip_through: int = 0,
    on_chunk: Callable[[RunStats], None] | None = None,
    stop: StopFlag | None = None,
    encoding: str = DEFAULT_ENCODING,
    work: WorkFunction = _work,
) -> RunStats:
    """Screen every record of ``source`` into ``out`` (results) and ``errors`` (rejected rows).

    A resumed run passes the summary so far (``start``) and the last input line done
    (``skip_through``); the CSV header is then not written again. ``on_chunk`` is called after
    each chunk is written and flushed (the checkpoint). SIGINT/SIGTERM stop the run between
    chunks: the returned stats then have ``stopped`` set and ``summary.complete`` False.
    """
    stats = RunStats(summary=start if start is not None else Summary())
    stats.summary.complete = False
    stats.records = stats.summary.cases + stats.summary.rejected
    if not skip_through:
        out.write(RowFormatter(job.out_format, job.trace).header())
    records = read_records(source, in_format, skip_through, encoding, job.limits)
    flag = stop if stop is not None else StopFlag()
    with signals_caught(flag):
        for result in screen_chunks(job, chunked(records, chunk_size), workers, flag, work):
            out.write(result.text)
            errors.write(result.errors)
            out.flush()
            errors.flush()
            stats.summary.merge(result.summary)
            stats.summary.last_line = max(stats.summary.last_line, result.last_line)
            stats.records += result.records
            if on_chunk is not None:
                on_chunk(stats)
            if progress is not None:
                progress.update(stats.records, source.consumed)
    if progress is not None:
        progress.close(stats.records, source.consumed)
    if flag:
        stats.stopped = flag.signum
    else:
        stats.summary.complete = True
    return stats


def stderr_progress(source: Source, enabled: bool | None = None) -> Progress:
    return Progress(sys.stderr, source.size, enabled)
