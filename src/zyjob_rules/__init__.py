"""zyjob_rules — who qualifies for Ziyang's employment subsidies, how much, and why.

资阳市就业创业扶持政策（资阳市人民政府 2017-12-12 实施意见）资格判定与说明引擎。
"""

from __future__ import annotations

from ._version import __version__
from .api import evaluate, load_ruleset
from .explain.decision import Decision, Outcome, Report, Verdict
from .model import Case, CaseValidationError, Household, Organisation, Person, parse_case
from .ruleset.errors import RuleFileError, RuleSetError
from .screening import ScreenResult, screen

__all__ = [
    "Case",
    "CaseValidationError",
    "Decision",
    "Household",
    "Organisation",
    "Outcome",
    "Person",
    "Report",
    "RuleFileError",
    "RuleSetError",
    "ScreenResult",
    "Verdict",
    "__version__",
    "evaluate",
    "load_ruleset",
    "parse_case",
    "screen",
]
