"""The scalar engine as the registry sees it: the compiled program and its evaluator."""

from __future__ import annotations

from datetime import date

from ..explain.decision import Decision
from ..model import Case
from ..ruleset.checked import RuleSet
from .program import Program, build_program
from .scalar.evaluator import evaluate_rules


class ScalarEngine:
    """Compiled Python (the reference engine): every condition evaluated, traced or not."""

    name = "python"

    def __init__(self, ruleset: RuleSet) -> None:
        self.program: Program = build_program(ruleset)

    @property
    def ruleset(self) -> RuleSet:
        return self.program.ruleset

    def decide(self, case: Case, as_of: date, trace: bool) -> list[Decision]:
        return evaluate_rules(self.program, case, as_of, trace)

    def close(self) -> None:
        """Nothing outside Python objects to free."""
