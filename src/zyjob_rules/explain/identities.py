"""Names a model path by the case's own identities, and turns a missing fact into a question.

``applicant.hires[1]`` becomes "职工 刘洋 (P-FF-02)";
the missing fact ``applicant.hires[0].worker.poverty_registered`` becomes the question
"职工 王芳 (P-FF-01)是否建档立卡贫困人口？", built from the model's field descriptions
(``described(zh, en)`` in the model). The path itself stays in the JSON for machines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from .contract import Text
from .words import phrases

_TOKEN = re.compile(r"\.?([A-Za-z_]\w*)|\[(\d+)\]|\[where ([^\]]*)\]")


@dataclass(frozen=True, slots=True)
class Step:
    """Where a path led: the object reached, the model that holds the last field, the field."""

    obj: Any
    owner: BaseModel | None
    field: str | None
    filter: str | None


def walk(root: Any, path: str) -> Step:
    """Follow ``path`` (``applicant.hires[0].worker``) from the case; stop where it runs out."""
    obj: Any = root
    owner: BaseModel | None = None
    name: str | None = None
    where: str | None = None
    for m in _TOKEN.finditer(path):
        attr, index, cond = m.group(1), m.group(2), m.group(3)
        if attr is not None:
            if not isinstance(obj, BaseModel):
                return Step(None, owner, attr, where)
            owner, name = obj, attr
            obj = getattr(obj, attr, None)
        elif index is not None:
            i = int(index)
            obj = obj[i] if isinstance(obj, list) and i < len(obj) else None
        else:
            where = cond
            obj = None
    return Step(obj, owner, name, where)


def field_text(owner: BaseModel | None, name: str | None) -> Text | None:
    """The zh/en description of a model field (``described`` keeps both halves)."""
    if owner is None or name is None:
        return None
    info = type(owner).model_fields.get(name)
    extra = info.json_schema_extra if info is not None else None
    if isinstance(extra, dict) and isinstance(extra.get("zh"), str):
        return Text(zh=str(extra["zh"]), en=str(extra.get("en", extra["zh"])))
    return None


class Identities:
    """Labels and questions for the paths of one case (``case`` may be None: paths are kept)."""

    def __init__(self, case: BaseModel | None, as_of: date) -> None:
        self.case = case
        self.as_of = as_of
        self._labels: dict[str, Text | None] = {}

    def label(self, path: str) -> Text | None:
        """Who or what ``path`` is, by the case's names and ids; None when it cannot be named."""
        if path not in self._labels:
            self._labels[path] = self._label(path)
        return self._labels[path]

    def _label(self, path: str) -> Text | None:
        if self.case is None:
            return None
        step = walk(self.case, path)
        if step.obj is None or not isinstance(step.obj, BaseModel):
            return None
        who = _identity(step.obj)
        if path == "applicant":
            return Text(zh=who, en=who) if who else None
        role = phrases.ROLES.get(step.field or "")
        if role is None:
            described = field_text(step.owner, step.field)
            role = (described.zh, described.en) if described else ("", "")
        if who is None:  # a record without a name: its place in the list ("证书（第 1 项）")
            index = re.search(r"\[(\d+)\]$", path)
            if index is None:
                return None
            n = int(index.group(1)) + 1
            zh, en = (t.format(role=r, n=n) for t, r in zip(phrases.NTH, role, strict=True))
        else:
            zh = f"{role[0]} {who}".strip()
            en = f"{role[1]} {who}".strip()
        return Text(zh=zh, en=en[:1].upper() + en[1:])

    def question(self, path: str) -> Text:
        """The question that would supply the missing fact at ``path``."""
        if self.case is None:
            return Text(zh=phrases.QUESTION_FALLBACK[0].format(path=path),
                        en=phrases.QUESTION_FALLBACK[1].format(path=path))
        step = walk(self.case, path)
        field = field_text(step.owner, step.field)
        if field is None:
            return Text(zh=phrases.QUESTION_FALLBACK[0].format(path=path),
                        en=phrases.QUESTION_FALLBACK[1].format(path=path))
        owner_path = _owner_path(path)
        who = self._who(owner_path)
        scope = ""
        scope_en = ""
        if step.filter:
            year = self.as_of.year - 1 if "last_year" in step.filter else None
            if year is not None:
                scope = phrases.LAST_YEAR_SCOPE[0].format(year=year)
                scope_en = phrases.LAST_YEAR_SCOPE[1].format(year=year)
        info = type(step.owner).model_fields.get(step.field or "") if step.owner else None
        is_flag = info is not None and "bool" in str(info.annotation).lower()
        zh_t, en_t = phrases.QUESTION_FLAG if is_flag else phrases.QUESTION_VALUE
        return Text(
            zh=zh_t.format(who=who.zh, field=field.zh, scope=scope),
            en=en_t.format(who=who.en, field=field.en, scope=scope_en),
        )

    def _who(self, owner_path: str) -> Text:
        if owner_path == "applicant":
            kind = getattr(getattr(self.case, "applicant", None), "kind", "")
            pair = phrases.APPLICANT_PRONOUN.get(str(kind), phrases.APPLICANT_PRONOUN[""])
            return Text(zh=pair[0], en=pair[1])
        label = self.label(owner_path)
        if label is not None:
            return label
        return Text(zh=owner_path, en=owner_path)


def _owner_path(path: str) -> str:
    """The path of the object holding the last field (``applicant.hires[0].worker``)."""
    head = re.sub(r"\[where [^\]]*\]$", "", path)
    return head.rsplit(".", 1)[0] if "." in head else head


def _identity(obj: BaseModel) -> str | None:
    """"王芳 (P-FF-01)" from a person, an organisation, or a record holding a worker."""
    name = getattr(obj, "name", None)
    ident = getattr(obj, "id", None)
    if name is None and ident is None:
        worker = getattr(obj, "worker", None)
        return _identity(worker) if isinstance(worker, BaseModel) else None
    if name and ident:
        return f"{name} ({ident})"
    return str(name or ident)
