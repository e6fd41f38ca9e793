"""The public entry points: ``load_ruleset`` and ``evaluate``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from . import __version__
from .assessment_date import as_of_date
from .engine.evaluator import evaluate_rules, ruleset_of
from .engine.program import compile_ruleset
from .explain.decision import AuditStamp, Report
from .model import Case, parse_case
from .ruleset.checked import RuleSet
from .ruleset.loader import load_ruleset

__all__ = ["evaluate", "load_ruleset"]


def evaluate(
    case: Case | dict[str, Any] | str | bytes,
    as_of: date | datetime | str | None = None,
    rules: RuleSet | str | Path | None = None,
    *,
    trace: bool = True,
    backend: str = "python",
) -> Report:
    """Decide every rule that applies to the case's applicant, on ``as_of``.

    ``case`` may be a Case, a dict or JSON text (validated; CaseValidationError names each bad
    field). ``as_of`` (a date, a datetime read in Asia/Shanghai, or ``YYYY-MM-DD``) defaults to
    the case's own date, else today in Asia/Shanghai. ``rules`` is a RuleSet, a rules
    directory, or None for the bundled rules. With ``trace=False`` decisions carry no condition
    traces (faster), but unknown outcomes still list their missing facts.
    """
    parsed = parse_case(case)
    day = _as_of(as_of, parsed)
    ruleset = (
        rules
        if isinstance(rules, RuleSet)
        else (load_ruleset(rules) if rules is not None else ruleset_of(None))
    )
    if backend == "python":
        program = compile_ruleset(ruleset)
        decisions = evaluate_rules(program, parsed, day, trace)
    elif backend == "durable":
        from .engine.durable import evaluate_durable  # optional extra: imported only when asked

        decisions = evaluate_durable(ruleset, parsed, day, trace)
    else:
        raise ValueError(f"unknown backend {backend!r}; use 'python' or 'durable'")
    stamp = AuditStamp(ruleset.version, day, __version__, backend)
    return Report(parsed.id, stamp, decisions, case=parsed, ruleset=ruleset)


def _as_of(as_of: date | datetime | str | None, case: Case) -> date:
    """The given date (a datetime is read in Asia/Shanghai), else the case's, else today in
    Ziyang (assessment_date.py)."""
    return as_of_date(as_of, case.as_of)
