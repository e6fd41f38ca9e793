"""``evaluate``, ``validate``, ``test``: decide a case, check rule files, run case files."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..api import evaluate, load_ruleset
from ..casefiles import run_case_files
from ..errors import EngineError, EvaluationError
from ..explain.decision import Outcome
from ..model import CaseValidationError
from ..ruleset.errors import RuleSetError
from ..ruleset.paths import bundled_rules_dir
from .case_commands import add_report_arguments, print_report
from .io import load_case, print_case_error


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def print_ruleset_error(exc: RuleSetError) -> None:
    print(f"error: {len(exc.errors)} problem(s) in rule files:", file=sys.stderr)
    for err in exc.errors:
        print(f"  {err}", file=sys.stderr)


def _evaluate(args: argparse.Namespace) -> int:
    try:
        case = load_case(args.case)
        rules = load_ruleset(args.rules) if args.rules else None
        report = evaluate(
            case, as_of=args.as_of, rules=rules, trace=not args.no_trace, backend=args.backend
        )
    except CaseValidationError as exc:
        print_case_error(exc, args.lang)
        return 2
    except RuleSetError as exc:
        print_ruleset_error(exc)
        return 1
    except (EngineError, EvaluationError) as exc:  # EngineError: the durable backend's too
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.only is not None:
        report.decisions = [d for d in report.decisions if _shown(d.outcome, args.only)]
    print_report(report, args)
    return 0


def _shown(outcome: Outcome, only: str) -> bool:
    """Whether ``--only`` keeps a decision: positive (eligible, may_consider, met), or not
    settled yet (unknown), or both (actionable: what to pay or what to ask)."""
    if only == "positive":
        return outcome.positive
    if only == "unknown":
        return outcome is Outcome.unknown
    return outcome.positive or outcome is Outcome.unknown


def rules_being_edited(explicit: str | None) -> Path:
    """The rules directory ``validate`` and ``test`` check: the one named, else ``./rules`` when
    the working directory is a checkout with rule files (policy staff editing them), else the
    rules bundled with the installed library."""
    if explicit:
        return Path(explicit)
    here = Path("rules")
    if here.is_dir() and any(here.rglob("*.y*ml")):
        return here
    return bundled_rules_dir()


def _validate(args: argparse.Namespace) -> int:
    directory = rules_being_edited(args.directory)
    print(f"rules: {directory}", file=sys.stderr)
    try:
        rs = load_ruleset(directory)
    except RuleSetError as exc:
        print_ruleset_error(exc)
        return 1
    print(
        f"ok: {directory}: {len(rs.files)} file(s), {len(rs.rule_ids())} rule(s), "
        f"{len(rs.categories)} categories, {len(rs.parameters)} parameters; version {rs.version}"
    )
    return 0


def _test(args: argparse.Namespace) -> int:
    try:
        directory = rules_being_edited(args.rules)
        print(f"rules: {directory}", file=sys.stderr)
        rules = load_ruleset(directory)
        results = run_case_files(Path(args.directory), rules, backend=args.backend)
    except RuleSetError as exc:
        print_ruleset_error(exc)
        return 1
    except (ValueError, CaseValidationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    failed = [r for r in results if not r.passed]
    for r in failed:
        print(f"FAIL {r.file}: {r.name}")
        for f in r.failures:
            print(f"     {f}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or not results else 0


def register(sub: Any) -> None:
    p = sub.add_parser("evaluate", help="decide and explain a case / 判定并说明一个案件")
    p.add_argument("case", help="case JSON file, or - for standard input")
    p.add_argument(
        "--as-of",
        type=_iso_date,
        default=None,
        help="assessment date YYYY-MM-DD (default: the case's, else today)",
    )
    add_report_arguments(p)
    p.add_argument("--rules", help="rules directory (default: the bundled rules)")
    p.add_argument("--backend", choices=["python", "durable"], default="python")
    p.add_argument("--no-trace", action="store_true", help="decisions without condition traces")
    p.add_argument(
        "--only",
        choices=["positive", "unknown", "actionable"],
        default=None,
        help="show only positive decisions, only unknown ones (facts to ask), or both",
    )
    p.set_defaults(handler=_evaluate)

    p = sub.add_parser("validate", help="check rule files / 校验规则文件")
    p.add_argument(
        "directory", nargs="?", default=None,
        help="rules directory (default: ./rules in a checkout, else the bundled rules)")
    p.set_defaults(handler=_validate)

    p = sub.add_parser("test", help="run YAML case files / 运行规则用例文件")
    p.add_argument("directory", nargs="?", default="tests/cases", help="directory of case files")
    p.add_argument("--rules", help="rules directory (default: ./rules in a checkout, else bundled)")
    p.add_argument("--backend", choices=["python", "durable"], default="python")
    p.set_defaults(handler=_test)
