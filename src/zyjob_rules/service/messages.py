"""Chinese for the validation messages a client gets back, next to the library's English.

The field problems are the library's own (``CaseValidationError.problems``: the same paths and
English messages the CLI prints). A caseworker's portal shows Chinese, so each problem also gets
a Chinese sentence: the field's Chinese label (from the case model's field descriptions) and the
message translated by its pattern. A message no pattern knows keeps its English text after a
Chinese lead-in, so nothing is ever dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from pydantic import BaseModel

from ..model import Case

Translate = Callable[[re.Match[str]], str]

_PATTERNS: list[tuple[re.Pattern[str], Translate]] = [
    (re.compile(r"^Field required$"), lambda m: "缺少必填项"),
    (re.compile(r"^Extra inputs are not permitted$"),
     lambda m: "模型中没有此字段（不接受未定义的字段）"),
    (re.compile(r"^Input should be a valid boolean"), lambda m: "应为 true 或 false"),
    (re.compile(r"^Input should be a valid integer"), lambda m: "应为整数"),
    (re.compile(r"^Input should be a valid string"), lambda m: "应为文本（字符串）"),
    (re.compile(r"^Input should be a valid (list|array)"), lambda m: "应为列表（数组）"),
    (re.compile(r"^Input should be a valid (dictionary|object)"), lambda m: "应为对象"),
    (re.compile(r"^Input should be a valid date"), lambda m: "应为日期 YYYY-MM-DD"),
    (re.compile(r"^Input should be (?P<choices>'.*')$"),
     lambda m: "应为以下取值之一：" + m["choices"].replace(" or ", "、").replace(", ", "、")),
    (re.compile(r"^Input should be greater than or equal to (?P<n>\S+)$"),
     lambda m: f"应不小于 {m['n']}"),
    (re.compile(r"^Input should be less than or equal to (?P<n>\S+)$"),
     lambda m: f"应不大于 {m['n']}"),
    (re.compile(r"^expected an ISO date YYYY-MM-DD, got (?P<v>.*)$"),
     lambda m: f"应为日期 YYYY-MM-DD，收到 {m['v']}"),
    (re.compile(r"^not a calendar date: (?P<v>.*)$"), lambda m: f"不是有效的日历日期：{m['v']}"),
    (re.compile(r"^expected a non-negative amount in yuan"),
     lambda m: "应为不小于零的金额（元），如 '1000.00'"),
    (re.compile(r"^amount has more than two decimal places"), lambda m: "金额最多两位小数（到分）"),
    (re.compile(r"^amount must be a finite number"), lambda m: "金额应为不小于零的有限数"),
    (re.compile(r"^not valid JSON: (?P<why>.*)$"), lambda m: f"不是有效的 JSON：{m['why']}"),
    (re.compile(r"^not UTF-8 text"), lambda m: "不是 UTF-8 编码的文本"),
    (re.compile(r"^a case must be a JSON object$"), lambda m: "案件须为一个 JSON 对象"),
    (re.compile(r"^Unable to extract tag using discriminator"),
     lambda m: "缺少申请主体类型 kind（person / household / organisation）"),
    (re.compile(r"^Input tag .* does not match any of the expected tags"),
     lambda m: "申请主体类型 kind 应为 person、household 或 organisation"),
]


def translate(message: str) -> str:
    """The Chinese of one English validation message (pattern by pattern, else a lead-in)."""
    for pattern, words in _PATTERNS:
        match = pattern.search(message)
        if match:
            return words(match)
    return f"输入无效：{message}"


def _types_in(annotation: object) -> Iterator[type[BaseModel]]:
    """The models an annotation names (through unions, lists, Optional and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _types_in(arg)
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        yield from _types_in(origin)


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@cache
def label_of(path: str) -> str | None:
    """The Chinese label of the field a JSON path ends in, followed through the model:
    ``applicant.hires[0].start_date`` is a hire's 入职日期, not a course's start date."""
    models: list[type[BaseModel]] = [Case]
    label = None
    for name in _NAME.findall(path):
        found = [m.model_fields[name] for m in models if name in m.model_fields]
        if not found:
            return None
        extra = found[0].json_schema_extra
        label = str(extra["zh"]) if isinstance(extra, dict) and "zh" in extra else None
        models = [t for info in found for t in _types_in(info.annotation)]
    return label


def problem_zh(path: str, message: str) -> str:
    """One field problem in Chinese: ``入职日期：应为日期 YYYY-MM-DD，收到 '2018-13-01'``."""
    label = label_of(path)
    text = translate(message)
    return f"{label}：{text}" if label else text
