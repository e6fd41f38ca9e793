"""The public entry points: ``load_ruleset`` and ``evaluate``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from ._version import __version__
from .assessment_date import as_of_date
from .engine.interface import Engine
from .engine.registry import DEFAULT_ENGINE, ENGINES
from .errors import RuleFileError, RuleSetError
from .explain.decision import AuditStamp, Report
from .model import Case, parse_case
from .ruleset import loader
from .ruleset.checked import RuleSet
from .ruleset.loader import bundled_ruleset

__all__ = ["evaluate", "load_ruleset", "resolve_ruleset"]


def evaluate(
    case: Case | dict[str, Any] | str | bytes,
    as_of: date | datetime | str | None = None,
    rules: RuleSet | str | Path | None = None,
    *,
    trace: bool = True,
    backend: str = DEFAULT_ENGINE,
) -> Report:
    """Decide every rule that applies to the case's applicant, on ``as_of``.

    ``case`` may be a Case, a dict or JSON text (validated; CaseValidationError names each bad
    field). ``as_of`` (a date, a datetime read in Asia/Shanghai, or ``YYYY-MM-DD``) defaults to
    the case's own date, else today in Asia/Shanghai. ``rules`` is a RuleSet, a rules
    directory (loaded once per content: see ``load_ruleset``), or None for the bundled rules.
    ``backend`` names an engine of the registry ("python", "durable", "columnar"); each is
    compiled once per rule set. With ``trace=False`` decisions carry no condition traces
    (faster), but unknown outcomes still list their missing facts.
    """
    parsed = parse_case(case)
    day = _as_of(as_of, parsed)
    ruleset = resolve_ruleset(rules)
    engine = ENGINES.engine(ruleset, backend)
    decisions = engine.decide(parsed, day, trace)
    stamp = AuditStamp(ruleset.version, day, __version__, stamp_name(engine, trace))
    return Report(parsed.id, stamp, decisions, case=parsed, ruleset=ruleset)


def stamp_name(engine: Engine, trace: bool) -> str:
    """The engine the audit stamp names: the one that really decided (an engine that hands
    traced decisions to another says which through an optional ``stamp_name(trace)``)."""
    named = getattr(engine, "stamp_name", None)
    return str(named(trace)) if callable(named) else engine.name


def load_ruleset(path: str | Path | None = None) -> RuleSet:
    """Load, check and compile the rules in ``path`` (default: the bundled rules).

    Everything is validated before returning, code generation included: a rule set that loads
    evaluates. A directory already loaded with the same content is not read again, and its
    compiled engine is shared. Raises RuleSetError (a RuleFileError, a ValueError) listing every
    problem with file, line and rule id.
    """
    ruleset = loader.load_ruleset(path)
    compile_checked(ruleset)
    return ruleset


def compile_checked(ruleset: RuleSet) -> None:
    """Compile ``ruleset`` for the reference engine now (cached by the registry), so that a
    failure of code generation is a load error naming the rules, never an evaluation crash."""
    try:
        ENGINES.engine(ruleset, DEFAULT_ENGINE)
    except (SyntaxError, ValueError, OverflowError, RecursionError, MemoryError) as exc:
        problem = f"the rules could not be compiled: {type(exc).__name__}: {exc}"
        raise RuleSetError([RuleFileError(str(ruleset.directory), None, None, problem)]) from exc


def resolve_ruleset(rules: RuleSet | str | Path | None) -> RuleSet:
    """A RuleSet as given, loaded from a directory, or the bundled rules when None."""
    if isinstance(rules, RuleSet):
        return rules
    return load_ruleset(rules) if rules is not None else bundled_ruleset()


def _as_of(as_of: date | datetime | str | None, case: Case) -> date:
    """The given date (a datetime is read in Asia/Shanghai), else the case's, else today in
    Ziyang (assessment_date.py)."""
    return as_of_date(as_of, case.as_of)
