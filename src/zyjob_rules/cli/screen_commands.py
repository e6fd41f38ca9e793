"""``screen``, ``synth`` and ``columns``: screening registries, making synthetic ones, CSV layout.

Exit codes of ``screen``: 0 done; 3 done but some rows were rejected (see the errors file;
``--allow-rejects`` makes that 0); 2 the input cannot be read (missing file, unknown CSV
columns); 1 the rule files are invalid.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from ..api import load_ruleset
from ..explain.decision import Outcome
from ..ruleset.errors import RuleSetError
from ..screening.core import select_rules
from ..screening.csv_layout import UnknownColumnsError, case_to_row, column_docs, columns
from ..screening.output import output_format_of
from ..screening.pipeline import CHUNK_SIZE, ScreenJob, run_screen, stderr_progress
from ..screening.records import Source, input_format_of
from ..screening.synth import DEFAULT_REFERENCE, KINDS, synth_rows
from .rule_commands import print_ruleset_error

EXIT_REJECTED = 3


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


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


def _open_out(stack: ExitStack, path: str) -> TextIO:
    if path == "-":
        return sys.stdout
    return stack.enter_context(open(path, "w", encoding="utf-8", newline=""))


def _errors_path(args: argparse.Namespace) -> str:
    if args.errors:
        return str(args.errors)
    return "screen-errors.jsonl" if args.out == "-" else f"{args.out}.errors.jsonl"


def _screen(args: argparse.Namespace) -> int:
    try:
        ruleset = load_ruleset(args.rules)  # fail fast, before any worker starts
        if args.rule:
            select_rules(ruleset, args.rule)
    except RuleSetError as exc:
        print_ruleset_error(exc)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    job = ScreenJob(
        as_of=args.as_of,
        rules_dir=args.rules,
        rule_ids=frozenset(args.rule) if args.rule else None,
        trace=args.trace,
        only=frozenset(args.only) if args.only else None,
        out_format=output_format_of(args.out, args.format),
    )
    errors_path = _errors_path(args)
    try:
        source = Source(args.input)
    except OSError as exc:
        print(f"error: cannot read {args.input}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    with ExitStack() as stack:
        stack.enter_context(source)
        out = _open_out(stack, args.out)
        errors = stack.enter_context(open(errors_path, "w", encoding="utf-8"))
        progress = stderr_progress(source, False if args.no_progress else None)
        try:
            stats = run_screen(source, input_format_of(args.input, args.input_format), out,
                               errors, job, workers=args.workers, progress=progress,
                               chunk_size=args.chunk_size)
        except UnknownColumnsError as exc:
            print(f"error: {args.input}: {exc}", file=sys.stderr)
            return 2
        except RuleSetError as exc:
            print_ruleset_error(exc)
            return 1
    summary = stats.summary
    if args.summary_json:
        Path(args.summary_json).write_text(
            json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if not args.quiet:
        print(summary.render(rows_written=True), end="", file=sys.stderr)
        if summary.rejected:
            print(f"{summary.rejected:,} row(s) rejected: see {errors_path}", file=sys.stderr)
    if summary.rejected and not args.allow_rejects:
        return EXIT_REJECTED
    return 0


def _synth(args: argparse.Namespace) -> int:
    rows = synth_rows(args.kind, args.rows, args.seed, args.reference)
    fmt = output_format_of(args.out, args.format)
    with ExitStack() as stack:
        out = _open_out(stack, args.out)
        if fmt == "csv":
            _write_synth_csv(out, args.kind, rows)
        else:
            dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
            write = out.write
            for row in rows:
                write(dumps(row))
                write("\n")
    return 0


def _write_synth_csv(out: TextIO, kind: str, rows: Any) -> None:
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
    p.add_argument("input", help="registry: JSON lines (*.jsonl) or flat CSV (*.csv); - for stdin")
    p.add_argument("--as-of", type=_iso_date, required=True, help="assessment date YYYY-MM-DD")
    p.add_argument("--out", required=True,
                   help="result file: *.csv for CSV, else JSON lines; - for standard output")
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
    p.add_argument("--errors", help="file for rejected rows (default: OUTPUT.errors.jsonl)")
    p.add_argument("--allow-rejects", action="store_true",
                   help="exit 0 even when rows were rejected (they are still in the errors file)")
    p.add_argument("--input-format", choices=["jsonl", "csv"], help="override the input's suffix")
    p.add_argument("--format", choices=["jsonl", "csv"], help="override the output's suffix")
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
