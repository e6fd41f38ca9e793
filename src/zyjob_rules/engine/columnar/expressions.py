"""Checked expression trees compiled to polars expressions, with the scalar engine's semantics.

- A missing fact is a null; polars' ``&``/``|`` are Kleene's, as ``rt.kand``/``rt.kor``; every
  comparison or arithmetic with a null is null; ``x if c else y`` with an unknown ``c`` is null.
- Numbers are exact: a number is an Int64 column with a static *scale* (its value is the column
  divided by 10**scale): whole numbers have scale 0, money (fen) 2, a rate like 0.7 its own
  digits. ``+ - *`` align scales; ``a / b`` is allowed only directly compared with a value,
  where it is decided exactly (``a / b < r`` as ``a < r * b`` on b's sign); a division by zero
  that the scalar engine would evaluate is flagged, and that row decided by the scalar engine.
- Aggregates over list fields run on a child level (levels.py); ``covered_months`` merges the
  periods of each row as calendar.py does.
- A parameter is a literal per dated value, chosen by each row's as-of date.

A construct not expressible here raises :class:`Unsupported`; the rule then falls back to the
scalar engine (engine.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING, Any

from ...lang.nodes import (
    Aggregate,
    Arith,
    BoolOp,
    Call,
    CategoryCall,
    Compare,
    Const,
    Field,
    IfElse,
    In,
    Neg,
    Node,
    Not,
    ParamRef,
    Root,
    Special,
    Var,
    count_threshold,
)
from ...lang.types import Type
from ...ruleset.checked import CheckedCategory
from ...ruleset.parameters import Parameter
from . import periods
from .levels import Level, aggregate_into, attach

if TYPE_CHECKING:
    import polars as pl

MAX_SCALE = 12  # beyond this many decimals an Int64 of fen-scaled values could overflow
_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}


class Unsupported(Exception):
    """A construct the columnar compiler does not express (the rule falls back)."""


@dataclass(frozen=True)
class Val:
    """A compiled value: a polars expression and, for numbers, its decimal scale."""

    expr: pl.Expr
    scale: int = 0


@dataclass(frozen=True)
class RootBinding:
    """What ``person``/``organisation`` means here: the subject's own columns (``column`` None,
    fields are top-level columns ``r.<field>`` of level 0) or a struct column of ``depth``."""

    column: str | None = None
    depth: int = 0


def dtype_of(tp: Type) -> Any:
    import polars as pl

    return {
        "bool": pl.Boolean,
        "int": pl.Int64,
        "decimal": pl.Int64,
        "date": pl.Date,
        "str": pl.String,
        "enum": pl.String,
    }.get(tp.kind)


def null_of(tp: Type) -> pl.Expr:
    import polars as pl

    dtype = dtype_of(tp)
    return pl.lit(None, dtype=dtype) if dtype is not None else pl.lit(None)


def scale_of(value: Decimal | int) -> int:
    if isinstance(value, int):
        return 0
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def scaled(value: Decimal | int, scale: int) -> int | None:
    """``value * 10**scale`` when it is a whole number, else None."""
    v = Decimal(value).scaleb(scale)
    return int(v) if v == v.to_integral_value() else None


def rescale(v: Val, scale: int) -> pl.Expr:
    if scale < v.scale:
        raise AssertionError("rescale only widens")
    return v.expr if scale == v.scale else v.expr * (10 ** (scale - v.scale))


def kleene_any(p: pl.Expr) -> pl.Expr:
    """Within a group: True if some value is true, unknown if none is but one is unknown."""
    import polars as pl

    return (
        pl.when(p.fill_null(False).any())
        .then(True)
        .when(p.is_null().any())
        .then(None)
        .otherwise(False)
    )


def kleene_all(p: pl.Expr) -> pl.Expr:
    import polars as pl

    return (
        pl.when((~p).fill_null(False).any())
        .then(False)
        .when(p.is_null().any())
        .then(None)
        .otherwise(True)
    )


def kand(values: list[pl.Expr]) -> pl.Expr:
    import polars as pl

    out = values[0] if values else pl.lit(True)
    for v in values[1:]:
        out = out & v
    return out


def kor(values: list[pl.Expr]) -> pl.Expr:
    import polars as pl

    out = values[0] if values else pl.lit(False)
    for v in values[1:]:
        out = out | v
    return out


class ExpressionCompiler:
    """Compiles nodes at a level; one instance per rule (or category body) evaluation."""

    def __init__(
        self,
        params: Mapping[str, Parameter],
        categories: Mapping[str, CheckedCategory],
        category_columns: dict[str, str],
        level0: Level,
    ) -> None:
        self.params = params
        self.categories = categories
        self.category_columns = category_columns  # category id -> column of level 0
        self.level0 = level0
        self.root = RootBinding()
        self.vars: dict[str, tuple[str, int]] = {}  # loop variable -> (column, depth)
        self.guard: pl.Expr | None = None  # when set (level 0), where division errors count
        self.errors: list[pl.Expr] = []  # level-0 flags: the scalar engine would raise here

    # -- entry points ----------------------------------------------------------------------
    def value(self, node: Node, level: Level) -> Val:
        method: Callable[[Any, Level], Val] | None = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise Unsupported(f"node {type(node).__name__}")
        return method(node, level)

    def expr(self, node: Node, level: Level) -> pl.Expr:
        return self.value(node, level).expr

    def _guarded(self, guard: pl.Expr | None, fn: Callable[[], Val]) -> Val:
        saved = self.guard
        if saved is not None and guard is not None:
            self.guard = saved & guard.fill_null(False)
        try:
            return fn()
        finally:
            self.guard = saved

    # -- leaves ----------------------------------------------------------------------------
    def _Const(self, node: Const, level: Level) -> Val:
        import polars as pl

        v = node.value
        if isinstance(v, bool):
            return Val(pl.lit(v, dtype=pl.Boolean))
        if isinstance(v, int | Decimal):
            s = scale_of(v)
            if s > MAX_SCALE:
                raise Unsupported(f"constant {node.src} has too many decimals")
            return Val(pl.lit(scaled(v, s), dtype=pl.Int64), s)
        if isinstance(v, str):
            return Val(pl.lit(v, dtype=pl.String))
        if isinstance(v, date):
            return Val(pl.lit(v, dtype=pl.Date))
        raise Unsupported(f"constant {node.src}")

    def _Special(self, node: Special, level: Level) -> Val:
        import polars as pl

        level.need("__as_of", 0)
        day = pl.col("__as_of")
        if node.name == "as_of":
            return Val(day)
        year = day.dt.year().cast(pl.Int64)
        return Val(year if node.name == "this_year" else year - 1)

    def _Root(self, node: Root, level: Level) -> Val:
        import polars as pl

        if self.root.column is None:
            raise Unsupported("the subject as a whole value (only its fields are columns)")
        level.need(self.root.column, self.root.depth)
        return Val(pl.col(self.root.column))

    def _Var(self, node: Var, level: Level) -> Val:
        import polars as pl

        column, depth = self.vars[node.name]
        level.need(column, depth)
        return Val(pl.col(column))

    def _Field(self, node: Field, level: Level) -> Val:
        import polars as pl

        scale = 2 if node.type.kind == "decimal" else 0
        if isinstance(node.obj, Root) and self.root.column is None:
            column = f"r.{node.name}"
            level.need(column, 0)
            return Val(pl.col(column), scale)
        obj = self.expr(node.obj, level)
        return Val(obj.struct.field(node.name), scale)

    def _ParamRef(self, node: ParamRef, level: Level) -> Val:
        """The value in force on each row's as-of date: one literal per dated value."""
        import polars as pl

        parameter = self.params[node.id]
        tp = node.type
        dtype = dtype_of(tp)
        numeric = tp.kind != "bool"
        key = self.expr(node.key, level) if node.key is not None else None
        pieces: list[tuple[date, Any]] = [(pv.effective_from, pv.value) for pv in parameter.values]
        scalars = [
            x
            for _, v in pieces
            for x in (v.values() if isinstance(v, dict) else (v,))
            if x is not None and not isinstance(x, bool)
        ]
        scale = max((scale_of(x) for x in scalars), default=0) if numeric else 0
        if scale > MAX_SCALE:
            raise Unsupported(f"parameter {node.id} has too many decimals")

        def literal(x: Any) -> pl.Expr:
            if x is None:
                return pl.lit(None, dtype=dtype)
            return pl.lit(scaled(x, scale) if numeric else x, dtype=dtype)

        def piece(value: Any) -> pl.Expr:
            if isinstance(value, dict):
                if key is None:
                    return pl.lit(None, dtype=dtype)
                entries = {k: v for k, v in value.items() if v is not None}
                if not entries:
                    return pl.lit(None, dtype=dtype)
                return key.replace_strict(
                    list(entries),
                    [scaled(v, scale) if numeric else v for v in entries.values()],
                    default=None,
                    return_dtype=dtype,
                )
            if key is not None and value is not None:
                return pl.lit(None, dtype=dtype)  # a keyed parameter given one value: unset
            return literal(value)

        if not pieces:
            return Val(pl.lit(None, dtype=dtype), scale)
        level.need("__as_of", 0)
        day = pl.col("__as_of")
        chain: Any = pl.when(day >= pieces[-1][0]).then(piece(pieces[-1][1]))
        for start, value in reversed(pieces[:-1]):
            chain = chain.when(day >= start).then(piece(value))
        return Val(chain.otherwise(pl.lit(None, dtype=dtype)), scale)

    # -- operators -------------------------------------------------------------------------
    def _numeric_pair(self, a: Val, b: Val) -> tuple[pl.Expr, pl.Expr, int]:
        s = max(a.scale, b.scale)
        return rescale(a, s), rescale(b, s), s

    def _Compare(self, node: Compare, level: Level) -> Val:
        counted = count_threshold(node)
        if counted is not None:
            return self._count_compare(*counted, level)
        sides = ((node.left, node.op, node.right), (node.right, _FLIP[node.op], node.left))
        for div, op, other in sides:
            if isinstance(div, Arith) and div.op == "/":
                return self._division_compare(div, op, other, level)
        left, right = self.value(node.left, level), self.value(node.right, level)
        if node.left.type.numeric:
            a, b, _ = self._numeric_pair(left, right)
        else:
            a, b = left.expr, right.expr
        return Val(_compare(a, node.op, b))

    def _division_compare(self, div: Arith, op: str, other: Node, level: Level) -> Val:
        """``a / b <op> r`` decided exactly as ``a <op> r*b`` (b > 0) or flipped (b < 0)."""
        import polars as pl

        if any(isinstance(n, Arith) and n.op == "/" for n in (div.left, div.right, other)):
            raise Unsupported("nested division")
        a, b, r = (self.value(n, level) for n in (div.left, div.right, other))
        if level.depth > 0 or self.guard is None:
            raise Unsupported("division inside an aggregate or an amount")
        self.errors.append(self.guard & (b.expr == 0).fill_null(False))
        # a / b has scale a.scale - b.scale; compare a * 10**k with r * b at a common scale.
        lhs_scale = a.scale - b.scale
        s = max(lhs_scale, r.scale)
        left = a.expr * (10 ** (s - lhs_scale))
        right = r.expr * b.expr * (10 ** (s - r.scale))
        positive = _compare(left, op, right)
        negative = _compare(left, _FLIP[op], right)
        return Val(
            pl.when(b.expr.is_null() | a.expr.is_null() | r.expr.is_null())
            .then(None)
            .when(b.expr > 0)
            .then(positive)
            .when(b.expr < 0)
            .then(negative)
            .otherwise(None)
        )

    def _count_compare(self, count: Aggregate, op: str, other: Node, level: Level) -> Val:
        """``count(… if cond) <op> n`` on the interval of possible counts (rt.count_compare)."""
        import polars as pl

        assert count.cond is not None
        n = self.value(other, level)
        lo_col, unknown_col = level.fresh("lo"), level.fresh("unk")

        def body(child: Level) -> list[tuple[str, pl.Expr, Any]]:
            assert count.cond is not None
            cond = self.expr(count.cond, child)
            return [
                (lo_col, cond.fill_null(False).cast(pl.Int64).sum(), 0),
                (unknown_col, cond.is_null().cast(pl.Int64).sum(), 0),
            ]

        self._items(count.source, count.var, body, level)
        if n.scale:
            raise Unsupported("a count compared with a fraction")
        lo, hi = pl.col(lo_col), pl.col(lo_col) + pl.col(unknown_col)
        m = n.expr
        if op in ("==", "!="):
            equal = (
                pl.when((lo == hi) & (lo == m))
                .then(True)
                .when((m < lo) | (m > hi))
                .then(False)
                .otherwise(None)
            )
            result = equal if op == "==" else ~equal
        else:
            at_lo, at_hi = _compare(lo, op, m), _compare(hi, op, m)
            result = pl.when(at_lo == at_hi).then(at_lo).otherwise(None)
        return Val(pl.when(m.is_null()).then(None).otherwise(result))

    def _In(self, node: In, level: Level) -> Val:
        import polars as pl

        elem = self.value(node.elem, level)
        options: list[Any] = []
        for o in node.options:
            if node.elem.type.numeric:
                v = scaled(o, elem.scale)
                if v is not None:
                    options.append(v)
            else:
                options.append(o.value if isinstance(o, Enum) else o)
        found = elem.expr.is_in(pl.Series(options, dtype=dtype_of(node.elem.type)).implode())
        result = ~found if node.negate else found
        return Val(pl.when(elem.expr.is_null()).then(None).otherwise(result))

    def _BoolOp(self, node: BoolOp, level: Level) -> Val:
        nullable = any(o.type.nullable for o in node.operands)
        parts: list[pl.Expr] = []
        for operand in node.operands:
            # The scalar engine short-circuits ``and``/``or`` of values that cannot be missing.
            guard = None
            if not nullable and parts:
                guard = kand(parts) if node.op == "and" else ~kor(parts)
            parts.append(self._guarded(guard, partial(self.value, operand, level)).expr)
        return Val(kand(parts) if node.op == "and" else kor(parts))

    def _Not(self, node: Not, level: Level) -> Val:
        return Val(~self.expr(node.operand, level))

    def _Arith(self, node: Arith, level: Level) -> Val:
        if node.op == "/":
            raise Unsupported("a division not compared with a value")
        left, right = self.value(node.left, level), self.value(node.right, level)
        if node.op == "*":
            s = left.scale + right.scale
            if s > MAX_SCALE:
                raise Unsupported("a product with too many decimals")
            return Val(left.expr * right.expr, s)
        a, b, s = self._numeric_pair(left, right)
        return Val(a + b if node.op == "+" else a - b, s)

    def _Neg(self, node: Neg, level: Level) -> Val:
        v = self.value(node.operand, level)
        return Val(-v.expr, v.scale)

    def _IfElse(self, node: IfElse, level: Level) -> Val:
        import polars as pl

        cond = self.expr(node.cond, level)
        then = self._guarded(cond, lambda: self.value(node.then, level))
        orelse = self._guarded(~cond, lambda: self.value(node.orelse, level))
        if node.then.type.numeric:
            a, b, s = self._numeric_pair(then, orelse)
        else:
            a, b, s = then.expr, orelse.expr, 0
        return Val(pl.when(cond.is_null()).then(None).when(cond).then(a).otherwise(b), s)

    # -- calls -----------------------------------------------------------------------------
    def _Call(self, node: Call, level: Level) -> Val:
        import polars as pl

        fn = node.fn
        if fn == "covered_months":
            return self._covered_months(node, level)
        args = [self.value(a, level) for a in node.args]
        e = [a.expr for a in args]
        if fn == "months_between":
            return Val(periods.whole_months_between(e[0], e[1]))
        if fn == "years_between":
            return Val(periods.whole_years_between(e[0], e[1]))
        if fn == "days_between":
            return Val(periods.whole_days_between(e[0], e[1]))
        if fn == "add_months":
            return Val(periods.add_months(e[0], e[1]))
        if fn == "add_years":
            return Val(periods.add_years(e[0], e[1]))
        if fn == "add_days":
            return Val(periods.add_days(e[0], e[1]))
        if fn == "floor_fen":  # round down (towards minus infinity) to the fen
            v = args[0]
            if v.scale <= 2:
                return Val(v.expr, v.scale)
            return Val(v.expr // (10 ** (v.scale - 2)), 2)
        if fn == "year":
            return Val(e[0].dt.year().cast(pl.Int64))
        if fn == "exists":
            return Val(e[0].is_not_null())
        if fn == "len":
            return Val(e[0].list.len().cast(pl.Int64))
        if fn == "coalesce":
            if node.args[0].type.numeric:
                a, b, s = self._numeric_pair(args[0], args[1])
                return Val(pl.coalesce(a, b), s)
            return Val(pl.coalesce(e[0], e[1]))
        if fn in ("min", "max"):
            s = max(a.scale for a in args) if node.type.numeric else 0
            cols = [rescale(a, s) if node.type.numeric else a.expr for a in args]
            horizontal = pl.min_horizontal(cols) if fn == "min" else pl.max_horizontal(cols)
            any_null = kor([c.is_null() for c in cols])
            return Val(pl.when(any_null).then(None).otherwise(horizontal), s)
        raise Unsupported(f"function {fn}()")

    def _covered_months(self, node: Call, level: Level) -> Val:
        """Whole months covered by merged periods up to ``until`` (calendar.covered_months)."""
        import polars as pl

        until_node: Node | None = node.args[1] if len(node.args) == 2 else None
        until_col = level.fresh("until")
        if until_node is None:
            level.need("__as_of", 0)
            until = pl.col("__as_of")
        else:
            until = self.expr(until_node, level)
        level.add_column(until_col, until)
        out = level.fresh("covered")
        source = level.fresh("src")
        level.add_column(source, self.expr(node.args[0], level))
        child = level.child()
        child.need(until_col, level.depth)
        item = f"__v{child.depth}.period"

        def spans(lf: pl.LazyFrame) -> pl.LazyFrame:
            first = pl.col(item).struct.field("start")
            last = pl.col(item).struct.field("end")
            u = pl.col(until_col)
            stop = periods.add_days(pl.min_horizontal(pl.coalesce(last, u), u), pl.lit(1))
            parent_row = level.row
            lf = (
                lf.with_columns(first.alias("__first"), stop.alias("__stop"))
                .filter(pl.col("__stop") > pl.col("__first"))
                .sort(parent_row, "__first", "__stop")
            )
            reach = pl.col("__stop").cum_max().shift(1).over(parent_row)
            new_span = reach.is_null() | (pl.col("__first") > reach)
            lf = lf.with_columns(new_span.cast(pl.Int64).cum_sum().over(parent_row).alias("__span"))
            merged = lf.group_by(parent_row, "__span").agg(
                pl.col("__first").min(), pl.col("__stop").max()
            )
            return merged.with_columns(
                periods.whole_months_between(pl.col("__first"), pl.col("__stop")).alias("__m")
            )

        def step(lf: pl.LazyFrame) -> pl.LazyFrame:
            frame = lf.collect()
            length = pl.col(source).list.len()
            items = (
                frame.lazy()
                .select(level.row, source, *child.carry)
                .filter(length > 0)
                .explode(source)
                .rename({source: item})
            )
            months = spans(items).group_by(level.row).agg(pl.col("__m").sum().alias(out))
            # No row here: no period (or none before ``until``) covers a month. ``attach``
            # gives 0 for an empty list only: periods that all start after ``until`` leave no
            # span either, and cover 0 months too (calendar.covered_months), not a missing value.
            merged = attach(frame, months, level.row, source, [(out, 0)])
            return merged.with_columns(
                pl.when(pl.col(until_col).is_null() | pl.col(source).is_null())
                .then(None)
                .otherwise(pl.col(out).fill_null(0))
                .alias(out)
            )

        level.steps.append(step)
        return Val(pl.col(out))

    # -- categories ------------------------------------------------------------------------
    def _CategoryCall(self, node: CategoryCall, level: Level) -> Val:
        import polars as pl

        if isinstance(node.subject, Root) and self.root.column is None:
            column = self.category_columns.get(node.category)
            if column is None:
                column = self.category_columns[node.category] = f"cat.{node.category}"
                sub = self._sub_compiler(RootBinding())
                self.level0.add_column(column, sub.category_value(node.category, self.level0))
            level.need(column, 0)
            return Val(pl.col(column))
        subject_col = level.fresh("subject")
        level.add_column(subject_col, self.expr(node.subject, level))
        sub = self._sub_compiler(RootBinding(subject_col, level.depth))
        sub.vars = dict(self.vars)
        value = sub.category_value(node.category, level)
        return Val(pl.when(pl.col(subject_col).is_null()).then(None).otherwise(value))

    def _sub_compiler(self, root: RootBinding) -> ExpressionCompiler:
        sub = ExpressionCompiler(
            self.params, self.categories, self.category_columns, self.level0
        )
        sub.root = root
        return sub

    def category_value(self, cid: str, level: Level) -> pl.Expr:
        category = self.categories[cid]
        values = [self.expr(c.node, level) for c in category.conditions]
        return kor(values) if category.spec.combine == "any" else kand(values)

    # -- aggregates ------------------------------------------------------------------------
    def _items(
        self,
        source_node: Node,
        var: str,
        body: Callable[[Level], list[tuple[str, pl.Expr, Any]]],
        level: Level,
    ) -> None:
        """Explode ``source_node`` at ``level`` into a child level binding ``var``; ``body``
        compiles the per-item aggregations (column, aggregation, value for no items)."""
        source = level.fresh("src")
        level.add_column(source, self.expr(source_node, level))
        child = level.child()
        var_column = f"__v{child.depth}.{var}"
        saved = self.vars.get(var)
        self.vars[var] = (var_column, child.depth)
        guard, self.guard = self.guard, None  # no division inside items
        try:
            outputs = body(child)
        finally:
            self.guard = guard
            if saved is None:
                del self.vars[var]
            else:
                self.vars[var] = saved
        aggregate_into(level, child, source, var_column, outputs)

    def _Aggregate(self, node: Aggregate, level: Level) -> Val:
        import polars as pl

        out = level.fresh("agg")
        scale = [0]

        def body(child: Level) -> list[tuple[str, pl.Expr, Any]]:
            cond = self.expr(node.cond, child) if node.cond is not None else None
            fn = node.fn
            if fn == "count":
                if cond is None:
                    return [(out, pl.len().cast(pl.Int64), 0)]
                counted = pl.when(cond.is_null().any()).then(None).otherwise(
                    cond.cast(pl.Int64).sum()
                )
                return [(out, counted, 0)]
            elem_val = self.value(node.elem, child)
            scale[0] = elem_val.scale
            elem = elem_val.expr
            c = cond if cond is not None else pl.lit(True)
            if fn in ("any", "all"):
                # The scalar engine pairs each filter value with the element only where the
                # filter holds: an unknown filter pairs with a missing element.
                if cond is not None:
                    elem = pl.when(c.fill_null(False)).then(elem).otherwise(None)
                if fn == "any":
                    return [(out, kleene_any(c & elem), False)]
                return [(out, kleene_all(~c | elem), True)]
            if fn == "sum":
                bad = c.is_null() | (c.fill_null(False) & elem.is_null())
                total = elem.filter(c.fill_null(False)).sum()
                return [(out, pl.when(bad.any()).then(None).otherwise(total), 0)]
            if fn == "first":
                if cond is None:
                    return [(out, elem.first(), None)]
                open_ = c.is_null() | c
                first_c = c.filter(open_.fill_null(True)).first()
                first_e = elem.filter(open_.fill_null(True)).first()
                found = pl.when(first_c.fill_null(False)).then(first_e).otherwise(None)
                return [(out, found, None)]
            if fn in ("min", "max"):
                chosen = elem.filter(c.fill_null(False))
                extreme = chosen.min() if fn == "min" else chosen.max()
                bad = c.is_null().any() | chosen.is_null().any()
                return [(out, pl.when(bad).then(None).otherwise(extreme), None)]
            raise Unsupported(f"aggregate {fn}()")

        self._items(node.source, node.var, body, level)
        return Val(pl.col(out), scale[0])


def _compare(a: pl.Expr, op: str, b: pl.Expr) -> pl.Expr:
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    return a >= b
