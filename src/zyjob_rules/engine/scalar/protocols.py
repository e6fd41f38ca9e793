"""What the helpers of a decision (eligible_from, missing facts, recorders) need of the evaluator.

A small Protocol instead of the evaluator's class, so that ``dates``, ``missing`` and
``recording`` do not import ``evaluator`` (which imports them): no import circle, and no
calls of another module's private methods (DESIGN §7, as mypy's ``checker_shared.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from ...explain.decision import Decision
from ..program import CompiledRule, Program
from .context import Context, Subject
from .tracer import Tracer


class Evaluator(Protocol):
    """One date's evaluator, as its helpers see it (``evaluator.RuleEvaluator`` is one)."""

    @property
    def program(self) -> Program: ...

    @property
    def as_of(self) -> date: ...

    @property
    def params(self) -> dict[str, Any]: ...

    @property
    def plain_ctx(self) -> Context:
        """The context of untraced evaluation on this date (no recorder)."""
        ...

    def on(self, day: date) -> Evaluator:
        """The evaluator of another date."""
        ...

    def verdict(self, cr: CompiledRule, subject: Subject) -> bool | None:
        """The rule's three-valued result without trace or amount."""
        ...

    def decide(
        self, cr: CompiledRule, subject: Subject, trace: bool, item_dates: bool = True
    ) -> Decision:
        """The decision of one rule for one subject."""
        ...

    def new_tracer(self) -> Tracer:
        """A fresh recorder for traced evaluation on this date."""
        ...
