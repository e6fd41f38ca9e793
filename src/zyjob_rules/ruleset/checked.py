"""The validated rule set: every expression parsed and type-checked against the model."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from ..lang.nodes import Node
from .parameters import Parameter
from .schema import CategorySpec, ConditionSpec, RuleSpec


@dataclass(frozen=True)
class CheckedCondition:
    spec: ConditionSpec
    node: Node
    line: int | None


@dataclass(frozen=True)
class CheckedCategory:
    spec: CategorySpec
    conditions: tuple[CheckedCondition, ...]
    file: str


@dataclass(frozen=True)
class CheckedRule:
    spec: RuleSpec
    file: str
    line: int | None
    conditions: tuple[CheckedCondition, ...]
    scope: tuple[CheckedCondition, ...] = ()
    item_source: Node | None = None
    item_conditions: tuple[CheckedCondition, ...] = ()
    amount: Node | None = None
    item_amount: Node | None = None

    @property
    def id(self) -> str:
        return self.spec.id

    def in_force(self, day: date) -> bool:
        return self.spec.effective.contains(day)


@dataclass(frozen=True)
class RuleSet:
    """Everything loaded from a rules directory, validated. ``version`` is a content hash."""

    directory: Path
    files: tuple[str, ...]
    version: str
    parameters: dict[str, Parameter]
    categories: dict[str, CheckedCategory]
    rules: tuple[CheckedRule, ...]
    _cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def fingerprint(self) -> str:
        """What the compiled engines of this rule set are keyed by: the content hash, the
        directory, the rules selected and the parameters' values. Two rule sets loaded from the
        same files share it; a rule set restricted to some rules, or given other parameter
        values, does not. (A RuleSet is a value: derive a new one rather than mutating it.)"""
        digest = hashlib.sha256()
        for part in (
            self.version,
            str(self.directory),
            *(f"{r.file}:{r.line}:{r.id}" for r in self.rules),
            *self.categories,
            *(repr(p) for p in self.parameters.values()),
        ):
            digest.update(part.encode())
            digest.update(b"\0")
        return digest.hexdigest()

    def rule_ids(self) -> list[str]:
        return list(dict.fromkeys(r.id for r in self.rules))

    def versions(self, rule_id: str) -> list[CheckedRule]:
        return [r for r in self.rules if r.id == rule_id]
