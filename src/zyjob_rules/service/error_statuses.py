"""The library's error codes as HTTP statuses: one table, used at the service's edge only.

Routes let the library's errors (``zyjob_rules.errors``: one root, stable codes) propagate; the
app's one handler for ``ZyjobRulesError`` turns each into the service's error body here. Input
the client sent maps to 4xx with the library's message (the client can fix it); anything else
is the service's own failure: 5xx with an error id, the details in the log only.

A test checks that every code the library defines has a row, so a new error class cannot reach
a client with an unplanned status.
"""

from __future__ import annotations

from ..errors import ZyjobRulesError
from ..model import CaseValidationError
from .problems import Problem, ServiceError, evaluation_failed, internal_error, invalid_case

# code -> HTTP status. 4xx: the request is at fault; 5xx: the service (its rules, its engine).
HTTP_STATUS: dict[str, int] = {
    # the client's input
    "case_input": 422,
    "case_invalid": 422,
    "csv_header": 400,
    "csv_unknown_columns": 400,
    "csv_duplicate_columns": 400,
    "csv_undecodable_header": 400,
    "parquet_input": 422,
    # the service's rules: validated at start, so reaching a request is the service's fault
    "rule_file": 500,
    "rule_set_invalid": 500,
    "expression_invalid": 500,
    # deciding: never turned into "not eligible"
    "evaluation_failed": 500,
    "engine_error": 500,
    "engine_unavailable": 503,
    "durable_error": 500,
    "durable_unavailable": 503,
    "durable_network_limit": 500,
    "durable_hash_collision": 500,
    "durable_compile": 500,
    "durable_fact_encoding": 500,
    "durable_action_failed": 500,
    "durable_engine_failed": 500,
    "backend_mismatch": 500,
    "columnar_unavailable": 503,
    "columnar_mismatch": 500,
    # the service's files and settings (no route reads or writes a file named by the client)
    "io_error": 500,
    "output_conflict": 500,
    "configuration": 500,
    "unknown_engine": 500,
    # screening runs, what-ifs and case files: command-line jobs, never a request's input
    "path_unusable": 500,
    "output_write_failed": 500,
    "resume_refused": 500,
    "parameter_change": 500,
    "case_file_invalid": 500,
    "workers_lost": 500,
    # the root, for an error class defined outside the library
    "zyjob_rules_error": 500,
}

_ZH_INPUT = {
    "case_input": "案件输入无效：{msg}",
    "csv_header": "输入的表头无效：{msg}",
}


def status_of(exc: ZyjobRulesError) -> int:
    """The HTTP status of a library error: its own code's row, else its nearest family's."""
    for cls in type(exc).__mro__:
        code = getattr(cls, "code", None)
        if isinstance(code, str) and code in HTTP_STATUS:
            return HTTP_STATUS[code]
    return 500


def _family_zh(exc: ZyjobRulesError) -> str:
    for cls in type(exc).__mro__:
        template = _ZH_INPUT.get(str(getattr(cls, "code", "")))
        if template is not None:
            return template.format(msg=exc)
    return f"输入无效：{exc}"


def from_library_error(exc: ZyjobRulesError, error_id: str) -> ServiceError:
    """The error response of a library error. ``error_id`` is used (and must be logged by the
    caller) only for a 5xx."""
    status = status_of(exc)
    if status < 500:
        if isinstance(exc, CaseValidationError):
            error = invalid_case(exc)
            error.status = status
            return error
        return ServiceError(status, exc.code, str(exc), _family_zh(exc),
                            [Problem.of_message("$", str(exc))] if status == 422 else [])
    if exc.code == "evaluation_failed":
        return evaluation_failed(error_id)
    error = internal_error(error_id)
    error.status, error.code = status, exc.code
    return error
