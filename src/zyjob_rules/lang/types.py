"""The types of the rule language, derived from the pydantic case model.

A value's type is a base kind (bool, int, decimal, date, str, enum, list, object) plus whether it
may be missing (``nullable``): a model field declared ``X | None`` reads as nullable, and a
missing value makes every condition that needs it ``unknown`` instead of silently false.
"""

from __future__ import annotations

import types as pytypes
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

Kind = Literal["bool", "int", "decimal", "date", "str", "enum", "list", "object", "none"]


@dataclass(frozen=True)
class Type:
    kind: Kind
    nullable: bool = False
    enum: type[Enum] | None = None
    model: type[BaseModel] | None = None
    item: Type | None = None

    def non_null(self) -> Type:
        return Type(self.kind, False, self.enum, self.model, self.item)

    def or_null(self, nullable: bool = True) -> Type:
        return Type(self.kind, self.nullable or nullable, self.enum, self.model, self.item)

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "decimal")

    def describe(self) -> str:
        if self.kind == "enum" and self.enum is not None:
            base = f"enum {self.enum.__name__}"
        elif self.kind == "object" and self.model is not None:
            base = self.model.__name__
        elif self.kind == "list" and self.item is not None:
            base = f"list of {self.item.describe()}"
        else:
            base = {"decimal": "number", "str": "text"}.get(self.kind, self.kind)
        return base + (" (may be missing)" if self.nullable else "")


BOOL = Type("bool")
INT = Type("int")
DECIMAL = Type("decimal")
DATE = Type("date")
STR = Type("str")


def _unwrap_annotated(tp: Any) -> Any:
    while get_origin(tp) is typing.Annotated:
        tp = get_args(tp)[0]
    return tp


def type_of_annotation(tp: Any) -> Type:
    """The language type of a pydantic field annotation."""
    tp = _unwrap_annotated(tp)
    origin = get_origin(tp)
    if origin in (Union, pytypes.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        nullable = len(args) < len(get_args(tp))
        if len(args) == 1:
            return type_of_annotation(args[0]).or_null(nullable)
        raise TypeError(f"unsupported union type {tp!r}")
    if origin is list:
        (item,) = get_args(tp)
        return Type("list", item=type_of_annotation(item))
    if origin is Literal:
        return STR
    if isinstance(tp, type):
        if issubclass(tp, bool):
            return BOOL
        if issubclass(tp, Enum):
            return Type("enum", enum=tp)
        if issubclass(tp, int):
            return INT
        if issubclass(tp, Decimal):
            return DECIMAL
        if issubclass(tp, date):
            return DATE
        if issubclass(tp, str):
            return STR
        if issubclass(tp, BaseModel):
            return Type("object", model=tp)
    raise TypeError(f"unsupported field type {tp!r}")


@cache
def fields_of(model: type[BaseModel]) -> dict[str, Type]:
    """Every readable field of a model with its language type."""
    hints = typing.get_type_hints(model, include_extras=True)
    return {name: type_of_annotation(hints[name]) for name in model.model_fields}


def field_label(model: type[BaseModel], name: str) -> tuple[str, str]:
    """The (zh, en) description of a model field, for explanations."""
    info = model.model_fields[name]
    extra = info.json_schema_extra
    if isinstance(extra, dict):
        return str(extra.get("zh", name)), str(extra.get("en", name))
    return name, name
