"""Helpers shared by the analytics tests (imported by name: tests/ has no packages)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from zyjob_rules import Case, screen
from zyjob_rules.screening import case_to_row, columns, synth_rows

AS_OF = date(2018, 6, 30)
Key = tuple[Any, ...]


def synth_cases(kind: str, n: int, seed: int) -> list[dict[str, Any]]:
    return list(synth_rows(kind, n, seed))  # type: ignore[arg-type]


def write_registry_csv(path: Path, cases: Iterable[dict[str, Any]], encoding: str = "utf-8",
                       ) -> Path:
    """The cases in the documented CSV layout (all columns of every kind)."""
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, columns())
        writer.writeheader()
        for case in cases:
            writer.writerow(case_to_row(Case.model_validate(case)))
    return path


def decision_keys(cases: list[dict[str, Any]], as_of: date = AS_OF) -> list[Key]:
    """(row, case_id, rule, subject, outcome, amount, eligible_from, missing) per decision of
    ``screen`` on the cases themselves: the reference every other entry point must equal."""
    out: list[Key] = []
    for result in screen(cases, as_of=as_of):
        assert result.report is not None, result.problems
        for d in result.decisions:
            out.append((result.index, result.case_id, d.rule_id, d.subject, d.outcome.value,
                        d.amount, d.eligible_from, tuple(d.missing)))
    return out


def frame_keys(rows: list[dict[str, Any]]) -> list[Key]:
    """The same keys from result-frame rows (as ``to_dict('records')`` / ``to_pylist``)."""
    return [(r["row"], r["case_id"], r["rule_id"], r["subject"], r["outcome"],
             None if r["amount"] is None else Decimal(r["amount"]), r["eligible_from"],
             tuple(r["missing"])) for r in rows]
