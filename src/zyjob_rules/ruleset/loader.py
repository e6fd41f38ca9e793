"""Load a rules directory: YAML -> schema -> parameters -> typed expressions. All-or-nothing.

Every problem found is collected with its file, line and rule id, and raised together as a
RuleSetError; a rule set with any error is never returned.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .. import model
from ..lang.checker import LangError, ParamInfo, Scope, parse_expression
from ..lang.nodes import categories_used
from ..lang.types import Type
from .checked import CheckedCategory, CheckedCondition, CheckedRule, RuleSet
from .errors import RuleFileError, RuleSetError
from .parameters import Parameter, build_parameter, value_type
from .paths import bundled_rules_dir
from .schema import CategorySpec, ConditionSpec, ParameterSpec, RuleFile, RuleSpec
from .yaml_source import LineDict, line_of, load_yaml

ROOT_TYPES: dict[str, Type] = {
    "person": Type("object", model=model.Person),
    "household": Type("object", model=model.Household),
    "organisation": Type("object", model=model.Organisation),
}


def _enum_named(name: str) -> type[Enum] | None:
    candidate = getattr(model, name, None)
    return candidate if isinstance(candidate, type) and issubclass(candidate, Enum) else None


@dataclass
class _Parsed:
    file: str
    data: Any
    spec: RuleFile


class _Collector:
    def __init__(self) -> None:
        self.errors: list[RuleFileError] = []
        self.invalid_ids: set[str] = set()  # entries already reported as malformed

    def add(self, file: str, line: int | None, rule_id: str | None, message: str) -> None:
        self.errors.append(RuleFileError(file, line, rule_id, message))


RULE_SUFFIXES = (".yaml", ".yml")


def _rule_files(directory: Path, errors: _Collector) -> list[Path]:
    """Every ``*.yaml`` and ``*.yml`` file under ``directory``. A file or directory that is a
    symlink leading outside the rules directory is refused (reported, never read)."""
    root = directory.resolve()
    found = []
    for path in sorted(directory.rglob("*")):
        if path.suffix not in RULE_SUFFIXES or path.is_dir():
            continue
        name = path.relative_to(directory).as_posix()
        target = path.resolve()
        if not target.is_relative_to(root):
            errors.add(name, None, None, "a symbolic link leading outside the rules directory")
        elif path.is_file():
            found.append(path)
    return found


def _content_hash(contents: dict[str, bytes]) -> str:
    """The rule set's version: a hash of every file's relative name and bytes."""
    digest = hashlib.sha256()
    for name, content in contents.items():
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(content)
        digest.update(b"\0")
    return "sha256:" + digest.hexdigest()[:16]


def _parse_file(content: bytes, name: str, errors: _Collector) -> _Parsed | None:
    try:
        data = load_yaml(content.decode("utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        errors.add(name, line, None, f"YAML syntax error: {problem}")
        return None
    except UnicodeDecodeError:
        errors.add(name, None, None, "the file is not UTF-8 text")
        return None
    if data is None:
        data = LineDict()
    if not isinstance(data, dict):
        errors.add(name, 1, None, "a rule file must be a mapping with parameters/categories/rules")
        return None
    sections: dict[str, list[Any]] = {}
    for key, value in data.items():
        line = data.key_lines.get(str(key)) if isinstance(data, LineDict) else None
        if key not in _SECTIONS:
            errors.add(name, line, None, f"unknown section '{key}' (use {', '.join(_SECTIONS)})")
        elif not isinstance(value, list):
            errors.add(name, line, None, f"'{key}' must be a list")
        else:
            sections[key] = [
                spec
                for index, item in enumerate(value)
                if (spec := _validate_entry(name, data, key, index, item, errors)) is not None
            ]
    spec = RuleFile.model_construct(
        parameters=sections.get("parameters", []),
        categories=sections.get("categories", []),
        rules=sections.get("rules", []),
    )
    return _Parsed(name, data, spec)


_SECTIONS: dict[str, type[Any]] = {
    "parameters": ParameterSpec,
    "categories": CategorySpec,
    "rules": RuleSpec,
}


def _validate_entry(
    name: str, data: Any, section: str, index: int, item: Any, errors: _Collector
) -> Any:
    """One parameter, category or rule; on failure its errors are collected and its id noted,
    so references to it elsewhere are not reported again as unknown."""
    try:
        return _SECTIONS[section].model_validate(item)
    except ValidationError as exc:
        item_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(item_id, str):
            errors.invalid_ids.add(item_id)
        for err in exc.errors(include_url=False):
            loc = (section, index, *err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            field_path = ".".join(str(p) for p in loc)
            rule_id = item_id if isinstance(item_id, str) else None
            errors.add(name, line_of(data, loc), rule_id, f"{field_path}: {msg}")
        return None


def _entries(parsed: list[_Parsed], section: str) -> Iterator[tuple[_Parsed, int, Any]]:
    for p in parsed:
        for index, spec in enumerate(getattr(p.spec, section)):
            yield p, index, spec


def load_ruleset(path: str | Path | None = None) -> RuleSet:
    """Load and validate every ``*.yaml`` under ``path`` (default: the bundled rules).

    Raises RuleSetError listing every problem (file, line, rule id, message).
    """
    directory = Path(path) if path is not None else bundled_rules_dir()
    errors = _Collector()
    if not directory.is_dir():
        raise RuleSetError([RuleFileError(str(directory), None, None, "not a directory")])
    files = _rule_files(directory, errors)
    if errors.errors:
        raise RuleSetError(errors.errors)
    if not files:
        raise RuleSetError(
            [RuleFileError(str(directory), None, None, "no *.yaml (or *.yml) rule files")]
        )
    # Read every file once: the version hashes exactly the bytes that are parsed.
    contents = {f.relative_to(directory).as_posix(): f.read_bytes() for f in files}
    version = _content_hash(contents)
    key = (str(directory.resolve()), version)
    with _loaded_lock:
        cached = _loaded.get(key)
        if cached is not None:
            _loaded.move_to_end(key)
            return cached
    ruleset = _load(directory, contents, version, errors)
    with _loaded_lock:
        _loaded[key] = ruleset
        while len(_loaded) > _LOADED_CAPACITY:
            _loaded.popitem(last=False)
    return ruleset


# Rule sets already loaded, by (directory, content hash): ``evaluate(rules=path)`` and
# ``screen(rules=path)`` load a directory once per content, not on every call. A RuleSet is an
# immutable value, so sharing it is safe.
_LOADED_CAPACITY = 8
_loaded: OrderedDict[tuple[str, str], RuleSet] = OrderedDict()
_loaded_lock = threading.Lock()


def _load(directory: Path, contents: dict[str, bytes], version: str, errors: _Collector) -> RuleSet:
    parsed = [
        p for name, content in contents.items() if (p := _parse_file(content, name, errors))
    ]
    parameters, params_info = _parameters(parsed, errors)
    category_specs = _category_specs(parsed, errors)
    category_subjects = {
        cid: ROOT_TYPES[spec.subject] for cid, (_, spec, _) in category_specs.items()
    }
    checker = _ExpressionChecker(params_info, category_subjects, errors)
    categories = {
        cid: CheckedCategory(spec, checker.conditions(p, idx, "categories", spec), p.file)
        for cid, (p, spec, idx) in category_specs.items()
    }
    _reject_category_cycles(categories, category_specs, errors)
    rules = [checker.rule(p, idx, spec) for p, idx, spec in _entries(parsed, "rules")]
    _check_rule_versions(parsed, errors)
    _check_rule_references(parsed, errors)
    if errors.errors:
        raise RuleSetError(errors.errors)
    return RuleSet(
        directory=directory,
        files=tuple(contents),
        version=version,
        parameters=parameters,
        categories=categories,
        rules=tuple(r for r in rules if r is not None),
    )


@functools.cache
def bundled_ruleset() -> RuleSet:
    """The bundled rules, loaded once per process."""
    return load_ruleset()


def _parameters(
    parsed: list[_Parsed], errors: _Collector
) -> tuple[dict[str, Parameter], dict[str, ParamInfo]]:
    """The parameters, and the type of every declared one (even one whose values are wrong, so
    a bad value is reported once, not again at every rule that reads it)."""
    out: dict[str, Parameter] = {}
    info: dict[str, ParamInfo] = {}
    for p, index, spec in _entries(parsed, "parameters"):
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


def _category_specs(
    parsed: list[_Parsed], errors: _Collector
) -> dict[str, tuple[_Parsed, CategorySpec, int]]:
    out: dict[str, tuple[_Parsed, CategorySpec, int]] = {}
    for p, index, spec in _entries(parsed, "categories"):
        if spec.id in out or spec.id in ROOT_TYPES:
            line = line_of(p.data, ("categories", index))
            errors.add(p.file, line, spec.id, f"duplicate category id '{spec.id}'")
            continue
        out[spec.id] = (p, spec, index)
    return out


def _reject_category_cycles(
    categories: dict[str, CheckedCategory],
    specs: dict[str, tuple[_Parsed, CategorySpec, int]],
    errors: _Collector,
) -> None:
    def uses(cid: str) -> set[str]:
        return {u for c in categories[cid].conditions for u in categories_used(c.node)}

    for start in categories:
        stack, seen = [start], set()
        while stack:
            current = stack.pop()
            for used in uses(current):
                if used == start:
                    p, _, index = specs[start]
                    errors.add(
                        p.file,
                        line_of(p.data, ("categories", index)),
                        start,
                        f"category '{start}' is defined in terms of itself",
                    )
                    stack = []
                    break
                if used not in seen and used in categories:
                    seen.add(used)
                    stack.append(used)


def _check_rule_versions(parsed: list[_Parsed], errors: _Collector) -> None:
    seen: dict[str, list[tuple[RuleSpec, str]]] = {}
    for p, index, spec in _entries(parsed, "rules"):
        for other, other_file in seen.get(spec.id, []):
            if spec.effective.overlaps(other.effective):
                line = line_of(p.data, ("rules", index, "effective"))
                errors.add(
                    p.file,
                    line,
                    spec.id,
                    f"rule id '{spec.id}' is defined twice with overlapping effective periods "
                    f"(also in {other_file}); give each version its own from/until",
                )
        seen.setdefault(spec.id, []).append((spec, p.file))


def _check_rule_references(parsed: list[_Parsed], errors: _Collector) -> None:
    ids = {spec.id for _, _, spec in _entries(parsed, "rules")}
    for p, index, spec in _entries(parsed, "rules"):
        for other in spec.not_cumulative_with:
            if other not in ids:
                line = line_of(p.data, ("rules", index, "not_cumulative_with"))
                errors.add(p.file, line, spec.id, f"not_cumulative_with: no rule with id '{other}'")


class _ExpressionChecker:
    def __init__(
        self, params: dict[str, ParamInfo], categories: dict[str, Type], errors: _Collector
    ) -> None:
        self.params = params
        self.categories = categories
        self.errors = errors

    def scope(self, root: str) -> Scope:
        return Scope({root: ROOT_TYPES[root]}, self.params, self.categories)

    def _conditions(
        self, p: _Parsed, loc: tuple[Any, ...], owner: str, specs: list[ConditionSpec], scope: Scope
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
        p: _Parsed,
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
        self, p: _Parsed, index: int, section: str, spec: CategorySpec
    ) -> tuple[CheckedCondition, ...]:
        return self._conditions(
            p, (section, index, "conditions"), spec.id, spec.conditions, self.scope(spec.subject)
        )

    def rule(self, p: _Parsed, index: int, spec: RuleSpec) -> CheckedRule | None:
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
