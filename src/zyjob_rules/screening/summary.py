"""The summary of a screening run: decisions per rule and outcome, amounts, rejected rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..explain.decision import Decision, Outcome

if TYPE_CHECKING:
    from .core import ScreenResult

_OUTCOME_ORDER = [o.value for o in Outcome]


@dataclass
class Summary:
    """Counts of one run (or one chunk of it: summaries add up with ``merge``).

    ``amounts`` sums the amounts of positive decisions per rule (for a loan, its ceiling);
    ``ceiling_rules`` are the rules whose amounts are loans or ceilings ("最高不超过"): never
    added to the cash total (``total_amount()``), summed apart by ``total_ceilings()``;
    ``unpriced`` counts positive decisions without an amount (set by other regulations or
    missing facts). ``rows_written`` counts result rows after the ``--only`` filter.
    ``complete`` is False for a run that stopped early; ``last_line`` is then the last input
    line whose rows were all written. ``audit`` is the stamp of the run (ruleset version,
    as-of date, library version, backend).
    """

    cases: int = 0
    rejected: int = 0
    rows_written: int = 0
    complete: bool = True
    last_line: int = 0
    audit: dict[str, str | None] | None = None
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    amounts: dict[str, Decimal] = field(default_factory=dict)
    unpriced: Counter[str] = field(default_factory=Counter)
    ceiling_rules: set[str] = field(default_factory=set)

    def add(self, result: ScreenResult) -> None:
        """Count one result of ``screen``: its decisions, or one rejected case."""
        if result.report is None:
            self.rejected += 1
        else:
            self.add_decisions(result.report.decisions)

    def add_decisions(self, decisions: list[Decision]) -> None:
        self.cases += 1
        for d in decisions:
            self.outcomes[(d.rule_id, d.outcome.value)] += 1
            if d.outcome.positive:
                if d.amount is not None:
                    self.amounts[d.rule_id] = self.amounts.get(d.rule_id, Decimal(0)) + d.amount
                    if d.kind == "loan" or d.amount_is_maximum:
                        self.ceiling_rules.add(d.rule_id)
                else:
                    self.unpriced[d.rule_id] += 1

    def merge(self, other: Summary) -> None:
        self.cases += other.cases
        self.rejected += other.rejected
        self.rows_written += other.rows_written
        self.outcomes.update(other.outcomes)
        self.unpriced.update(other.unpriced)
        self.ceiling_rules |= other.ceiling_rules
        for rule, amount in other.amounts.items():
            self.amounts[rule] = self.amounts.get(rule, Decimal(0)) + amount

    @property
    def rules(self) -> list[str]:
        return sorted({r for r, _ in self.outcomes})

    def count(self, rule_id: str, outcome: str) -> int:
        return self.outcomes.get((rule_id, outcome), 0)

    def total_amount(self, rule_id: str | None = None) -> Decimal:
        """The amounts of ``rule_id``; without one, the cash total (loans and ceilings apart)."""
        if rule_id is not None:
            return self.amounts.get(rule_id, Decimal(0))
        cash = (a for r, a in self.amounts.items() if r not in self.ceiling_rules)
        return sum(cash, Decimal(0))

    def total_ceilings(self) -> Decimal:
        """Loan principals and "up to" amounts: apart from the cash total."""
        return sum((self.amounts[r] for r in self.ceiling_rules if r in self.amounts), Decimal(0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "complete": self.complete,
            "last_line": self.last_line,
            "audit": self.audit,
            "cases": self.cases,
            "rejected": self.rejected,
            "rows_written": self.rows_written,
            "rules": {
                rule: {
                    "outcomes": {o: self.count(rule, o) for o in _OUTCOME_ORDER
                                 if self.count(rule, o)},
                    "amount": format(self.total_amount(rule), "f"),
                    "positive_without_amount": self.unpriced.get(rule, 0),
                    "ceiling": rule in self.ceiling_rules,
                }
                for rule in self.rules
            },
            "total_amount": format(self.total_amount(), "f"),
            "total_ceilings": format(self.total_ceilings(), "f"),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        """The Summary that ``to_dict`` wrote (a checkpoint's, when a run is resumed)."""
        summary = cls(
            cases=int(data["cases"]), rejected=int(data["rejected"]),
            rows_written=int(data["rows_written"]), complete=bool(data.get("complete", True)),
            last_line=int(data.get("last_line", 0)), audit=data.get("audit"),
        )
        for rule, info in data["rules"].items():
            for outcome, count in info["outcomes"].items():
                summary.outcomes[(rule, outcome)] = int(count)
            amount = Decimal(info["amount"])
            if amount:
                summary.amounts[rule] = amount
            if info.get("positive_without_amount"):
                summary.unpriced[rule] = int(info["positive_without_amount"])
            if info.get("ceiling"):
                summary.ceiling_rules.add(rule)
        return summary

    def render(self, rows_written: bool = False) -> str:
        """A plain-text table (monospace), one line per rule, then the totals.

        ``rows_written`` adds the count of result rows written (for a run that writes them).
        """
        outcomes = [o for o in _OUTCOME_ORDER if any(self.count(r, o) for r in self.rules)]
        head = ["rule", *outcomes, "amount (yuan)"]
        body = [
            [rule, *(str(self.count(rule, o)) for o in outcomes),
             format(self.total_amount(rule), ",.2f")]
            for rule in self.rules
        ]
        body.append(["total", *(str(sum(self.count(r, o) for r in self.rules)) for o in outcomes),
                     format(self.total_amount(), ",.2f")])
        widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]

        def fmt(row: list[str]) -> str:
            cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:],
                                                                            strict=True)]
            return "  ".join(cells).rstrip()

        rule_line = "-" * (sum(widths) + 2 * (len(widths) - 1))
        lines = [fmt(head), rule_line, *(fmt(r) for r in body[:-1]), rule_line, fmt(body[-1])]
        if self.ceiling_rules:
            lines.append(f"loans and ceilings (not in the total): "
                         f"{format(self.total_ceilings(), ',.2f')}")
        totals = f"cases screened: {self.cases:,}   rows rejected: {self.rejected:,}"
        if rows_written:
            totals += f"   result rows written: {self.rows_written:,}"
        lines.append(totals)
        if self.audit:
            a = self.audit
            lines.append(f"rules {a.get('ruleset_version')}   as of {a.get('as_of') or 'each case'}"
                         f"   zyjob_rules {a.get('library_version')}")
        if not self.complete:
            lines.append(f"INCOMPLETE: stopped after input line {self.last_line:,}")
        return "\n".join(lines) + "\n"
