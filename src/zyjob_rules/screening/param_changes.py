"""Changed parameter values for a what-if, validated exactly as a rule file's values are.

A change names a parameter (``poverty_hire_award.min_months``), optionally one key of a keyed
parameter (``skills_upgrade.amount_by_level=level5``), and a value. The value in force on the
what-if's date is replaced (same ``from`` date, source ``what-if``) and the parameter rebuilt by
the loader's own ``build_parameter``: the unit, the maximum the rule file declares and the keys
are checked as when loading the rules. The changed rule set gets its own version (the base
version plus a hash of the changes), so nothing compiled for the base is reused for it.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, ClassVar

import yaml

from ..errors import ConfigurationError
from ..ruleset.checked import RuleSet
from ..ruleset.parameters import build_parameter
from ..ruleset.schema import ParameterSpec
from ..ruleset.yaml_source import load_yaml


class ParameterChangeError(ConfigurationError):
    """A change that names no parameter or key, or whose value the parameter cannot take."""

    code: ClassVar[str] = "parameter_change"


@dataclass(frozen=True)
class ParameterChange:
    """One changed value: ``parameter`` (``key`` of a keyed one) becomes ``value``."""

    parameter: str
    key: str | None
    value: Any

    def describe(self) -> str:
        name = self.parameter + (f"[{self.key}]" if self.key else "")
        return f"{name} = {self.value}"


def parse_assignment(text: str) -> ParameterChange:
    """``PARAM=VALUE`` or ``PARAM=KEY=VALUE`` (as ``--set`` takes it); the value is read as a
    YAML scalar, as in a rule file (``3``, ``"1000.50"``, ``0.5``, ``true``)."""
    parts = text.split("=")
    if len(parts) not in (2, 3) or not all(p.strip() for p in parts):
        raise ParameterChangeError(
            f"--set {text!r}: write PARAM=VALUE or PARAM=KEY=VALUE, "
            "e.g. poverty_hire_award.min_months=3")
    raw = parts[-1].strip()
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError:
        value = raw
    if isinstance(value, list | dict) or value is None:
        raise ParameterChangeError(f"--set {text!r}: the value must be one number, amount or "
                                   "true/false")
    key = parts[1].strip() if len(parts) == 3 else None
    return ParameterChange(parts[0].strip(), key, value)


def changes_of(changes: Mapping[str, Any]) -> list[ParameterChange]:
    """The library's form of changes: ``{"param": value}``, ``{"param": {key: value}}`` or
    ``{"param=key": value}``."""
    out = []
    for name, value in changes.items():
        param, _, key = name.partition("=")
        if isinstance(value, Mapping) and not key:
            out += [ParameterChange(param, str(k), v) for k, v in value.items()]
        else:
            out.append(ParameterChange(param, key or None, value))
    return out


def _specs(ruleset: RuleSet) -> dict[str, ParameterSpec]:
    """The parameter specs of the rule set's files (the loaded set keeps values, not specs)."""
    out: dict[str, ParameterSpec] = {}
    for name in ruleset.files:
        data = load_yaml((ruleset.directory / name).read_text(encoding="utf-8"))
        for entry in (data or {}).get("parameters") or []:
            spec = ParameterSpec.model_validate(entry)
            out[spec.id] = spec
    return out


def apply_changes(ruleset: RuleSet, changes: list[ParameterChange], as_of: date) -> RuleSet:
    """The rule set with ``changes`` applied to the values in force on ``as_of``.

    Raises ParameterChangeError naming the parameter: unknown id (with the closest ids), a key
    for an unkeyed parameter or an unknown key, no value in force on ``as_of``, or a value the
    unit or the maximum refuses.
    """
    if not changes:
        raise ParameterChangeError("no change given")
    specs = _specs(ruleset)
    parameters = dict(ruleset.parameters)
    for param_id in dict.fromkeys(c.parameter for c in changes):
        mine = [c for c in changes if c.parameter == param_id]
        if param_id not in parameters or param_id not in specs:
            close = difflib.get_close_matches(param_id, list(parameters), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ParameterChangeError(f"no parameter '{param_id}'{hint}")
        parameters[param_id] = _changed(specs[param_id], parameters[param_id].key_enum, mine,
                                        as_of)
    digest = hashlib.sha256(repr(sorted(
        (c.parameter, c.key or "", repr(c.value)) for c in changes)).encode()).hexdigest()[:8]
    return replace(ruleset, parameters=parameters, version=f"{ruleset.version}+whatif.{digest}",
                   _cache={})


def _changed(spec: ParameterSpec, key_enum: Any, changes: list[ParameterChange],
             as_of: date) -> Any:
    in_force = [i for i, v in enumerate(spec.values) if v.from_ <= as_of]
    if not in_force:
        raise ParameterChangeError(f"parameter '{spec.id}' has no value in force on {as_of}")
    index = max(in_force, key=lambda i: spec.values[i].from_)
    current = spec.values[index]
    value: Any = current.value
    for change in changes:
        if key_enum is None:
            if change.key is not None:
                raise ParameterChangeError(
                    f"parameter '{spec.id}' is not keyed; write {spec.id}=VALUE")
            value = _as_yaml_value(change.value)
            continue
        allowed = [m.value for m in key_enum]
        if change.key is None:
            raise ParameterChangeError(
                f"parameter '{spec.id}' is keyed by {key_enum.__name__}; write "
                f"{spec.id}=KEY=VALUE with KEY one of {', '.join(allowed)}")
        if change.key not in allowed:
            raise ParameterChangeError(f"parameter '{spec.id}': no key '{change.key}'; "
                                       f"use one of {', '.join(allowed)}")
        value = {**(value or dict.fromkeys(allowed)), change.key: _as_yaml_value(change.value)}
    what = ", ".join(c.describe() for c in changes)
    values = list(spec.values)
    values[index] = current.model_copy(update={"value": value, "source": f"what-if: {what}"})
    try:
        return build_parameter(spec.model_copy(update={"values": values}), key_enum)
    except ValueError as exc:
        raise ParameterChangeError(f"parameter '{spec.id}' ({spec.unit.value}): {exc}") from exc


def _as_yaml_value(value: Any) -> Any:
    """A library value as a rule file would hold it (Decimals and numbers as YAML reads them)."""
    if type(value).__name__ == "Decimal":
        return str(value)
    return value
