"""The work behind ``POST /v1/evaluate``, as plain functions run off the event loop.

The case is validated by the library's own ``parse_case`` (the same errors as the CLI), counted
against the item limit, and decided by ``evaluate`` with the request's rules snapshot. Errors are
not rendered here: they reach the app's edge as they are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..api import evaluate
from ..explain.decision import Outcome, Report
from ..model import parse_case
from .limits import check_items
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
    """The Report of one case body. Raises the library's errors as they are (CaseValidationError,
    EvaluationError...: the app's edge maps them to statuses, error_statuses.py) and ServiceError
    413 for too many items."""
    case = parse_case(req.body, source="request body")
    check_items(case, req.max_items)
    report = evaluate(case, as_of=req.as_of, rules=rules.ruleset, trace=req.trace)
    if req.only is not None:
        report.decisions = [d for d in report.decisions if shown(d.outcome, req.only)]
    return report


def outcome_counts(report: Report) -> dict[str, int]:
    """Outcomes counted per outcome, for the log (no rule amounts, no case data)."""
    return dict(Counter(d.outcome.value for d in report.decisions))
