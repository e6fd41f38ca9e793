"""Frames of one columnar evaluation: the subject rows (level 0) and exploded item rows below.

A per-item expression (the elements and filters of ``sum(h.x for h in organisation.hires if …)``,
a rule's ``for_each`` conditions) runs on a *child level*: the parent's list column exploded to
one row per item, with the parent's row id. What the child reads from outer levels (the
subject's fields, ``as_of``, an outer loop variable, a category column) is carried down by
name, and only that. Results come back up by ``group_by(parent row)`` and a left join.

Frames are lazy: a level records its steps (new columns, nested aggregations) while expressions
are compiled, and runs them when the parent materialises it, so polars plans the whole rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

Step = Callable[["pl.LazyFrame"], "pl.LazyFrame"]


@dataclass
class Level:
    """One frame of an evaluation: ``depth`` 0 is one row per subject."""

    depth: int
    parent: Level | None = None
    carry: dict[str, None] = field(default_factory=dict)  # columns taken from the parent
    steps: list[Step] = field(default_factory=list)
    counter: list[int] = field(default_factory=lambda: [0])  # shared by a level tree

    @property
    def row(self) -> str:
        return f"__r{self.depth}"

    def fresh(self, tag: str) -> str:
        self.counter[0] += 1
        return f"__{tag}{self.counter[0]}"

    def child(self) -> Level:
        return Level(self.depth + 1, self, counter=self.counter)

    def need(self, column: str, owner_depth: int) -> None:
        """Carry ``column`` (a column of level ``owner_depth``) down to this level."""
        level: Level | None = self
        while level is not None and level.depth > owner_depth:
            level.carry.setdefault(column, None)
            level = level.parent

    def add_column(self, name: str, expr: pl.Expr) -> None:
        self.steps.append(lambda lf: lf.with_columns(expr.alias(name)))

    def materialise(self, lf: pl.LazyFrame) -> pl.LazyFrame:
        for step in self.steps:
            lf = step(lf)
        return lf


def settle(lf: pl.LazyFrame) -> pl.LazyFrame:
    """``lf`` computed: a frame read twice (exploded, then joined back) is computed once.

    Left lazy, every aggregation would double the plan (both sides of its join hold the
    frame before it), and polars' optimiser walks such plans in exponential time.
    """
    return lf.collect().lazy()


def explode_child(
    parent_frame: pl.LazyFrame, parent: Level, child: Level, source: str, var_column: str
) -> pl.LazyFrame:
    """The child level's frame: one row per item of the parent's list column ``source``."""
    import polars as pl

    index = f"{var_column}.index"
    length = pl.col(source).list.len()
    return (
        parent_frame.select(parent.row, source, *child.carry)
        .filter(length > 0)
        .with_columns(pl.int_ranges(0, length, dtype=pl.Int64).alias(index))
        .explode(source, index)
        .rename({source: var_column})
        .with_row_index(child.row)
    )


def aggregate_into(
    parent: Level,
    child: Level,
    source: str,
    var_column: str,
    outputs: list[tuple[str, pl.Expr, Any]],
) -> None:
    """Add a step to ``parent``: explode ``source`` into ``child``, aggregate ``outputs`` per
    parent row and join them back. Each output is (column, aggregation, value for an empty
    list); a missing list gives missing values."""
    import polars as pl

    def step(lf: pl.LazyFrame) -> pl.LazyFrame:
        lf = settle(lf)
        items = child.materialise(explode_child(lf, parent, child, source, var_column))
        grouped = items.group_by(parent.row).agg([e.alias(n) for n, e, _ in outputs])
        joined = lf.join(grouped, on=parent.row, how="left", maintain_order="left")
        no_items = pl.col(source).list.len() == 0  # missing for a missing list
        return joined.with_columns(
            [
                pl.when(no_items).then(pl.lit(empty)).otherwise(pl.col(n)).alias(n)
                for n, _, empty in outputs
            ]
        )

    parent.steps.append(step)
