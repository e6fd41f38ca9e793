"""What-if over a population: a registry screened under the current rules and changed ones.

``whatif(registry, as_of, changes={...})`` (or ``rules=DIR``) decides every case twice and
compares, per rule and subject: qualifying subjects before and after, the cash paid before and
after and its difference (loans apart: their ceilings are not a cost), the matrix of outcome
transitions, and the changed cases (written to a file with both decisions when asked). The
chart and the HTML summary are in ``whatif_report``; the command is ``zyjob-rules whatif``.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from ..explain.decision import Decision
from ..model import Case
from ..ruleset.checked import RuleSet
from ..ruleset.loader import load_ruleset
from ..ruleset.schema import RuleKind
from .backend_choice import fallback_note, resolve_backend
from .core import Screener, ScreenResult
from .frames import COLUMNAR_BATCH, decide_records, frame_records
from .outfiles import OutputWriteError
from .param_changes import ParameterChange, apply_changes, changes_of
from .pipeline import chunked
from .records import Record, Source, input_format_of, read_records

ABSENT = "—"
"""The outcome column of a rule that has no decision on one side (not in force, removed)."""
CHANGED_COLUMNS = (
    "line", "case_id", "rule_id", "subject", "outcome_before", "amount_before", "outcome_after",
    "amount_after",
)


@dataclass
class RuleChange:
    """One rule's figures before and after. ``loan``: the amounts are loan ceilings, not cash."""

    rule_id: str
    loan: bool = False
    qualifying_before: int = 0
    qualifying_after: int = 0
    amount_before: Decimal = Decimal(0)
    amount_after: Decimal = Decimal(0)

    @property
    def difference(self) -> Decimal:
        return self.amount_after - self.amount_before


@dataclass
class WhatIf:
    """The comparison of one registry under two rule sets (see the module docstring)."""

    as_of: date | None
    changes: list[str]
    base_version: str
    changed_version: str
    rules: dict[str, RuleChange] = field(default_factory=dict)
    transitions: Counter[tuple[str, str]] = field(default_factory=Counter)
    cases: int = 0
    rejected: int = 0
    changed_rows: int = 0
    changed_path: str | None = None
    backend: str = "python"  # the engine that decided both sides
    scalar_fallbacks: dict[str, str] = field(default_factory=dict)  # rule -> why (columnar)

    def engine_line(self) -> str:
        """Which engine decided, and the rules it handed to the scalar engine."""
        if self.backend != "columnar":
            return f"engine: {self.backend}"
        if not self.scalar_fallbacks:
            return "engine: columnar (every rule compiled; none decided by the scalar engine)"
        named = "; ".join(f"{r} ({why})" for r, why in sorted(self.scalar_fallbacks.items()))
        return f"engine: columnar; decided by the scalar engine: {named}"

    def cash(self) -> list[RuleChange]:
        return [r for r in self.rules.values() if not r.loan]

    def loans(self) -> list[RuleChange]:
        return [r for r in self.rules.values() if r.loan]

    def cash_before(self) -> Decimal:
        return sum((r.amount_before for r in self.cash()), Decimal(0))

    def cash_after(self) -> Decimal:
        return sum((r.amount_after for r in self.cash()), Decimal(0))

    def cash_difference(self) -> Decimal:
        return self.cash_after() - self.cash_before()

    def outcomes(self) -> list[str]:
        """Every outcome that occurs on either side, in a stable order."""
        seen = {o for pair in self.transitions for o in pair}
        order = ["eligible", "may_consider", "met", "not_eligible", "not_met", "not_applicable",
                 "unknown", ABSENT]
        return [o for o in order if o in seen] + sorted(seen - set(order))

    def to_dict(self) -> dict[str, Any]:
        def rule(r: RuleChange) -> dict[str, Any]:
            return {"rule_id": r.rule_id, "qualifying_before": r.qualifying_before,
                    "qualifying_after": r.qualifying_after,
                    "amount_before": format(r.amount_before, "f"),
                    "amount_after": format(r.amount_after, "f"),
                    "difference": format(r.difference, "f")}

        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "changes": self.changes,
            "base_version": self.base_version,
            "changed_version": self.changed_version,
            "cases": self.cases,
            "rejected": self.rejected,
            "cash": [rule(r) for r in self.cash()],
            "loans": [rule(r) for r in self.loans()],
            "cash_before": format(self.cash_before(), "f"),
            "cash_after": format(self.cash_after(), "f"),
            "cash_difference": format(self.cash_difference(), "f"),
            "transitions": [{"before": b, "after": a, "count": n}
                            for (b, a), n in sorted(self.transitions.items())],
            "changed_rows": self.changed_rows,
            "changed_path": self.changed_path,
            "backend": self.backend,
            "scalar_fallbacks": self.scalar_fallbacks,
        }

    def render(self) -> str:
        """Plain-text tables (monospace): rules with cash, loans, the transition matrix."""
        lines = [f"what-if as of {self.as_of}: {'; '.join(self.changes)}",
                 f"cases: {self.cases:,}   rejected rows: {self.rejected:,}   "
                 f"changed decisions: {self.changed_rows:,}", self.engine_line(), ""]
        head = ["rule", "qualifying before", "after", "cash before (yuan)", "after",
                "difference"]
        rows = [[r.rule_id, f"{r.qualifying_before:,}", f"{r.qualifying_after:,}",
                 f"{r.amount_before:,.2f}", f"{r.amount_after:,.2f}", f"{r.difference:+,.2f}"]
                for r in self.cash()]
        rows.append(["total", "", "", f"{self.cash_before():,.2f}", f"{self.cash_after():,.2f}",
                     f"{self.cash_difference():+,.2f}"])
        lines += _table(head, rows)
        if self.loans():
            lines += ["", "loans (ceilings, not a cost):"]
            lines += _table(
                ["rule", "qualifying before", "after", "ceilings before (yuan)", "after",
                 "difference"],
                [[r.rule_id, f"{r.qualifying_before:,}", f"{r.qualifying_after:,}",
                  f"{r.amount_before:,.2f}", f"{r.amount_after:,.2f}", f"{r.difference:+,.2f}"]
                 for r in self.loans()])
        outcomes = self.outcomes()
        lines += ["", "outcome transitions (rows: before, columns: after):"]
        lines += _table(["before \\ after", *outcomes],
                        [[b, *(f"{self.transitions.get((b, a), 0):,}" for a in outcomes)]
                         for b in outcomes])
        return "\n".join(lines) + "\n"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def fmt(row: list[str]) -> str:
        return "  ".join([row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(
            row[1:], widths[1:], strict=True))]).rstrip()

    return [fmt(head), "-" * (sum(widths) + 2 * (len(widths) - 1)), *(fmt(r) for r in rows)]


Registry = str | Path | Iterable[Any]
"""A registry file (JSON lines, CSV or Parquet), a DataFrame/Arrow table, or an iterable of
cases (Case objects, dicts in the Case shape, JSON texts)."""


def registry_records(registry: Any, encoding: str | None = None) -> Iterator[Record]:
    """The registry's records, whatever its form (a file is opened and closed here)."""
    if isinstance(registry, str | Path):
        path = str(registry)
        with Source(path, encoding) as source:
            yield from read_records(source, input_format_of(path))
        return
    if type(registry).__module__.split(".")[0] in ("pandas", "polars", "pyarrow"):
        yield from frame_records(registry, first_line=0)
        return
    for index, item in enumerate(registry):
        if isinstance(item, Case):
            item = item.model_dump(mode="json", exclude_none=True)
        raw = item if isinstance(item, str) else ""
        yield Record(index, raw, item)


def whatif(
    registry: Any,
    as_of: date | str | None,
    *,
    changes: Mapping[str, Any] | Iterable[ParameterChange] | None = None,
    rules: RuleSet | str | Path | None = None,
    base_rules: RuleSet | str | Path | None = None,
    encoding: str | None = None,
    changed_out: str | Path | None = None,
    backend: str | None = None,
) -> WhatIf:
    """Screen ``registry`` under ``base_rules`` (default: the bundled rules) and under either
    ``changes`` (parameter values: ``{"poverty_hire_award.min_months": 3}``, a keyed one as
    ``{"skills_upgrade.amount_by_level": {"level5": "800"}}``) or another rules directory
    ``rules``; compare them.

    ``as_of`` is the date of every case (None: each case's own, else today; a change replaces
    the value in force on ``as_of``, so it needs one). ``changed_out`` (``*.csv`` or JSON lines)
    receives every decision whose outcome or amount differs, with both. Raises
    ParameterChangeError for a change the parameter cannot take, RuleSetError for invalid rules.
    """
    engine = resolve_backend(backend)
    day = date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    base = _ruleset(base_rules)
    if (changes is None) == (rules is None):
        raise ValueError("give either changes (parameter values) or rules (a rules directory)")
    if changes is not None:
        if day is None:
            raise ValueError("a parameter change needs an as_of date (the value in force then)")
        change_list = (changes_of(changes) if isinstance(changes, Mapping)
                       else list(changes))
        changed = apply_changes(base, change_list, day)
        described = [c.describe() for c in change_list]
    else:
        changed = _ruleset(rules)
        described = [f"rules from {changed.directory}"]
    report = WhatIf(day, described, base.version, changed.version,
                    changed_path=str(changed_out) if changed_out is not None else None)
    loans = {r.id for rs in (base, changed) for r in rs.rules if r.spec.kind is RuleKind.loan}
    before, after = Screener(base), Screener(changed)
    report.backend = engine
    report.scalar_fallbacks = {**fallback_note(base, engine), **fallback_note(changed, engine)}
    with ExitStack() as stack:
        write = _changed_writer(stack, changed_out)
        # memory bounded by one batch of records, decided under both rule sets
        for batch in chunked(registry_records(registry, encoding), COLUMNAR_BATCH):
            olds = decide_records(before, batch, day, engine, details=False)
            news = decide_records(after, batch, day, engine, details=False)
            for record, old, new in zip(batch, olds, news, strict=True):
                if old.report is None:
                    report.rejected += 1
                    continue
                if new.report is None:  # cannot happen with the same model; never lose it
                    report.rejected += 1
                    continue
                report.cases += 1
                _compare(report, loans, record.line, old, new, write)
    return report



def _ruleset(rules: RuleSet | str | Path | None) -> RuleSet:
    if isinstance(rules, RuleSet):
        return rules
    return load_ruleset(rules)


Writer = Any  # a callable taking one changed row (dict) or None


def _compare(report: WhatIf, loans: set[str], line: int, old: ScreenResult, new: ScreenResult,
             write: Writer) -> None:
    def keyed(result: ScreenResult) -> dict[tuple[str, str], Decision]:
        return {(d.rule_id, d.subject): d for d in result.decisions}

    a, b = keyed(old), keyed(new)
    for key in dict.fromkeys([*a, *b]):
        da, db = a.get(key), b.get(key)
        rule = report.rules.get(key[0])
        if rule is None:
            rule = report.rules[key[0]] = RuleChange(key[0], key[0] in loans)
        if da is not None and da.outcome.positive:
            rule.qualifying_before += 1
            rule.amount_before += da.amount or 0
        if db is not None and db.outcome.positive:
            rule.qualifying_after += 1
            rule.amount_after += db.amount or 0
        oa = da.outcome.value if da else ABSENT
        ob = db.outcome.value if db else ABSENT
        report.transitions[(oa, ob)] += 1
        amount_a = da.amount if da and da.outcome.positive else None
        amount_b = db.amount if db and db.outcome.positive else None
        if oa != ob or amount_a != amount_b:
            report.changed_rows += 1
            if write is not None:
                write({"line": line, "case_id": new.case_id, "rule_id": key[0],
                       "subject": key[1], "outcome_before": oa,
                       "amount_before": _money(amount_a), "outcome_after": ob,
                       "amount_after": _money(amount_b)})


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else format(amount, "f")


def _changed_writer(stack: ExitStack, path: str | Path | None) -> Writer:
    """A function writing one changed row to ``path`` (CSV for ``*.csv``, else JSON lines).

    A failed write (the file cannot be created, the disk is full) is an OutputWriteError."""
    if path is None:
        return None
    try:
        out: IO[str] = stack.enter_context(open(path, "w", encoding="utf-8", newline=""))  # noqa: SIM115
        if str(path).lower().endswith(".csv"):
            writer = csv.DictWriter(out, CHANGED_COLUMNS, lineterminator="\n")
            writer.writeheader()
            write_row: Callable[[dict[str, Any]], object] = writer.writerow
        else:
            write_row = lambda row: out.write(json.dumps(row, ensure_ascii=False) + "\n")  # noqa: E731
    except OSError as exc:
        raise OutputWriteError(path, exc) from exc

    def write(row: dict[str, Any]) -> None:
        try:
            write_row(row)
        except OSError as exc:
            raise OutputWriteError(path, exc) from exc

    return write
