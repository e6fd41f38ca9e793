"""Binding a rule file's entries to the model: parameters built with their types, categories
collected, and every condition and formula parsed and type-checked against the model.

The second stage of :func:`zyjob_rules.ruleset.loader.load_ruleset`. An expression that does not
check is reported with its file, line and rule id (:class:`ExpressionBinder`), and the entry it
belongs to is left out; the loader raises once every problem is collected.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from .. import model
from ..lang.checker import LangError, ParamInfo, Scope, parse_expression
from ..lang.types import Type
from .checked import CheckedCondition, CheckedRule
from .parameters import Parameter, build_parameter, value_type
from .reading import ParsedFile, Problems, entries
from .schema import CategorySpec, ConditionSpec, RuleSpec
from .yaml_source import line_of

ROOT_TYPES: dict[str, Type] = {
    "person": Type("object", model=model.Person),
    "household": Type("object", model=model.Household),
    "organisation": Type("object", model=model.Organisation),
}


def _enum_named(name: str) -> type[Enum] | None:
    candidate = getattr(model, name, None)
    return candidate if isinstance(candidate, type) and issubclass(candidate, Enum) else None


def parameters(
    parsed: list[ParsedFile], errors: Problems
) -> tuple[dict[str, Parameter], dict[str, ParamInfo]]:
    """The parameters, and the type of every declared one (even one whose values are wrong, so
    a bad value is reported once, not again at every rule that reads it)."""
    out: dict[str, Parameter] = {}
    info: dict[str, ParamInfo] = {}
    for p, index, spec in entries(parsed, "parameters"):
        line = line_of(p.data, ("parameters", index))
        if spec.id in info:
            errors.add(p.file, line, spec.id, f"duplicate parameter id '{spec.id}'")
            continue
        key_enum = None
        if spec.keyed_by is not None:
            key_enum = _enum_named(spec.keyed_by)
            if key_enum is None:
                errors.add(
                    p.file, line, spec.id, f"keyed_by: no model enum named '{spec.keyed_by}'"
                )
                continue
        info[spec.id] = ParamInfo(value_type(spec.unit), key_enum)
        try:
            out[spec.id] = build_parameter(spec, key_enum)
        except ValueError as exc:
            errors.add(p.file, line, spec.id, f"parameter '{spec.id}': {exc}")
    return out, info


def category_specs(
    parsed: list[ParsedFile], errors: Problems
) -> dict[str, tuple[ParsedFile, CategorySpec, int]]:
    """Every category spec by id, with its file and index; a repeated id is reported."""
    out: dict[str, tuple[ParsedFile, CategorySpec, int]] = {}
    for p, index, spec in entries(parsed, "categories"):
        if spec.id in out or spec.id in ROOT_TYPES:
            line = line_of(p.data, ("categories", index))
            errors.add(p.file, line, spec.id, f"duplicate category id '{spec.id}'")
            continue
        out[spec.id] = (p, spec, index)
    return out


class ExpressionBinder:
    """Parses and type-checks the expressions of categories and rules; reports what fails."""

    def __init__(
        self, params: dict[str, ParamInfo], categories: dict[str, Type], errors: Problems
    ) -> None:
        self.params = params
        self.categories = categories
        self.errors = errors

    def scope(self, root: str) -> Scope:
        return Scope({root: ROOT_TYPES[root]}, self.params, self.categories)

    def _conditions(
        self,
        p: ParsedFile,
        loc: tuple[Any, ...],
        owner: str,
        specs: list[ConditionSpec],
        scope: Scope,
    ) -> tuple[CheckedCondition, ...]:
        out = []
        seen: set[str] = set()
        for i, cond in enumerate(specs):
            line = line_of(p.data, (*loc, i, "when"))
            if cond.id in seen:
                self.errors.add(p.file, line, owner, f"duplicate condition id '{cond.id}'")
                continue
            seen.add(cond.id)
            node = self.expression(
                p, line, owner, f"condition '{cond.id}'", cond.when, scope, "bool"
            )
            if node is not None:
                out.append(CheckedCondition(cond, node, line))
        return tuple(out)

    def expression(
        self,
        p: ParsedFile,
        line: int | None,
        owner: str,
        what: str,
        text: str,
        scope: Scope,
        expect: str | None,
    ) -> Any:
        try:
            return parse_expression(text, scope, expect)
        except LangError as exc:
            if exc.unknown_name in self.errors.invalid_ids:
                return None  # its own definition is broken and already reported
            col = f" (column {exc.column + 1})" if exc.column is not None else ""
            shown = text.strip()
            if len(shown) > 200:  # quote a huge expression, do not reprint it
                shown = shown[:200] + f"… ({len(shown)} characters)"
            self.errors.add(p.file, line, owner, f"{what}: {exc.message}{col}: {shown}")
            return None

    def conditions(
        self, p: ParsedFile, index: int, section: str, spec: CategorySpec
    ) -> tuple[CheckedCondition, ...]:
        return self._conditions(
            p, (section, index, "conditions"), spec.id, spec.conditions, self.scope(spec.subject)
        )

    def rule(self, p: ParsedFile, index: int, spec: RuleSpec) -> CheckedRule | None:
        n_errors = len(self.errors.errors)
        loc = ("rules", index)
        scope = self.scope(spec.beneficiary)
        conditions = self._conditions(p, (*loc, "conditions"), spec.id, spec.conditions, scope)
        applies_when = self._conditions(
            p, (*loc, "applies_when"), spec.id, spec.applies_when, scope
        )
        amount = None
        if spec.amount is not None:
            amount = self.expression(
                p,
                line_of(p.data, (*loc, "amount")),
                spec.id,
                "amount",
                spec.amount,
                scope,
                "number",
            )
        source = None
        item_conditions: tuple[CheckedCondition, ...] = ()
        item_amount = None
        if spec.for_each is not None:
            fe = spec.for_each
            source = self.expression(
                p,
                line_of(p.data, (*loc, "for_each", "items")),
                spec.id,
                "for_each.items",
                fe.items,
                scope,
                None,
            )
            if source is not None and (source.type.kind != "list" or source.type.item is None):
                self.errors.add(
                    p.file,
                    line_of(p.data, (*loc, "for_each", "items")),
                    spec.id,
                    f"for_each.items: '{fe.items}' is {source.type.describe()}, not a list",
                )
                source = None
            if source is not None:
                if fe.as_ in ROOT_TYPES:
                    self.errors.add(
                        p.file,
                        line_of(p.data, (*loc, "for_each")),
                        spec.id,
                        f"for_each.as: '{fe.as_}' is reserved",
                    )
                item_scope = scope.with_var(fe.as_, source.type.item)
                item_conditions = self._conditions(
                    p, (*loc, "for_each", "conditions"), spec.id, fe.conditions, item_scope
                )
                if fe.amount is not None:
                    item_amount = self.expression(
                        p,
                        line_of(p.data, (*loc, "for_each", "amount")),
                        spec.id,
                        "for_each.amount",
                        fe.amount,
                        item_scope,
                        "number",
                    )
        if len(self.errors.errors) > n_errors:
            return None
        return CheckedRule(
            spec,
            p.file,
            line_of(p.data, loc),
            conditions,
            scope=applies_when,
            item_source=source,
            item_conditions=item_conditions,
            amount=amount,
            item_amount=item_amount,
        )
