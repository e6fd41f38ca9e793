"""zyjob_rules — who qualifies for Ziyang's employment subsidies, how much, and why.

资阳市就业创业扶持政策（资阳市人民政府 2017-12-12 实施意见）资格判定与说明引擎。

The public API (docs/api.md lists it): load rules, evaluate a case, screen many, render the
report, and the errors to catch. The renderers and screening are imported on first use, so
that ``import zyjob_rules`` stays as fast as the engine alone.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .api import evaluate, load_ruleset
from .engine.registry import ENGINES
from .errors import (
    CaseInputError,
    ConfigurationError,
    EngineError,
    EngineUnavailableError,
    EvaluationError,
    ExpressionError,
    InputOutputError,
    OutputConflictError,
    UnknownEngineError,
    ZyjobRulesError,
)
from .explain.decision import Decision, Outcome, Report, Verdict
from .model import Case, CaseValidationError, Household, Organisation, Person, parse_case
from .ruleset.checked import RuleSet
from .ruleset.errors import RuleFileError, RuleSetError

if TYPE_CHECKING:
    from .explain.convert import report_json, report_model
    from .explain.text import render_decision, render_report
    from .screening import ScreenResult, screen

# Renderers and screening, imported when first asked for (module __getattr__, PEP 562).
_LAZY = {
    "screen": "zyjob_rules.screening",
    "ScreenResult": "zyjob_rules.screening",
    "render_report": "zyjob_rules.explain.text",
    "render_decision": "zyjob_rules.explain.text",
    "report_json": "zyjob_rules.explain.convert",
    "report_model": "zyjob_rules.explain.convert",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'zyjob_rules' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "ENGINES",
    "Case",
    "CaseInputError",
    "CaseValidationError",
    "ConfigurationError",
    "Decision",
    "EngineError",
    "EngineUnavailableError",
    "EvaluationError",
    "ExpressionError",
    "Household",
    "InputOutputError",
    "Organisation",
    "Outcome",
    "OutputConflictError",
    "Person",
    "Report",
    "RuleFileError",
    "RuleSet",
    "RuleSetError",
    "ScreenResult",
    "UnknownEngineError",
    "Verdict",
    "ZyjobRulesError",
    "__version__",
    "evaluate",
    "load_ruleset",
    "parse_case",
    "render_decision",
    "render_report",
    "report_json",
    "report_model",
    "screen",
]
