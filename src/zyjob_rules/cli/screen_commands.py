"""``screen``, ``synth`` and ``columns``: screening registries, making synthetic ones, CSV layout.

Exit codes of ``screen`` (docs/operations.md): 0 done; 1 the rule files are invalid; 2 the input
or a path cannot be used (checked before anything is written); 3 done but some rows were
rejected (``--allow-rejects`` makes that 0); 4 an output could not be written (disk full,
read-only); 5 worker processes kept dying; 128+N stopped by signal N (130 SIGINT, 143 SIGTERM).
After 4, 5, 130 and 143 the rows done so far are in ``OUTPUT.partial`` and ``--resume`` goes on.
Errors are reported by ``cli.error_report`` (the status by the error's code); what this module
catches itself is only what must be saved or cleaned up first.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import sys
import time
from contextlib import ExitStack
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from ..api import load_ruleset
from ..assessment_date import as_of_date
from ..errors import ConfigurationError
from ..explain.decision import Outcome
from ..screening.checkpoint import Checkpoint, ResumeError, checkpoint_path, input_fingerprint
from ..screening.core import Screener, select_rules
from ..screening.csv_layout import InputHeaderError, case_to_row, column_docs, columns
from ..screening.encodings import normalise_encoding
from ..screening.outfiles import (
    OutputWriteError,
    PartialOutput,
    StreamOutput,
    check_distinct,
    check_input_path,
    check_output_path,
    partial_path,
    write_file_atomically,
)
from ..screening.output import output_format_of
from ..screening.parquet_io import ParquetInputError
from ..screening.pipeline import (
    CHUNK_SIZE,
    RunStats,
    ScreenJob,
    WorkerLostError,
    run_screen,
    stderr_progress,
)
from ..screening.records import Source, input_format_of
from ..screening.summary import Summary
from ..screening.synth import DEFAULT_REFERENCE, KINDS, synth_rows
from .error_report import EXIT_OK, EXIT_REJECTED, error_line, exit_status
from .registry_options import add_encoding_options, result_format

EXIT_SIGINT = 128 + signal.SIGINT


def _iso_date(text: str) -> date:
    try:
        return as_of_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _count(text: str) -> int:
    value = int(text) if text.isdigit() else -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a number of rows: {text!r}")
    return value


def _errors_path(args: argparse.Namespace) -> str:
    if args.errors:
        return str(args.errors)
    if args.out == "-":
        raise ConfigurationError(
            "with --out - name the file for rejected rows: --errors PATH (or --errors - for "
            "standard error); nothing is written to the working directory unasked")
    return f"{args.out}.errors.jsonl"


def _check_paths(args: argparse.Namespace, errors_path: str) -> None:
    """Every path of the run, checked before anything is opened (OutputPathError,
    OutputConflictError)."""
    check_input_path(args.input)
    outputs = [("--out", args.out), ("--errors", errors_path)]
    if args.summary_json:
        outputs.append(("--summary-json", args.summary_json))
    for role, path in outputs:
        if path != "-":
            check_output_path(path, role)
    named = [("input", args.input), *outputs]
    if args.out != "-":
        named += [("the partial result file", str(partial_path(args.out))),
                  ("the checkpoint", str(checkpoint_path(args.out)))]
    if errors_path != "-":
        named.append(("the partial errors file", str(partial_path(errors_path))))
    check_distinct(named)
    if args.resume and "-" in (args.input, args.out):
        raise ConfigurationError("--resume needs a named input file and a named --out file")


def _settings(args: argparse.Namespace, ruleset_version: str, errors_path: str) -> dict[str, Any]:
    """What a resumed run must share with the partial one (besides the input file)."""
    return {
        "as_of": args.as_of.isoformat(), "rules": args.rules, "ruleset_version": ruleset_version,
        "rule": sorted(args.rule or []), "only": sorted(args.only or []), "trace": args.trace,
        "format": output_format_of(args.out, args.format),
        "input_format": input_format_of(args.input, args.input_format),
        "errors": os.path.realpath(errors_path) if errors_path != "-" else "-",
    }


def _sink(path: str, resume_at: int | None, stream: TextIO) -> PartialOutput | StreamOutput:
    if path == "-":
        return StreamOutput(stream, "<stdout>" if stream is sys.stdout else "<stderr>")
    return PartialOutput(path, resume_at)


def _screen(args: argparse.Namespace) -> int:
    errors_path = _errors_path(args)
    _check_paths(args, errors_path)
    ruleset = load_ruleset(args.rules)  # fail fast, before any worker starts
    if args.rule:
        select_rules(ruleset, args.rule)
    job = ScreenJob(
        as_of=args.as_of,
        rules_dir=args.rules,
        rule_ids=frozenset(args.rule) if args.rule else None,
        trace=args.trace,
        only=frozenset(args.only) if args.only else None,
        out_format=output_format_of(args.out, args.format),
    )
    parquet_out = result_format(args.out, args.format) == "parquet"
    if parquet_out:  # rows are written (and resumable) as JSON lines, typed into Parquet at the end
        if args.out == "-":
            raise ConfigurationError("Parquet results must go to a file, not standard output")
        job = replace(job, out_format="jsonl")
    audit = Screener(ruleset).stamp(args.as_of)
    named_output = args.out != "-"
    state_path = checkpoint_path(args.out) if named_output else None
    current = Checkpoint(
        input_fingerprint(args.input) if args.input != "-" else {"path": "-"},
        _settings(args, ruleset.version, errors_path))
    resumed = _resumed(args, current, state_path)
    if resumed is None and state_path is not None and state_path.exists():
        print(f"note: starting over; the partial run recorded in {state_path} is discarded",
              file=sys.stderr)
    source = Source(args.input, normalise_encoding(args.encoding))
    with ExitStack() as stack:
        stack.enter_context(source)
        out = _sink(args.out, resumed.out_bytes if resumed else None, sys.stdout)
        stack.callback(out.close)
        errors = _sink(errors_path, resumed.errors_bytes if resumed else None, sys.stderr)
        stack.callback(errors.close)
        if args.excel and job.out_format == "csv" and resumed is None:
            out.write("\ufeff")  # a byte-order mark: Excel on Chinese Windows then reads UTF-8
        progress = stderr_progress(source, False if args.no_progress else None)
        start = resumed.summary_so_far() if resumed else Summary()
        start.audit = audit
        saver = _CheckpointSaver(current, state_path, out, errors)
        try:
            saver.start(RunStats(start, start.cases + start.rejected))  # resumable from here on
            stats = run_screen(
                source, input_format_of(args.input, args.input_format), out, errors, job,
                workers=args.workers, progress=progress, chunk_size=args.chunk_size,
                start=start, skip_through=resumed.last_line if resumed else 0,
                on_chunk=saver.maybe_save)
        except (InputHeaderError, ParquetInputError) as exc:
            out.discard()
            errors.discard()
            if state_path is not None:
                state_path.unlink(missing_ok=True)
            print(error_line(exc, where=args.input), file=sys.stderr)
            return exit_status(exc)
        except (OutputWriteError, WorkerLostError) as exc:
            return _stopped_by(error_line(exc), exit_status(exc), saver, args)
        except KeyboardInterrupt:
            return _stopped_by("interrupted", EXIT_SIGINT, saver, args)
        if stats.stopped is not None:
            name = signal.Signals(stats.stopped).name
            _report(args, stats.summary, errors_path)
            return _stopped_by(f"stopped by {name}", 128 + stats.stopped, saver, args)
        errors.commit()
        out.commit()
        if parquet_out:
            _jsonl_to_parquet(args.out, args.trace)
        if args.summary_json:
            write_file_atomically(args.summary_json, _summary_json(stats.summary))
    if state_path is not None:
        state_path.unlink(missing_ok=True)
    _report(args, stats.summary, errors_path)
    if stats.summary.rejected and not args.allow_rejects:
        return EXIT_REJECTED
    return EXIT_OK


def _jsonl_to_parquet(path: str, trace: bool) -> None:
    """Rewrite the committed JSON-lines results at ``path`` as Parquet, atomically: a temporary
    file beside it is renamed into place only once the Parquet footer is written."""
    from ..screening.parquet_io import ParquetResultWriter  # optional extra (pyarrow)

    temporary = f"{path}.parquet-part"
    try:
        with open(path, encoding="utf-8") as rows, ParquetResultWriter(temporary, trace) as sink:
            for line in rows:
                sink.write(line)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputWriteError(path, exc) from exc


def _resumed(
    args: argparse.Namespace, current: Checkpoint, state_path: Path | None
) -> Checkpoint | None:
    if not args.resume or state_path is None:
        return None
    saved = Checkpoint.load(state_path)
    saved.check_matches(current, state_path)
    partials = [partial_path(args.out)]
    if current.settings["errors"] != "-":
        partials.append(partial_path(current.settings["errors"]))
    for path in partials:
        if not path.exists():
            raise ResumeError(f"nothing to resume: {path} is missing")
    return saved


class _CheckpointSaver:
    """Records the run's progress after written chunks (at most every half second).

    The sizes saved are those of the files after the last whole chunk, so a chunk half-written
    when a write failed is cut off on resume.
    """

    def __init__(self, base: Checkpoint, path: Path | None, out: Any, errors: Any) -> None:
        self.base, self.path, self.out, self.errors = base, path, out, errors
        self.last_saved = 0.0
        self.stats: RunStats | None = None
        self.sizes = (0, 0)

    def maybe_save(self, stats: RunStats) -> None:
        self.stats, self.sizes = stats, (self.out.size, self.errors.size)
        if time.monotonic() - self.last_saved >= 0.5:
            self.save()

    def start(self, stats: RunStats) -> None:
        self.stats, self.sizes = stats, (self.out.size, self.errors.size)
        self.save()

    def save(self) -> None:
        if self.path is None or self.stats is None:
            return
        summary = self.stats.summary
        state = Checkpoint(self.base.input, self.base.settings, summary.last_line,
                           self.stats.records, *self.sizes, summary.to_dict())
        state.save(self.path)
        self.last_saved = time.monotonic()


def _stopped_by(what: str, code: int, saver: _CheckpointSaver, args: argparse.Namespace) -> int:
    """The run stopped early: keep the partial files and say how to go on."""
    if saver.path is None:
        print(f"{what}; the output is incomplete (standard output cannot be resumed)",
              file=sys.stderr)
        return code
    try:
        saver.save()
    except OutputWriteError as exc:
        print(error_line(exc), file=sys.stderr)
    last = saver.stats.summary.last_line if saver.stats else 0
    done = f"rows of input lines 1-{last:,}" if last else "no rows yet"
    print(f"{what}; {done} in {partial_path(args.out)}; continue with the same command and "
          "--resume", file=sys.stderr)
    if args.summary_json and saver.stats is not None:
        try:
            write_file_atomically(args.summary_json, _summary_json(saver.stats.summary))
        except OutputWriteError as exc:
            print(error_line(exc), file=sys.stderr)
    return code


def _summary_json(summary: Summary) -> str:
    return json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _report(args: argparse.Namespace, summary: Summary, errors_path: str) -> None:
    if args.quiet:
        return
    print(summary.render(rows_written=True), end="", file=sys.stderr)
    if summary.rejected:
        print(f"{summary.rejected:,} row(s) rejected: see {errors_path}", file=sys.stderr)


def _synth(args: argparse.Namespace) -> int:
    if args.out != "-":
        check_output_path(args.out, "--out")
    rows = synth_rows(args.kind, args.rows, args.seed, args.reference)
    fmt = output_format_of(args.out, args.format)
    out = _sink(args.out, None, sys.stdout)
    try:
        if fmt == "csv":
            _write_synth_csv(out, args.kind, rows)
        else:
            dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
            write = out.write
            for row in rows:
                write(dumps(row) + "\n")
        out.commit()
    except OutputWriteError:
        out.close()
        raise
    return EXIT_OK


def _write_synth_csv(out: Any, kind: str, rows: Any) -> None:
    from ..model import Case

    applicant_kind = "person" if kind == "person" else "organisation"
    writer = csv.DictWriter(out, columns(applicant_kind), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(case_to_row(Case.model_validate(row)))


def _columns(args: argparse.Namespace) -> int:
    if args.markdown:
        print("| column | cell | 含义 | meaning |")
        print("| --- | --- | --- | --- |")
    for name, cell, zh, en in column_docs(args.kind):
        if args.markdown:
            print(f"| `{name}` | {cell} | {zh} | {en.replace('|', '/')} |")
        else:
            print(f"{name}\t{cell}\t{zh}\t{en}")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "screen", help="screen a registry (JSON lines or CSV) / 批量筛查（免申即享）",
        description="Decide every case of a registry export; one result row per case and rule.",
    )
    p.add_argument("input", help="registry: JSON lines (*.jsonl), flat CSV (*.csv) or Parquet "
                   "(*.parquet); - for stdin")
    p.add_argument("--as-of", type=_iso_date, required=True, help="assessment date YYYY-MM-DD")
    p.add_argument("--out", required=True,
                   help="result file: *.csv for CSV, *.parquet for Parquet, else JSON lines; "
                   "- for standard output")
    p.add_argument("--only", action="append", choices=[o.value for o in Outcome],
                   metavar="OUTCOME", help="write only rows with this outcome (repeatable), "
                   "e.g. --only eligible; the summary still counts every decision")
    p.add_argument("--workers", type=_positive, default=1, help="worker processes (default 1)")
    p.add_argument("--chunk-size", type=_positive, default=CHUNK_SIZE,
                   help=f"cases per task sent to a worker (default {CHUNK_SIZE})")
    p.add_argument("--trace", action="store_true", help="add each decision's condition trace")
    p.add_argument("--rules", help="rules directory (default: the bundled rules)")
    p.add_argument("--rule", action="append", metavar="RULE_ID",
                   help="screen only this rule (repeatable; default: every rule in force)")
    p.add_argument("--errors", help="file for rejected rows (default: OUTPUT.errors.jsonl; "
                   "required with --out -; - for standard error)")
    p.add_argument("--resume", action="store_true",
                   help="continue a run that stopped early (Ctrl-C, full disk…) from its "
                   "checkpoint OUTPUT.resume.json, with the same options")
    p.add_argument("--allow-rejects", action="store_true",
                   help="exit 0 even when rows were rejected (they are still in the errors file)")
    p.add_argument("--input-format", choices=["jsonl", "csv", "parquet"],
                   help="override the input's suffix")
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"],
                   help="override the output's suffix")
    add_encoding_options(p)
    p.add_argument("--summary-json", help="also write the summary as JSON to this file")
    p.add_argument("--no-progress", action="store_true", help="no progress bar, even on a TTY")
    p.add_argument("--quiet", action="store_true", help="do not print the summary table")
    p.set_defaults(handler=_screen)

    p = sub.add_parser("synth", help="generate a synthetic registry / 生成模拟登记数据")
    p.add_argument("--kind", choices=KINDS, required=True)
    p.add_argument("--rows", type=_count, required=True, help="number of cases")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same rows)")
    p.add_argument("--reference", type=_iso_date, default=DEFAULT_REFERENCE,
                   help=f"date the records are relative to (default {DEFAULT_REFERENCE})")
    p.add_argument("--out", default="-", help="output file (*.csv for CSV); default stdout")
    p.add_argument("--format", choices=["jsonl", "csv"], help="override the output's suffix")
    p.set_defaults(handler=_synth)

    p = sub.add_parser("columns", help="list the CSV columns of a registry / 列出 CSV 列")
    p.add_argument("kind", choices=["person", "household", "organisation"])
    p.add_argument("--markdown", action="store_true", help="as a Markdown table (docs)")
    p.set_defaults(handler=_columns)
