"""A condition's facts stated in words, as a person states them: dates and amounts, not formulas.

A rule author may give a condition a ``display`` template (zh and en) in the rule file; its
placeholders are filled from the trace:

- ``{as_of}``: the assessment date; ``{last_year}``: the year before it;
- ``{left}`` / ``{right}``: the two values of the condition's last comparison (selections such as
  ``p.year == last_year`` are skipped);
- ``{cmp}``: the word for that comparison and its result ("不足" / "short of");
- ``{param}``: the value of the first policy parameter used (flag settings skipped);
  ``{amount}``: the amount computed;
- ``{FIELD}``: the value read from the case at a path ending in ``.FIELD`` (``{start_date}``);
- ``{from}``: "（2018-07-15 起满足）" when the item is not met yet but will be on a date, else "";
- ``{until}``: the end of a measured period: "至最后工作日 2018-07-14" when an ``end_date`` was
  read (a finished stint), else "至 {as_of}" (an ongoing one).

A value may carry a format: ``{x:money}`` (¥1,000.00), ``{x:percent}`` (70%), ``{x:plain}``.
Without a template the default states each value read by the model's field description and each
comparison by its words (``合同期限 12，不少于 12``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from .decision import Comparison, ConditionTrace, Verdict
from .identities import Identities, field_text, walk
from .words import phrases
from .words.labels import enum_label

_PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?\}")
_SIMPLE_PATH = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")
# A comparison inside a selection (``p.year == last_year`` in ``... for p in ... if``): it picks
# the records, it is not a fact of the condition.
_MONTHS = re.compile(r"\b(months_between|covered_months)\(")
_FILTER = re.compile(r"^(year\()?[a-z]\.")
MAX_READS = 4


def money(amount: Decimal) -> str:
    """¥1,000.00."""
    return f"¥{amount:,.2f}"


def value_text(value: Any, lang: str, fmt: str | None = None) -> str:
    """One value in words: dates ISO, yes/no, enum labels, money with ¥, percents."""
    words = phrases.STATEMENT[lang]
    if value is None:
        return words["missing"]
    if isinstance(value, bool):
        return words["yes"] if value else words["no"]
    if fmt == "percent" and isinstance(value, Decimal | int | float):
        return format((Decimal(str(value)) * 100).normalize(), "f") + "%"
    if fmt == "money" and isinstance(value, Decimal | int):
        return money(Decimal(value))
    if isinstance(value, Decimal):
        return money(value) if fmt != "plain" else format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum | str):
        label = enum_label(value, lang)
        if label is not None:
            return label
        return str(value.value) if isinstance(value, Enum) else value
    if isinstance(value, frozenset | set | list | tuple):
        return phrases.HEAD[lang]["list_sep"].join(value_text(v, lang) for v in value)
    return str(value)


class StatementWriter:
    """Writes the statements of one report's conditions (the case's names, the as-of date)."""

    def __init__(self, ids: Identities, as_of: date) -> None:
        self.ids = ids
        self.as_of = as_of

    def statement(
        self,
        c: ConditionTrace,
        lang: str,
        template: str | None = None,
        eligible_from: date | None = None,
        amount: Decimal | None = None,
    ) -> str:
        """The facts of ``c`` in ``lang``: the template filled in, else the default wording.

        ``amount`` is the result of an amount's computation (``{amount}`` in its template)."""
        if template:
            return self._fill(template, c, lang, eligible_from, amount)
        shown = [k for k in c.comparisons if not _FILTER.match(k.left)]
        parts = list(dict.fromkeys(self._comparison(k, c, lang) for k in shown))
        # Values already stated by a comparison shown above are not repeated; those of a selection
        # (``g.rule == "…"`` inside ``any(…)``) are facts to state: they say which record decided.
        compared = {_tail(k.left) for k in shown if _SIMPLE_PATH.match(k.left)}
        # An absent optional value (no end date: still employed) is a fact only when it left the
        # condition undecided.
        reads = [
            r
            for r in c.reads
            if _tail(r.path) not in compared
            and (r.value is not None or c.verdict is Verdict.unknown)
        ]
        reads.sort(key=lambda r: r.value is not None)  # the missing ones first
        words = phrases.STATEMENT[lang]
        owners = {_owner(r.path) for r in reads}
        for r in reads[:MAX_READS]:
            field = self._field(r.path, lang)
            if len(owners) > 1:  # values of several people: say whose
                who = self.ids.label(_owner(r.path))
                field = f"{(who.zh if lang == 'zh' else who.en) if who else _owner(r.path)} {field}"
            parts.append(words["read"].format(field=field, value=value_text(r.value, lang)))
        if len(reads) > MAX_READS:
            parts.append(words["more"].format(n=len(reads)))
        text = words["join"].join(parts)
        if eligible_from is not None and c.verdict is Verdict.not_met and text:
            text += words["from"].format(date=eligible_from.isoformat())
        return text

    # -- defaults --------------------------------------------------------------------------
    def _field(self, path: str, lang: str) -> str:
        step = walk(self.ids.case, path) if self.ids.case is not None else None
        described = field_text(step.owner, step.field) if step is not None else None
        if described is None:
            return _tail(path)
        return described.zh if lang == "zh" else described.en

    def _comparison(self, k: Comparison, c: ConditionTrace, lang: str) -> str:
        words = phrases.STATEMENT[lang]
        cmp = phrases.cmp_word(lang, k.op, k.result, k.left_value, k.right_value)
        right = value_text(k.right_value, lang)
        left = value_text(k.left_value, lang)
        if _SIMPLE_PATH.match(k.left):
            read = next((r for r in c.reads if _tail(r.path) == _tail(k.left)), None)
            field = self._field(read.path, lang) if read else self._field_of_name(k.left, lang)
            if k.op in ("==", "!=") and k.result is not None:
                shown = words["read"].format(field=field, value=left)
                if k.result:
                    return shown
                need = "（要求：{}）" if lang == "zh" else " (required: {})"
                if k.op == "!=":
                    need = "（须不是：{}）" if lang == "zh" else " (must not be: {})"
                return shown + need.format(right)
            return words["compare_path"].format(field=field, value=left, cmp=cmp, right=right)
        if _MONTHS.search(k.left):  # a duration: say it in months
            return words["compare_months"].format(left=left, cmp=cmp, right=right)
        return words["compare"].format(left=left, cmp=cmp, right=right)

    def _field_of_name(self, expr: str, lang: str) -> str:
        """A rule variable's field (``organisation.org_kind``) described from the applicant."""
        if self.ids.case is None:
            return expr
        name = _tail(expr)
        step = walk(self.ids.case, f"applicant.{name}")
        described = field_text(step.owner, step.field)
        if described is None:
            return expr
        return described.zh if lang == "zh" else described.en

    # -- templates -------------------------------------------------------------------------
    def _until(self, c: ConditionTrace, lang: str) -> str:
        """``{until}``: the end of a measured period — the last day worked when an end date was
        read (a finished stint), else the as-of date (an ongoing one)."""
        end = next(
            (r.value for r in c.reads if _tail(r.path) == "end_date" and r.value is not None),
            None,
        )
        words = phrases.STATEMENT[lang]
        if isinstance(end, date):
            return words["until_end"].format(date=end.isoformat())
        return words["until_as_of"].format(date=self.as_of.isoformat())

    def _fill(
        self,
        template: str,
        c: ConditionTrace,
        lang: str,
        eligible_from: date | None,
        amount: Decimal | None,
    ) -> str:
        kept = [k for k in c.comparisons if not _FILTER.match(k.left)]
        first = kept[-1] if kept else None
        values: dict[str, Callable[[str | None], str]] = {
            "as_of": lambda f: self.as_of.isoformat(),
            "last_year": lambda f: str(self.as_of.year - 1),
            "left": lambda f: value_text(first.left_value if first else None, lang, f),
            "right": lambda f: value_text(first.right_value if first else None, lang, f),
            "cmp": lambda f: (
                phrases.cmp_word(lang, first.op, first.result, first.left_value, first.right_value)
                if first
                else ""
            ),
            "until": lambda f: self._until(c, lang),
            "amount": lambda f: value_text(amount, lang, f),
            # the first parameter that is a quantity (a flag setting read first is skipped)
            "param": lambda f: value_text(
                next((p.value for p in c.params if not isinstance(p.value, bool)), None), lang, f
            ),
            "from": lambda f: (
                phrases.STATEMENT[lang]["from"].format(date=eligible_from.isoformat())
                if eligible_from is not None and c.verdict is Verdict.not_met
                else ""
            ),
        }

        def one(m: re.Match[str]) -> str:
            name, fmt = m.group(1), m.group(2)
            if name in values:
                return values[name](fmt)
            read = next((r for r in c.reads if _tail(r.path) == name), None)
            if read is None:
                return phrases.STATEMENT[lang]["missing"]
            return value_text(read.value, lang, fmt)

        return _PLACEHOLDER.sub(one, template).strip()


def _tail(path: str) -> str:
    """The last field name of a path (``applicant.hires[0].start_date`` -> ``start_date``)."""
    head = re.sub(r"\[[^\]]*\]", "", path)
    return head.rsplit(".", 1)[-1]


def _owner(path: str) -> str:
    """The path of the record holding a value (``applicant.hires[0].worker``)."""
    return path.rsplit(".", 1)[0] if "." in path else path
