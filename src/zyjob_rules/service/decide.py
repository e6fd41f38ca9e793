"""The work behind ``POST /v1/evaluate``, as plain functions run off the event loop.

The case is validated by the library's own ``parse_case`` (the same errors as the CLI), counted
against the item limit, and decided by ``evaluate`` with the request's rules snapshot.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..api import evaluate
from ..engine.scalar.runtime import EvaluationError
from ..explain.decision import Outcome, Report
from ..model import CaseValidationError, parse_case
from .limits import check_items
from .problems import evaluation_failed, invalid_case, new_error_id
from .request_log import log_error
from .rules_state import LoadedRules

Only = Literal["positive", "unknown", "actionable"]


@dataclass(frozen=True)
class EvaluateRequest:
    body: bytes
    as_of: date | None
    trace: bool
    only: Only | None
    max_items: int
    request_id: str


def shown(outcome: Outcome, only: Only | None) -> bool:
    """Whether ``only`` keeps a decision (as ``zyjob-rules evaluate --only``): positive ones,
    unknown ones (facts to ask), or both (actionable)."""
    if only is None:
        return True
    if only == "positive":
        return outcome.positive
    if only == "unknown":
        return outcome is Outcome.unknown
    return outcome.positive or outcome is Outcome.unknown


def decide(rules: LoadedRules, req: EvaluateRequest) -> Report:
    """The Report of one case body. Raises ServiceError: 422 invalid, 413 too many items,
    500 (with a logged error id) when a rule cannot be evaluated."""
    try:
        case = parse_case(req.body, source="request body")
    except CaseValidationError as exc:
        raise invalid_case(exc) from exc
    check_items(case, req.max_items)
    try:
        report = evaluate(case, as_of=req.as_of, rules=rules.ruleset, trace=req.trace)
    except EvaluationError as exc:
        error_id = new_error_id()
        log_error(req.request_id, error_id, exc)
        raise evaluation_failed(error_id) from exc
    if req.only is not None:
        report.decisions = [d for d in report.decisions if shown(d.outcome, req.only)]
    return report


def outcome_counts(report: Report) -> dict[str, int]:
    """Outcomes counted per outcome, for the log (no rule amounts, no case data)."""
    return dict(Counter(d.outcome.value for d in report.decisions))
