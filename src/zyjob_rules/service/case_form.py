"""The caseworker page's form, described from the case model's JSON Schema.

The page's script draws the form from this description; it knows no field of its own. Every
property of every model becomes one field with its Chinese label (the ``zh`` of the field's
description), its English one, and a widget:

- ``text``, ``date``, ``int``, ``money`` (yuan as text, e.g. ``1000.00``), ``bool`` (yes / no /
  not given: a fact not given stays unknown, it is never sent as "no"), ``enum`` (choices by their
  labels, 家庭农场 not ``family_farm``), ``const`` (the ``kind`` tag, sent as it is);
- ``object`` (a nested model, e.g. a hire's worker), ``list`` (repeatable items with add and
  remove: hires, insurance periods, certificates...), ``union`` (the applicant: person,
  household or organisation).

A property of a shape none of these covers raises FormSchemaError naming it, so a model change
the page cannot show fails the tests instead of vanishing from the form.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..explain.words.labels import ENUM_LABELS
from ..model import Case

APPLICANT_KINDS: list[dict[str, str]] = [
    {"value": "person", "label": "个人", "en": "person"},
    {"value": "household", "label": "家庭", "en": "household"},
    {"value": "organisation", "label": "单位（用人单位、合作社、家庭农场等）",
     "en": "organisation"},
]
_DEF = "#/$defs/"


class FormSchemaError(ValueError):
    """A property of the case schema that the form has no widget for."""


def _is_null(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "null"


def _is_money(options: list[dict[str, Any]]) -> bool:
    types = {o.get("type") for o in options}
    return types == {"string", "integer", "number"} and any("pattern" in o for o in options)


class _Builder:
    def __init__(self, defs: dict[str, Any]) -> None:
        self.defs = defs

    def enum_options(self, name: str) -> list[list[str]]:
        labels = ENUM_LABELS.get(name, {})
        return [[v, labels.get(v, (v, v))[0]] for v in self.defs[name]["enum"]]

    def is_enum(self, name: str) -> bool:
        return "enum" in self.defs[name]

    def widget(self, where: str, prop: dict[str, Any]) -> dict[str, Any]:
        """The widget of one property schema (without labels); ``nullable`` when null is allowed."""
        if "const" in prop:
            return {"widget": "const", "value": prop["const"]}
        if "oneOf" in prop and "discriminator" in prop:
            mapping = prop["discriminator"]["mapping"]
            return {"widget": "union", "tag": prop["discriminator"]["propertyName"],
                    "choices": [{**k, "of": mapping[k["value"]].removeprefix(_DEF)}
                                for k in APPLICANT_KINDS if k["value"] in mapping]}
        if "anyOf" in prop:
            options = [o for o in prop["anyOf"] if not _is_null(o)]
            nullable = len(options) < len(prop["anyOf"])
            if _is_money(options):
                return {"widget": "money", "nullable": nullable}
            if len(options) == 1:
                inner = self.widget(where, options[0])
                return {**inner, "nullable": nullable or inner.get("nullable", False)}
            raise FormSchemaError(f"{where}: no form widget for a union of {options}")
        if "$ref" in prop:
            name = prop["$ref"].removeprefix(_DEF)
            if self.is_enum(name):
                return {"widget": "enum", "options": self.enum_options(name)}
            return {"widget": "object", "of": name}
        kind = prop.get("type")
        if kind == "array":
            items = prop.get("items", {})
            if "$ref" in items and not self.is_enum(items["$ref"].removeprefix(_DEF)):
                return {"widget": "list", "of": items["$ref"].removeprefix(_DEF)}
            raise FormSchemaError(f"{where}: no form widget for a list of {items}")
        if kind == "string":
            return {"widget": "date" if prop.get("format") == "date" else "text"}
        if kind == "integer":
            return {"widget": "int", **({"min": prop["minimum"]} if "minimum" in prop else {})}
        if kind == "boolean":
            return {"widget": "bool"}
        raise FormSchemaError(f"{where}: no form widget for {prop}")

    def model(self, name: str) -> dict[str, Any]:
        schema = self.defs[name]
        required = set(schema.get("required", []))
        fields = []
        for field, prop in schema.get("properties", {}).items():
            where = f"{name}.{field}"
            out: dict[str, Any] = {
                "name": field,
                "label": prop.get("zh") or prop.get("title") or field,
                "en": prop.get("en", ""),
                "required": field in required,
                "nullable": False,
                **self.widget(where, prop),
            }
            if "default" in prop and prop["default"] not in (None, []):
                out["default"] = prop["default"]
            fields.append(out)
        return {"title": schema.get("title", name), "fields": fields}


@cache
def form_spec() -> dict[str, Any]:
    """The form of a Case: ``{"root": "Case", "models": {name: {"title", "fields": [...]}}}``
    for every model a case can hold (enums become the choices of their fields)."""
    schema = Case.model_json_schema()
    defs = {**schema["$defs"], "Case": {k: v for k, v in schema.items() if k != "$defs"}}
    builder = _Builder(defs)
    models = {name: builder.model(name) for name, d in defs.items() if "properties" in d}
    return {"root": "Case", "models": models}
