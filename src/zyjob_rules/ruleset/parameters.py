"""Parameters with dated values: the value in force on a day, its source, or why it is unset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from ..lang.types import BOOL, DECIMAL, INT, Type
from ..model.base import _parse_money
from .schema import Labels, ParameterSpec, Unit

Scalar = Decimal | int


@dataclass(frozen=True)
class ParamValue:
    """One dated value. ``value`` is None when the policy leaves it to other regulations."""

    value: Scalar | dict[str, Scalar | None] | None
    effective_from: date
    source: str
    note: Labels | None

    def lookup(self, key: Any = None) -> Scalar | None:
        if isinstance(self.value, dict):
            if key is None:
                return None
            return self.value.get(key.value if isinstance(key, Enum) else str(key))
        return self.value


@dataclass(frozen=True)
class Parameter:
    id: str
    label: Labels
    unit: Unit
    key_enum: type[Enum] | None
    values: tuple[ParamValue, ...]  # sorted by effective_from

    @property
    def type(self) -> Type:
        return value_type(self.unit)


    def at(self, day: date) -> ParamValue | None:
        """The value in force on ``day``; None before the first value takes effect."""
        current = None
        for v in self.values:
            if v.effective_from <= day:
                current = v
            else:
                break
        return current


def value_type(unit: Unit) -> Type:
    """The language type of a parameter's values: money and rates are decimals, counts ints,
    flags true/false."""
    if unit is Unit.flag:
        return BOOL
    return DECIMAL if unit in (Unit.yuan, Unit.rate) else INT


def convert_scalar(unit: Unit, raw: Any, maximum: Any = None) -> Scalar | None:
    """Check and convert one raw YAML value for ``unit``; raises ValueError with a plain message."""
    if raw is None:
        return None
    if unit is Unit.flag:
        if not isinstance(raw, bool) or maximum is not None:
            raise ValueError(f"a flag is true or false (and has no maximum), got {raw!r}")
        return raw
    if unit is Unit.yuan:
        value: Scalar = _parse_money(raw)
    elif unit is Unit.rate:
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            raise ValueError(f"a rate must be a number between 0 and 1, got {raw!r}")
        try:
            value = Decimal(str(raw))
        except InvalidOperation as exc:
            raise ValueError(f"a rate must be a number between 0 and 1, got {raw!r}") from exc
        if not Decimal(0) <= value <= Decimal(1):
            raise ValueError(f"a rate must be between 0 and 1, got {raw!r}")
    else:
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise ValueError(f"{unit.value} must be a whole number >= 0, got {raw!r}")
        value = raw
    if maximum is not None and value > convert_scalar(unit, maximum):  # type: ignore[operator]
        raise ValueError(f"value {raw} exceeds the maximum {maximum} the policy allows")
    return value


def build_parameter(spec: ParameterSpec, key_enum: type[Enum] | None) -> Parameter:
    """Convert a checked spec; raises ValueError naming the offending value."""
    values = []
    seen: set[date] = set()
    for v in spec.values:
        if v.from_ in seen:
            raise ValueError(f"two values take effect on {v.from_}")
        seen.add(v.from_)
        if key_enum is not None and v.value is not None:
            if not isinstance(v.value, dict):
                raise ValueError(f"keyed by {key_enum.__name__}: give a value per key")
            allowed = {m.value for m in key_enum}
            unknown = set(v.value) - allowed
            if unknown:
                raise ValueError(f"unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
            converted: Any = {
                k: convert_scalar(spec.unit, x, spec.maximum) for k, x in v.value.items()
            }
            if any(x is None for x in converted.values()) and v.note is None:
                raise ValueError("unset keys (null) need a note saying which regulation sets them")
        else:
            converted = convert_scalar(spec.unit, v.value, spec.maximum)
        values.append(ParamValue(converted, v.from_, v.source, v.note))
    values.sort(key=lambda pv: pv.effective_from)
    return Parameter(spec.id, spec.label, spec.unit, key_enum, tuple(values))
