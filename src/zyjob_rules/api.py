"""The public entry points: ``load_ruleset`` and ``evaluate``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from . import __version__
from .engine.program import compile_ruleset
from .engine.scalar.evaluator import evaluate_rules, ruleset_of
from .explain.decision import AuditStamp, Report
from .model import Case, parse_case
from .ruleset.checked import RuleSet
from .ruleset.loader import load_ruleset

__all__ = ["evaluate", "load_ruleset"]


def evaluate(
    case: Case | dict[str, Any] | str | bytes,
    as_of: date | str | None = None,
    rules: RuleSet | str | Path | None = None,
    *,
    trace: bool = True,
    backend: str = "python",
) -> Report:
    """Decide every rule that applies to the case's applicant, on ``as_of``.

    ``case`` may be a Case, a dict or JSON text (validated; CaseValidationError names each bad
    field). ``as_of`` defaults to the case's own date, else today. ``rules`` is a RuleSet, a rules
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


def _as_of(as_of: date | str | None, case: Case) -> date:
    if isinstance(as_of, str):
        return date.fromisoformat(as_of)
    if as_of is not None:
        return as_of
    return case.as_of or date.today()
