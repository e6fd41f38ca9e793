"""Frames of one columnar evaluation: the subject rows (level 0) and exploded item rows below,
and the scheduler that turns their steps into one lazy polars plan.

A per-item expression (the elements and filters of ``sum(h.x for h in organisation.hires if …)``,
a rule's ``for_each`` conditions) runs on a *child level*: the parent's list column exploded to
one row per item, with the parent's row id. What the child reads from outer levels (the
subject's fields, ``as_of``, an outer loop variable, a category column) is carried down by
name, and only that. Results come back up by ``group_by(parent row)``.

While rules are compiled, a level only records *steps*: a new column (:class:`ColumnStep`) or
aggregations over the items of a list column (:class:`ItemsStep`). :func:`run_level` then
schedules them by what they read, in rounds: every column whose inputs exist is added in one
``with_columns``; then every aggregation whose inputs exist is run, and all those over the same
list column — of every rule — share **one** explode and one ``group_by``. Nothing is collected:
the whole rule set becomes one lazy plan per subject frame.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

Grouper = Callable[["pl.LazyFrame"], "pl.LazyFrame"]


@dataclass(frozen=True)
class ColumnStep:
    """A new column ``name`` of a level, computed from ``inputs`` (columns of the same level)."""

    name: str
    expr: pl.Expr
    inputs: frozenset[str]


@dataclass(frozen=True)
class ItemsStep:
    """Aggregations of a level over the items of its list column ``source``.

    ``outputs``: (column, aggregation on the child level, value for an empty list); a missing
    list gives missing values. ``grouper`` (optional) replaces the plain ``group_by``: it takes
    the child frame and returns one row per parent row that has items, keyed by the parent's
    row column, with the output columns.
    """

    source: str
    child: Level
    var_column: str
    outputs: tuple[tuple[str, Any, Any], ...]
    grouper: Grouper | None = None

    @property
    def inputs(self) -> frozenset[str]:
        return frozenset({self.source, *self.child.carry})


Step = ColumnStep | ItemsStep


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
        self.steps.append(ColumnStep(name, expr, frozenset(expr.meta.root_names())))

    def add_items(
        self,
        source: str,
        child: Level,
        var_column: str,
        outputs: Iterable[tuple[str, Any, Any]],
        grouper: Grouper | None = None,
    ) -> None:
        self.steps.append(ItemsStep(source, child, var_column, tuple(outputs), grouper))


class SchedulingError(AssertionError):
    """A step reads a column no step produces (a compiler bug)."""


def run_level(
    level: Level, lf: pl.LazyFrame, available: Iterable[str], height: int | None = None
) -> pl.LazyFrame:
    """``lf`` with every step of ``level`` applied, lazily.

    ``available``: the columns ``lf`` has. ``height``: the number of rows of ``lf`` when known
    (level 0): aggregates are then aligned to the rows and stacked beside the frame, so its
    (nested) columns are never copied by a join.
    """
    have = set(available)
    pending = list(level.steps)
    while pending:
        ready = [s for s in pending if isinstance(s, ColumnStep) and s.inputs <= have]
        if ready:
            lf = lf.with_columns([s.expr.alias(s.name) for s in ready])
            have.update(s.name for s in ready)
            added = {id(s) for s in ready}
            pending = [s for s in pending if id(s) not in added]
            continue
        items = [s for s in pending if isinstance(s, ItemsStep) and s.inputs <= have]
        if not items:
            missing = {n for s in pending for n in s.inputs} - have
            raise SchedulingError(f"level {level.depth}: no step produces {sorted(missing)}")
        by_source: dict[str, list[ItemsStep]] = {}
        for s in items:
            by_source.setdefault(s.source, []).append(s)
        # Every list of this round is exploded from the same frame; the results are joined back
        # (or, at level 0, aligned to the rows and stacked beside the frame) in one go.
        start = lf
        results: list[pl.LazyFrame] = []
        empties: list[tuple[str, str, Any]] = []
        for source, group in by_source.items():
            results += _grouped(level, start, source, group)
            empties += [(source, n, empty) for s in group for n, _, empty in s.outputs]
        lf = _attach(level, lf, results, empties, height)
        have.update(n for _, n, _ in empties)
        done = {id(s) for s in items}
        pending = [s for s in pending if id(s) not in done]
    return lf


def _grouped(
    level: Level, lf: pl.LazyFrame, source: str, group: list[ItemsStep]
) -> list[pl.LazyFrame]:
    """One explode of ``source`` for every step of ``group``: frames keyed by the parent row
    (only rows with items) with the steps' outputs."""
    import polars as pl

    depth = level.depth + 1
    carry: dict[str, None] = {level.row: None, source: None}
    for s in group:
        carry.update(s.child.carry)
    index, item = "__index", "__item"  # the source itself may be carried down (as a list)
    length = pl.col(source).list.len()
    items = (
        lf.select(*carry)
        .with_columns(
            pl.col(source).alias(item), pl.int_ranges(0, length, dtype=pl.Int64).alias(index)
        )
        .explode(item, index, empty_as_null=False, keep_nulls=False)
        .with_row_index(f"__r{depth}")
    )
    aliases: dict[str, pl.Expr] = {}
    for s in group:
        aliases[s.var_column] = pl.col(item)
        aliases[f"{s.var_column}.index"] = pl.col(index)
    items = items.with_columns(**aliases)
    have = {index, item, f"__r{depth}", *carry, *aliases}
    for s in group:
        items = run_level(s.child, items, have)
        have.update(_produced(s.child))
    plain = [(n, e) for s in group if s.grouper is None for n, e, _ in s.outputs]
    grouped = []
    if plain:
        grouped.append(items.group_by(level.row).agg([e.alias(n) for n, e in plain]))
    grouped += [s.grouper(items) for s in group if s.grouper is not None]
    return grouped


def _attach(
    level: Level,
    lf: pl.LazyFrame,
    grouped: list[pl.LazyFrame],
    empties: list[tuple[str, str, Any]],
    height: int | None,
) -> pl.LazyFrame:
    """``lf`` with the columns of ``grouped`` (frames keyed by the row column); a row without
    items gets the value for an empty list, a missing list gives missing."""
    import polars as pl

    if height is not None:
        ids = pl.LazyFrame({level.row: pl.Series(level.row, range(height), dtype=pl.UInt32)})
        aligned = ids
        for g in grouped:
            aligned = aligned.join(g, on=level.row, how="left", maintain_order="left")
        lf = pl.concat([lf, aligned.drop(level.row)], how="horizontal")
    else:
        for g in grouped:
            lf = lf.join(g, on=level.row, how="left", maintain_order="left")
    return lf.with_columns(
        pl.when(pl.col(source).list.len() == 0)  # missing for a missing list
        .then(pl.lit(empty))
        .otherwise(pl.col(n))
        .alias(n)
        for source, n, empty in empties
    )


def _produced(level: Level) -> set[str]:
    out: set[str] = set()
    for s in level.steps:
        if isinstance(s, ColumnStep):
            out.add(s.name)
        else:
            out.update(n for n, _, _ in s.outputs)
    return out
