"""``schema`` and ``check``: the JSON Schemas of a case and of a report, and validating a case
file; and how ``evaluate`` prints a report (``--format text|json|html``, ``--detail``)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from ..explain.contract import Report as ReportModel
from ..explain.contract import ScreeningRow, json_schema
from ..explain.convert import as_report_model
from ..explain.decision import Report
from ..explain.html import render_html
from ..explain.text import DETAILS, render_report
from ..model import Case
from .io import load_case

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a Case, for services written in other languages."""
    schema = Case.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, "$id": "urn:zyjob-rules:case", **schema}


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema of ``evaluate --format json`` (explain.contract.Report)."""
    return json_schema(ReportModel, "report")


def screening_row_json_schema() -> dict[str, Any]:
    """The JSON Schema of one result row of ``screen`` (explain.contract.ScreeningRow)."""
    return json_schema(ScreeningRow, "screening-row")


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "case": case_json_schema,
    "report": report_json_schema,
    "screening-row": screening_row_json_schema,
}


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(SCHEMAS[args.output](), ensure_ascii=False, indent=2))
    return 0


def _check(args: argparse.Namespace) -> int:
    case = load_case(args.case)
    print(case.model_dump_json(indent=2, exclude_none=True))
    return 0


def add_report_arguments(p: argparse.ArgumentParser) -> None:
    """The options that choose how a report is printed (used by ``evaluate``)."""
    p.add_argument("--format", choices=["text", "json", "html"], default="text")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument(
        "--detail",
        choices=list(DETAILS),
        default="conditions",
        help="text depth: the summary only; failed and unknown conditions first with satisfied "
        "ones folded (default); or every condition with its parameters",
    )


def print_report(report: Report, args: argparse.Namespace) -> None:
    """Print ``report`` as the options of ``add_report_arguments`` ask."""
    if args.format == "json":
        model = as_report_model(report)
        print(json.dumps(model.model_dump(mode="json"), ensure_ascii=False, indent=2))
    elif args.format == "html":
        print(render_html(report, args.lang), end="")
    else:
        print(render_report(report, args.lang, args.detail), end="")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "schema", help="print a JSON Schema: of a case (default) or a report / 打印 JSON Schema"
    )
    p.add_argument(
        "--output",
        choices=sorted(SCHEMAS),
        default="case",
        help="case: the input; report: evaluate's JSON; screening-row: a screen result row",
    )
    p.set_defaults(handler=_schema)
    p = sub.add_parser("check", help="validate a case file and pretty-print it / 校验案件文件")
    p.add_argument("case", help="path to a case JSON file, or - for standard input")
    p.add_argument("--lang", choices=["zh", "en"], default="en", help="language of the errors")
    p.set_defaults(handler=_check)
