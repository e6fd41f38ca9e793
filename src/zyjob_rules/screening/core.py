"""Screening many cases (免申即享): one compiled program, one evaluator per as-of date, streaming.

``screen`` is a generator: it reads one case from its input, decides it, yields the result and
only then reads the next, so a registry of any size is screened in constant memory. A case that
does not validate (or whose evaluation fails) never stops the run: its result carries the
problems, with field paths, instead of a report.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..assessment_date import as_of_date
from ..engine.program import Program, compile_ruleset
from ..engine.scalar.evaluator import RuleEvaluator, evaluator_for, ruleset_of
from ..engine.scalar.runtime import EvaluationError
from ..errors import ConfigurationError
from ..explain.decision import AuditStamp, Decision, Report
from ..model import Case, FieldProblem
from ..model.limits import DEFAULT_LIMITS, InputLimits
from ..model.validation import CaseValidationError, load_case_json
from ..model.validation import problems_of as problems_of
from ..ruleset.checked import RuleSet
from ..ruleset.loader import load_ruleset

CaseInput = Case | Mapping[str, Any] | str | bytes
"""What ``screen`` accepts per case: a Case, a dict in the Case shape, or one JSON document."""


@dataclass(slots=True)
class ScreenResult:
    """The outcome of screening one input case.

    ``index`` is the case's 0-based position in the input. Exactly one of ``report`` (the case
    was decided) and ``problems`` (it was rejected: each bad field with its JSON path) is set.
    """

    index: int
    case_id: str | None
    report: Report | None = None
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report is not None

    @property
    def decisions(self) -> list[Decision]:
        return self.report.decisions if self.report is not None else []


def select_rules(ruleset: RuleSet, rule_ids: Iterable[str]) -> RuleSet:
    """The rule set restricted to ``rule_ids`` (categories and parameters kept).

    Raises ConfigurationError (a ValueError) naming the ids that are no rule of the set.
    """
    wanted = set(rule_ids)
    unknown = sorted(wanted - set(ruleset.rule_ids()))
    if unknown:
        raise ConfigurationError(f"no such rule(s): {', '.join(unknown)}")
    return replace(ruleset, rules=tuple(r for r in ruleset.rules if r.id in wanted), _cache={})


def case_id_of(case: Case) -> str | None:
    """The identifier a result row carries: the case's id, else its applicant's."""
    return case.id if case.id is not None else case.applicant.id


def guess_id(data: Any) -> str | None:
    """Best-effort identifier of a rejected input (a parsed case), so the errors file can name
    it. Never parses text again: an unparsable row has no id."""
    if isinstance(data, Mapping):
        cid = data.get("id")
        if isinstance(cid, str):
            return cid
        applicant = data.get("applicant")
        if isinstance(applicant, Mapping) and isinstance(applicant.get("id"), str):
            return str(applicant["id"])
    return None


class Screener:
    """Decides case after case with one compiled program; evaluators are cached per as-of date."""

    def __init__(
        self,
        rules: RuleSet | str | Path | None = None,
        trace: bool = False,
        only_rules: Iterable[str] | None = None,
        limits: InputLimits = DEFAULT_LIMITS,
        stamp_backend: str = "python",
    ) -> None:
        ruleset = rules if isinstance(rules, RuleSet) else (
            load_ruleset(rules) if rules is not None else ruleset_of(None)
        )
        if only_rules is not None:
            ruleset = select_rules(ruleset, only_rules)
        self.ruleset = ruleset
        self.program: Program = compile_ruleset(ruleset)
        self.trace = trace
        self.limits = limits
        self.stamp_backend = stamp_backend  # the engine the audit stamps name
        self._evaluators: dict[date, RuleEvaluator] = {}
        self._stamps: dict[date, AuditStamp] = {}

    def evaluator(self, day: date) -> RuleEvaluator:
        ev = self._evaluators.get(day)
        if ev is None:
            if len(self._evaluators) >= 64:  # cases with their own dates: keep the cache bounded
                self._evaluators.clear()
                self._stamps.clear()
            from .. import __version__

            ev = self._evaluators[day] = evaluator_for(self.program, day)
            self._stamps[day] = AuditStamp(
                self.ruleset.version, day, __version__, self.stamp_backend
            )
        return ev

    def validate(self, data: CaseInput) -> Case:
        """The Case of one input; CaseValidationError lists every bad field path."""
        if isinstance(data, Case):
            return data
        if isinstance(data, str | bytes):
            data = load_case_json(data, None, self.limits)
        if not isinstance(data, Mapping):
            raise CaseValidationError([FieldProblem("$", "a case must be a JSON object")])
        try:
            return Case.model_validate(data)
        except ValidationError as exc:
            raise CaseValidationError(problems_of(exc)) from exc
        except RecursionError as exc:  # a dict built in Python, nested beyond any case
            raise CaseValidationError([FieldProblem("$", "case is nested too deep")]) from exc

    def screen_one(self, data: CaseInput, index: int, as_of: date | None) -> ScreenResult:
        """Decide one input; a row that does not validate or evaluate is a result with problems."""
        if isinstance(data, str | bytes):
            try:
                data = load_case_json(data, None, self.limits)
            except CaseValidationError as exc:
                return ScreenResult(index, None, problems=exc.problems)
        try:
            case = self.validate(data)
        except CaseValidationError as exc:
            return ScreenResult(index, guess_id(data), problems=exc.problems)
        day = as_of or as_of_date(None, case.as_of)
        evaluator = self.evaluator(day)
        try:
            decisions = evaluator.decide_case(case, self.trace)
        except EvaluationError as exc:
            return ScreenResult(
                index, case_id_of(case), problems=[FieldProblem("$", f"evaluation failed: {exc}")]
            )
        return ScreenResult(index, case_id_of(case), Report(case.id, self._stamps[day], decisions))

    def stamp(self, day: date | None) -> dict[str, str | None]:
        """The audit stamp of a run on ``day`` (None: each case's own date)."""
        from .. import __version__

        return {
            "ruleset_version": self.ruleset.version,
            "as_of": day.isoformat() if day is not None else None,
            "library_version": __version__,
            "backend": self.stamp_backend,
        }


def screen(
    cases: Iterable[CaseInput],
    as_of: date | datetime | str | None,
    rules: RuleSet | str | Path | None = None,
    trace: bool = False,
    backend: str = "python",
) -> Iterator[ScreenResult]:
    """Screen ``cases`` lazily, yielding one ScreenResult per case, in input order.

    ``cases`` is any iterable (a generator reading a file is consumed one case at a time) of
    Case objects, dicts in the Case shape, or JSON texts. ``as_of`` is the assessment date of
    every case (a ``date``, a ``datetime`` read in Asia/Shanghai, or ``YYYY-MM-DD``); None uses
    each case's own date, else today in Asia/Shanghai. The
    rules are loaded and compiled once, before the first case is read (so a broken rules
    directory raises here, not midway). ``trace=True`` keeps each decision's condition trace.
    Invalid cases are yielded as results with ``problems`` and never stop the iteration.
    ``backend="columnar"`` decides batches in polars (the ``columnar`` extra; see
    docs/engines.md). Traces come from the scalar engine only: with ``trace=True`` and
    ``backend="columnar"`` the scalar engine decides, and every report's stamp says
    "scalar (traced)".
    """
    if backend not in ("python", "columnar"):
        raise ValueError(f"unknown backend {backend!r} (python or columnar)")
    day = None if as_of is None else as_of_date(as_of)
    if backend == "columnar":
        if trace:
            from ..engine.columnar.backend import TRACED_STAMP

            return _results(Screener(rules, trace, stamp_backend=TRACED_STAMP), cases, day)
        from ..engine.columnar.screen import screen_columnar

        return screen_columnar(Screener(rules, trace), cases, day)
    return _results(Screener(rules, trace), cases, day)


def _results(
    screener: Screener, cases: Iterable[CaseInput], day: date | None
) -> Iterator[ScreenResult]:
    for index, data in enumerate(cases):
        yield screener.screen_one(data, index, day)
