"""Rewards that must not be cumulated (``not_cumulative_with``): visible in both decisions."""

from __future__ import annotations

from ...explain.decision import Decision, Verdict
from ...explain.words import engine_notes


def mark_non_cumulative(decisions: list[Decision]) -> None:
    """Make overlapping rewards visible in both decisions (see docs/decisions.md).

    Two rules declared ``not_cumulative_with`` each other reward the same thing (e.g. the same
    hire under （十三） and （十九））. When both are positive for one subject, each decision gets
    a note naming the other and, where items were traced, the items that qualify under both.
    """
    by_key = {(d.rule_id, d.subject): d for d in decisions}
    for d in decisions:
        for other_id in d.not_cumulative_with:
            other = by_key.get((other_id, d.subject))
            if other is None or not (d.outcome.positive and other.outcome.positive):
                continue
            both = sorted(
                {i.path for i in d.items if i.verdict is Verdict.met}
                & {i.path for i in other.items if i.verdict is Verdict.met}
            )
            d.notes.append(
                engine_notes.not_cumulative(
                    other.clause, other.title_zh, other.title_en, other_id, both
                )
            )
