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


def attach(
    frame: pl.DataFrame,
    grouped: pl.LazyFrame,
    row: str,
    source: str,
    columns: list[tuple[str, Any]],
) -> pl.LazyFrame:
    """``frame`` with the per-row aggregates of ``grouped`` (keyed by ``row``, 0..n-1) as new
    columns; rows without items get the value for an empty list, a missing list gives missing.

    Joined on the row ids alone and stacked beside ``frame``, so the frame's own (nested)
    columns are never copied.
    """
    import polars as pl

    ids = pl.LazyFrame({row: pl.Series(row, range(frame.height), dtype=frame.schema[row])})
    aligned = ids.join(grouped, on=row, how="left", maintain_order="left").collect()
    no_items = frame[source].list.len() == 0  # missing for a missing list
    new = [
        pl.select(pl.when(no_items).then(pl.lit(empty)).otherwise(aligned[n]).alias(n)).to_series()
        for n, empty in columns
    ]
    return frame.hstack(new).lazy()


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

    def step(lf: pl.LazyFrame) -> pl.LazyFrame:
        frame = lf.collect()
        items = child.materialise(explode_child(frame.lazy(), parent, child, source, var_column))
        grouped = items.group_by(parent.row).agg([e.alias(n) for n, e, _ in outputs])
        return attach(frame, grouped, parent.row, source, [(n, empty) for n, _, empty in outputs])

    parent.steps.append(step)
