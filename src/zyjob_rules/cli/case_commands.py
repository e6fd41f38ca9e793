"""``schema`` and ``check``: the case model's JSON Schema, and validating a case file."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..model import Case, CaseValidationError
from .io import load_case, print_case_error

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a Case, for services written in other languages."""
    schema = Case.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, "$id": "urn:zyjob-rules:case", **schema}


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(case_json_schema(), ensure_ascii=False, indent=2))
    return 0


def _check(args: argparse.Namespace) -> int:
    try:
        case = load_case(args.case)
    except CaseValidationError as exc:
        print_case_error(exc)
        return 2
    print(case.model_dump_json(indent=2, exclude_none=True))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of a case / 打印案件 JSON Schema")
    p.set_defaults(handler=_schema)
    p = sub.add_parser("check", help="validate a case file and pretty-print it / 校验案件文件")
    p.add_argument("case", help="path to a case JSON file, or - for standard input")
    p.set_defaults(handler=_check)
