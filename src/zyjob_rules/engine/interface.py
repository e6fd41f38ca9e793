"""What every engine offers: a rule set compiled for one backend, ready to decide cases.

An engine is built once per rule set (see :mod:`.registry`, which owns the cache) and then
decides case after case. The scalar engine (compiled Python) is the reference; the durable_rules
and columnar engines must reach the same outcomes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from ..explain.decision import Decision
from ..model import Case
from ..ruleset.checked import RuleSet


class Engine(Protocol):
    """A rule set compiled for one backend."""

    @property
    def name(self) -> str:
        """The registry name of the backend ("python", "durable", ...)."""
        ...

    @property
    def ruleset(self) -> RuleSet:
        """The rule set this engine was compiled from."""
        ...

    def decide(self, case: Case, as_of: date, trace: bool) -> list[Decision]:
        """One Decision per rule in force on ``as_of`` and per subject of the case it applies to."""
        ...

    def close(self) -> None:
        """Free now what the engine holds outside Python objects (durable_rules' networks);
        otherwise that happens when it is garbage-collected. The engine is not used afterwards.
        """
        ...


# An engine that hands some decisions to another (the columnar backend gives traced decisions
# to the scalar engine) also defines ``stamp_name(trace: bool) -> str``: the engine the audit
# stamp names for that call (``api.stamp_name``).

EngineFactory = Callable[[RuleSet], Engine]
"""Builds (compiles) the engine of a rule set."""

__all__ = ["Engine", "EngineFactory"]
