"""Input-error messages in Chinese: by pydantic error type, and for the model's own messages.

``zh_message(type, ctx, message)`` gives the Chinese of one validation problem; the English is
pydantic's (or the model's) own message. Imports nothing of the library, so the model's
validation can use it without an import circle.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# pydantic error type -> Chinese template (filled from the error's ctx).
BY_TYPE: dict[str, str] = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不认识的字段（案件模型中没有这一项，请检查拼写）",
    "bool_type": "应为布尔值 true 或 false（不能写成 \"yes\"、\"是\" 或 1）",
    "bool_parsing": "应为布尔值 true 或 false",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数，不能带小数",
    "float_type": "应为数字",
    "string_type": "应为文本（字符串）",
    "list_type": "应为列表（JSON 数组）",
    "dict_type": "应为对象（JSON 对象）",
    "model_type": "应为对象（JSON 对象）",
    "model_attributes_type": "应为对象（JSON 对象）",
    "enum": "取值应为以下之一：{expected}",
    "literal_error": "取值应为：{expected}",
    "union_tag_invalid": "{discriminator} 的取值 '{tag}' 无效，应为：{expected_tags}",
    "union_tag_not_found": "缺少用于区分类型的字段 {discriminator}",
    "greater_than_equal": "应不小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "应不大于 {le}",
    "less_than": "应小于 {lt}",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "string_too_short": "至少需要 {min_length} 个字符",
    "string_too_long": "最多 {max_length} 个字符",
    "date_type": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "frozen_instance": "不可修改",
    "json_invalid": "不是有效的 JSON",
}

# The model's own English messages (model/base.py, model/person.py, model/validation.py).
BY_MESSAGE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^not a calendar date: (?P<v>.*)$"), "不是有效的日历日期：{v}"),
    (re.compile(r"^expected an ISO date YYYY-MM-DD, got (?P<v>.*)$"),
     "应为 YYYY-MM-DD 格式的日期，实际为 {v}"),
    (re.compile(r"^expected an amount in yuan, got (?P<v>.*)$"), "应为以元计的金额，实际为 {v}"),
    (re.compile(r"^not a decimal amount: (?P<v>.*)$"), "不是有效的金额：{v}"),
    (re.compile(r"^expected a non-negative amount in yuan like '1000.00', got (?P<v>.*)$"),
     "应为不小于 0 的金额（元），如 '1000.00'，实际为 {v}"),
    (re.compile(r"^amount must be a finite number >= 0, got (?P<v>.*)$"),
     "金额应为不小于 0 的有限数，实际为 {v}"),
    (re.compile(r"^amount is too large: (?P<v>.*)$"), "金额过大：{v}"),
    (re.compile(r"^amount has more than two decimal places \(fen\): (?P<v>.*)$"),
     "金额最多保留两位小数（到分）：{v}"),
    (re.compile(r"^(?P<what>.*): end date (?P<end>\S+) is before start date (?P<start>\S+)$"),
     "{what}：结束日期 {end} 早于开始日期 {start}"),
    (re.compile(r"^not valid JSON: not Unicode text \((?P<v>.*)\)$"),
     "不是有效的 JSON：不是 Unicode 文本（{v}）"),
    (re.compile(r"^not valid JSON: (?P<v>.*) \(line (?P<line>\d+), column (?P<col>\d+)\)$"),
     "不是有效的 JSON：{v}（第 {line} 行，第 {col} 列）"),
    (re.compile(r"^a case must be a JSON object$"), "案件应为一个 JSON 对象"),
]

#: The heading of a rejected case, by language.
HEADING = {
    "zh": "错误：{where} 不是有效的案件（{n} 处问题） / error: {where} is not a valid case "
          "({n} problem(s)):",
    "en": "error: {where} is not a valid case ({n} problem(s)):",
}
CANNOT_READ = {"zh": "错误：无法读取 {where}：{reason} / error: cannot read {where}: {reason}",
               "en": "error: cannot read {where}: {reason}"}


def zh_message(error_type: str, ctx: Mapping[str, Any] | None, message: str) -> str:
    """The Chinese of one problem; falls back to the English ``message`` when unknown."""
    for pattern, template in BY_MESSAGE:
        m = pattern.match(message)
        if m is not None:
            return template.format(**m.groupdict())
    by_type = BY_TYPE.get(error_type)
    if by_type is None:
        return message
    try:
        return by_type.format(**{k: str(v) for k, v in (ctx or {}).items()})
    except (KeyError, IndexError):
        return by_type.split("：")[0]


def problem_line(path: str, message: str, message_zh: str | None, lang: str) -> str:
    """One problem as the CLI prints it: the path, then the message in ``lang`` (zh keeps the
    English beside it, for searching and for people who read both)."""
    if lang == "zh" and message_zh and message_zh != message:
        return f"{path}: {message_zh}（{message}）"
    return f"{path}: {message}"
