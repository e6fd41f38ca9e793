"""Parse rule text with Python's ``ast`` (restricted to a whitelist) into a checked, typed tree.

Rule text is never executed: it is parsed, every node is checked against the whitelist below and
against the case model's field types, and only the resulting tree is used. Any other construct
(attribute of a non-model value, subscripts, lambdas, imports, dunder names, calls to anything
not in :data:`FUNCTIONS`) is an error that names the construct.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from ..errors import ExpressionError
from .builtins import AGGREGATES, BUILTINS, FUNCTION_NAMES
from .nodes import (
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
)
from .types import BOOL, DATE, DECIMAL, INT, STR, Kind, Type, fields_of


class LangError(ExpressionError):
    """An expression is malformed or ill-typed. ``column`` is 0-based within the expression."""


@dataclass(frozen=True)
class ParamInfo:
    value_type: Type
    key_enum: type[Enum] | None = None


@dataclass
class Scope:
    """What names an expression may use."""

    roots: Mapping[str, Type]
    params: Mapping[str, ParamInfo]
    categories: Mapping[str, Type]  # category id -> subject type
    bound: dict[str, Type] = field(default_factory=dict)

    def with_var(self, name: str, tp: Type) -> Scope:
        return Scope(self.roots, self.params, self.categories, {**self.bound, name: tp})


SPECIALS = {"as_of": DATE, "this_year": INT, "last_year": INT}
FUNCTIONS = FUNCTION_NAMES
_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


# Limits that keep checking, code generation and evaluation linear and bounded (documented in
# docs/rule-format.md): expressions are read by people; nothing real comes near them.
MAX_EXPRESSION_LENGTH = 1_000_000  # characters
MAX_DEPTH = 64  # nesting of the expression tree (``not not …``, ``a * b * c …`` chains)
MAX_LITERAL = Decimal(10) ** 15  # a number written in a rule (money, counts, rates)
MAX_SHIFT = {"add_months": 12 * 200, "add_years": 200, "add_days": 366 * 200}


def parse_expression(text: str, scope: Scope, expect: str | None = None) -> Node:
    """Parse and check ``text``; ``expect`` is "bool" for conditions, "number" for amounts."""
    # YAML folded scalars keep line breaks of indented lines: expressions are one logical line.
    text = " ".join(text.split())
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise LangError(f"expression longer than {MAX_EXPRESSION_LENGTH} characters")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise LangError(f"syntax error: {exc.msg}", (exc.offset or 1) - 1) from exc
    except (ValueError, MemoryError, RecursionError) as exc:  # e.g. a 5,000-digit literal
        raise LangError(f"cannot parse the expression: {exc}") from exc
    node = _Builder(text, scope).build(tree.body)
    if expect == "bool" and node.type.kind != "bool":
        raise LangError(f"a condition must be true/false, but this is {node.type.describe()}")
    if expect == "number" and not node.type.numeric:
        raise LangError(f"an amount must be a number, but this is {node.type.describe()}")
    return node


def _plausible(value: Decimal) -> bool:
    """A decimal literal a rule may hold: finite, below MAX_LITERAL, at most 12 decimals."""
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -12 and abs(value) < MAX_LITERAL


def _suggest(name: str, options: Any) -> str:
    close = difflib.get_close_matches(name, list(options), n=3)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _unify_numeric(a: Type, b: Type) -> Type:
    kind: Kind = "int" if a.kind == b.kind == "int" else "decimal"
    return Type(kind, a.nullable or b.nullable)


class _Builder:
    def __init__(self, text: str, scope: Scope, encoded: bytes | None = None) -> None:
        self.text = text
        self.scope = scope
        # ast offsets count UTF-8 bytes; slicing the encoded line keeps src() proportional to
        # the node's own length (ast.get_source_segment re-splits the whole text on every call,
        # which made checking quadratic in the expression's size).
        self.encoded = text.encode() if encoded is None else encoded
        self.depth = 0

    def src(self, node: ast.AST) -> str:
        start = getattr(node, "col_offset", None)
        end = getattr(node, "end_col_offset", None)
        if start is None or end is None or getattr(node, "end_lineno", 1) != 1:
            return ast.unparse(node)
        return self.encoded[start:end].decode()

    def fail(self, node: ast.AST, message: str) -> LangError:
        return LangError(message, getattr(node, "col_offset", None))

    def build(self, node: ast.expr) -> Node:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise self.fail(
                node, f"'{self.src(node)}': {type(node).__name__} is not allowed in rules"
            )
        # Bounded nesting: every later walk of the tree (code generation, durable patterns)
        # recurses, and Python's stack is not for rule authors to exhaust.
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(
                node,
                f"expression nested more than {MAX_DEPTH} levels deep; split it into conditions "
                "or categories",
            )
        result: Node = method(node)
        self.depth -= 1
        return result

    # -- leaves ---------------------------------------------------------------------------
    def _Constant(self, node: ast.Constant) -> Node:
        v = node.value
        if isinstance(v, bool):
            return Const(BOOL, self.src(node), v)
        if isinstance(v, int):
            if abs(v) >= MAX_LITERAL:
                raise self.fail(node, f"number {self.src(node)} is out of range")
            return Const(INT, self.src(node), v)
        if isinstance(v, float):
            value = Decimal(self.src(node))
            if not _plausible(value):
                raise self.fail(node, f"number {self.src(node)} is out of range")
            return Const(DECIMAL, self.src(node), value)
        if isinstance(v, str):
            return Const(STR, self.src(node), v)
        raise self.fail(
            node, f"constant {self.src(node)} is not allowed (use exists() for missing values)"
        )

    def _Name(self, node: ast.Name) -> Node:
        name = node.id
        if name in self.scope.bound:
            return Var(self.scope.bound[name], name, name)
        if name in self.scope.roots:
            return Root(self.scope.roots[name], name, name)
        if name in SPECIALS:
            return Special(SPECIALS[name], name, name)
        known = [*self.scope.bound, *self.scope.roots, *SPECIALS]
        raise self.fail(node, f"unknown name '{name}'{_suggest(name, known)}")

    def _Attribute(self, node: ast.Attribute) -> Node:
        obj = self.build(node.value)
        if obj.type.kind != "object" or obj.type.model is None:
            raise self.fail(
                node, f"'{self.src(node.value)}' is {obj.type.describe()}, it has no fields"
            )
        if node.attr.startswith("_"):
            raise self.fail(node, f"'{node.attr}' is not a model field")
        fields = fields_of(obj.type.model)
        if node.attr not in fields:
            raise self.fail(
                node,
                f"unknown field '{node.attr}' of {obj.type.model.__name__}"
                f"{_suggest(node.attr, fields)}",
            )
        tp = fields[node.attr].or_null(obj.type.nullable)
        return Field(tp, self.src(node), obj, node.attr)

    # -- operators ------------------------------------------------------------------------
    def _BoolOp(self, node: ast.BoolOp) -> Node:
        operands = tuple(self.build(v) for v in node.values)
        for operand, raw in zip(operands, node.values, strict=True):
            self._need_bool(operand, raw)
        op = "and" if isinstance(node.op, ast.And) else "or"
        nullable = any(o.type.nullable for o in operands)
        return BoolOp(Type("bool", nullable), self.src(node), op, operands)

    def _UnaryOp(self, node: ast.UnaryOp) -> Node:
        operand = self.build(node.operand)
        if isinstance(node.op, ast.Not):
            self._need_bool(operand, node.operand)
            return Not(operand.type, self.src(node), operand)
        if isinstance(node.op, ast.USub) and operand.type.numeric:
            if isinstance(operand, Const):
                return Const(operand.type, self.src(node), -operand.value)
            return Neg(operand.type, self.src(node), operand)
        raise self.fail(node, f"'{self.src(node)}': this unary operator is not allowed")

    def _BinOp(self, node: ast.BinOp) -> Node:
        op = _ARITH.get(type(node.op))
        if op is None:
            raise self.fail(node, f"operator in '{self.src(node)}' is not allowed (use + - * /)")
        left, right = self.build(node.left), self.build(node.right)
        for side, raw in ((left, node.left), (right, node.right)):
            if not side.type.numeric:
                raise self.fail(
                    raw, f"'{self.src(raw)}' is {side.type.describe()}; arithmetic needs numbers"
                )
        tp = _unify_numeric(left.type, right.type)
        if op == "/":
            tp = Type("decimal", tp.nullable)
        return Arith(tp, self.src(node), op, left, right)

    def _Compare(self, node: ast.Compare) -> Node:
        if len(node.ops) != 1:
            raise self.fail(node, f"'{self.src(node)}': write chained comparisons with 'and'")
        op, raw_right = node.ops[0], node.comparators[0]
        left = self.build(node.left)
        if isinstance(op, ast.In | ast.NotIn):
            return self._membership(node, left, raw_right, isinstance(op, ast.NotIn))
        if type(op) not in _CMP:
            raise self.fail(
                node, f"'{self.src(node)}': 'is' comparisons are not allowed; use exists()"
            )
        right = self.build(raw_right)
        left, right = self._comparable(node, left, right, _CMP[type(op)])
        nullable = left.type.nullable or right.type.nullable
        return Compare(Type("bool", nullable), self.src(node), _CMP[type(op)], left, right)

    def _comparable(self, node: ast.AST, left: Node, right: Node, op: str) -> tuple[Node, Node]:
        lt, rt = left.type, right.type
        if lt.numeric and rt.numeric:
            return left, right
        if lt.kind == rt.kind and lt.kind in ("date", "str", "bool"):
            if lt.kind == "bool" and op not in ("==", "!="):
                raise self.fail(node, "true/false values can only be compared with == or !=")
            return left, right
        if lt.kind == "enum" or rt.kind == "enum":
            if op not in ("==", "!="):
                raise self.fail(
                    node, f"'{self.src(node)}': categories can only be compared with == or !="
                )
            enum_side, other = (left, right) if lt.kind == "enum" else (right, left)
            assert enum_side.type.enum is not None
            if isinstance(other, Const) and other.type.kind == "str":
                self._enum_member(node, enum_side.type.enum, other.value)
                return left, right
            if other.type.kind == "enum" and other.type.enum is enum_side.type.enum:
                return left, right
        raise self.fail(
            node, f"cannot compare {lt.describe()} with {rt.describe()} in '{self.src(node)}'"
        )

    def _enum_member(self, node: ast.AST, enum: type[Enum], value: Any) -> None:
        values = [m.value for m in enum]
        if value not in values:
            raise self.fail(
                node,
                f"'{value}' is not a value of {enum.__name__}{_suggest(str(value), values)}; "
                f"allowed: {', '.join(values)}",
            )

    def _membership(self, node: ast.Compare, elem: Node, raw: ast.expr, negate: bool) -> Node:
        if not isinstance(raw, ast.Set | ast.List | ast.Tuple):
            raise self.fail(raw, '\'in\' needs a literal set of values, e.g. {"a", "b"}')
        options = []
        for item in raw.elts:
            const = self.build(item)
            if not isinstance(const, Const):
                raise self.fail(item, f"'{self.src(item)}' must be a literal value")
            if elem.type.kind == "enum":
                assert elem.type.enum is not None
                self._enum_member(item, elem.type.enum, const.value)
            elif not (
                (elem.type.numeric and const.type.numeric) or elem.type.kind == const.type.kind
            ):
                raise self.fail(item, f"{const.src} does not match {elem.type.describe()}")
            options.append(const.value)
        return In(Type("bool", elem.type.nullable), self.src(node), elem, tuple(options), negate)

    def _IfExp(self, node: ast.IfExp) -> Node:
        cond = self.build(node.test)
        self._need_bool(cond, node.test)
        then, orelse = self.build(node.body), self.build(node.orelse)
        if then.type.numeric and orelse.type.numeric:
            tp = _unify_numeric(then.type, orelse.type)
        elif then.type.non_null() == orelse.type.non_null():
            tp = then.type.or_null(orelse.type.nullable)
        else:
            raise self.fail(node, f"both branches of '{self.src(node)}' must have the same type")
        return IfElse(tp.or_null(cond.type.nullable), self.src(node), cond, then, orelse)

    def _need_bool(self, node: Node, raw: ast.AST) -> None:
        if node.type.kind != "bool":
            raise self.fail(raw, f"'{self.src(raw)}' is {node.type.describe()}, not true/false")

    # -- calls ----------------------------------------------------------------------------
    def _Call(self, node: ast.Call) -> Node:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, f"'{self.src(node.func)}' cannot be called")
        if node.keywords:
            raise self.fail(node, "keyword arguments are not allowed")
        name = node.func.id
        if name in self.scope.categories:
            return self._category(node, name)
        if name not in FUNCTIONS:
            known = [*sorted(FUNCTIONS), *self.scope.categories]
            error = self.fail(node, f"unknown function '{name}'{_suggest(name, known)}")
            error.unknown_name = name
            raise error
        if (
            name in AGGREGATES
            and len(node.args) == 1
            and isinstance(node.args[0], ast.GeneratorExp)
        ):
            return self._aggregate(node, name, node.args[0])
        family = BUILTINS[name].family
        if family == "duration":
            return self._duration(node)
        if family == "date_shift":
            return self._shift(node)
        handler = getattr(self, f"_fn_{name}", None)
        if handler is None:
            raise self.fail(node, f"{name}() needs a generator, e.g. {name}(h for h in x.items)")
        result: Node = handler(node)
        return result

    def _args(self, node: ast.Call, arity: tuple[int, int] | None = None) -> list[Node]:
        """The checked arguments of a call, as many as the built-ins table (or ``arity``) says."""
        if arity is None:
            entry = BUILTINS[node.func.id]  # type: ignore[attr-defined]
            arity = (entry.min_args, entry.max_args)
        lo, hi = arity
        if not lo <= len(node.args) <= hi:
            want = str(lo) if lo == hi else f"{lo} to {hi}"
            raise self.fail(node, f"{self.src(node.func)}() takes {want} argument(s)")
        return [self.build(a) for a in node.args]

    def _need(self, node: ast.AST, arg: Node, kind: str, what: str) -> None:
        ok = arg.type.numeric if kind == "number" else arg.type.kind == kind
        if not ok:
            raise self.fail(
                node, f"{what} must be a {kind}, but '{arg.src}' is {arg.type.describe()}"
            )

    def _duration(self, node: ast.Call) -> Node:
        a, b = self._args(node)
        fn = node.func.id  # type: ignore[attr-defined]
        self._need(node, a, "date", f"{fn}() start")
        self._need(node, b, "date", f"{fn}() end")
        return Call(Type("int", a.type.nullable or b.type.nullable), self.src(node), fn, (a, b))

    def _shift(self, node: ast.Call) -> Node:
        d, n = self._args(node)
        fn = node.func.id  # type: ignore[attr-defined]
        self._need(node, d, "date", f"{fn}() date")
        self._need(node, n, "int", f"{fn}() count")
        if isinstance(n, Const) and abs(n.value) > MAX_SHIFT[fn]:
            raise self.fail(node, f"{fn}() by {n.value} is out of range (at most {MAX_SHIFT[fn]})")
        return Call(Type("date", d.type.nullable or n.type.nullable), self.src(node), fn, (d, n))

    def _fn_year(self, node: ast.Call) -> Node:
        (d,) = self._args(node)
        self._need(node, d, "date", "year()")
        return Call(Type("int", d.type.nullable), self.src(node), "year", (d,))

    def _fn_floor_fen(self, node: ast.Call) -> Node:
        (x,) = self._args(node)
        self._need(node, x, "number", "floor_fen()")
        return Call(Type("decimal", x.type.nullable), self.src(node), "floor_fen", (x,))

    def _fn_date(self, node: ast.Call) -> Node:
        (s,) = self._args(node)
        if not isinstance(s, Const) or not isinstance(s.value, str):
            raise self.fail(node, 'date() takes a literal "YYYY-MM-DD"')
        try:
            value = date.fromisoformat(s.value)
        except ValueError as exc:
            raise self.fail(node, f"date(): {s.value!r} is not a date YYYY-MM-DD") from exc
        return Const(DATE, self.src(node), value)

    def _fn_coalesce(self, node: ast.Call) -> Node:
        a, b = self._args(node)
        if not (a.type.non_null() == b.type.non_null() or (a.type.numeric and b.type.numeric)):
            raise self.fail(node, "coalesce() needs two values of the same type")
        tp = a.type.non_null().or_null(b.type.nullable)
        return Call(tp, self.src(node), "coalesce", (a, b))

    def _fn_exists(self, node: ast.Call) -> Node:
        (a,) = self._args(node)
        return Call(BOOL, self.src(node), "exists", (a,))

    def _fn_len(self, node: ast.Call) -> Node:
        (a,) = self._args(node)
        self._need(node, a, "list", "len()")
        return Call(Type("int", a.type.nullable), self.src(node), "len", (a,))

    def _fn_covered_months(self, node: ast.Call) -> Node:
        args = self._args(node)
        periods = args[0]
        item = periods.type.item
        if periods.type.kind != "list" or item is None or item.model is None:
            raise self.fail(node, "covered_months() takes a list of insurance periods")
        fields = fields_of(item.model)
        if fields.get("start") != DATE or "end" not in fields:
            raise self.fail(node, "covered_months() takes a list of periods with start and end")
        if len(args) == 2:
            self._need(node, args[1], "date", "covered_months() until")
        nullable = any(a.type.nullable for a in args)
        return Call(Type("int", nullable), self.src(node), "covered_months", tuple(args))

    def _fn_min(self, node: ast.Call) -> Node:
        return self._extreme(node, "min")

    def _fn_max(self, node: ast.Call) -> Node:
        return self._extreme(node, "max")

    def _extreme(self, node: ast.Call, fn: str) -> Node:
        args = self._args(node)
        if all(a.type.numeric for a in args):
            tp = args[0].type
            for a in args[1:]:
                tp = _unify_numeric(tp, a.type)
        elif all(a.type.kind == "date" for a in args):
            tp = Type("date", any(a.type.nullable for a in args))
        else:
            raise self.fail(node, f"{fn}() takes numbers or dates")
        return Call(tp, self.src(node), fn, tuple(args))

    def _fn_param(self, node: ast.Call) -> Node:
        if not 1 <= len(node.args) <= 2:
            raise self.fail(node, 'param() takes a parameter id, e.g. param("loan.max_amount")')
        raw_id = node.args[0]
        if not isinstance(raw_id, ast.Constant) or not isinstance(raw_id.value, str):
            raise self.fail(node, "param() needs the parameter id as a literal string")
        pid = raw_id.value
        info = self.scope.params.get(pid)
        if info is None:
            error = self.fail(node, f"unknown parameter '{pid}'{_suggest(pid, self.scope.params)}")
            error.unknown_name = pid
            raise error
        key: Node | None = None
        if len(node.args) == 2:
            key = self.build(node.args[1])
            if info.key_enum is None:
                raise self.fail(node, f"parameter '{pid}' is not keyed; call param(\"{pid}\")")
            if key.type.kind != "enum" or key.type.enum is not info.key_enum:
                raise self.fail(
                    node, f"parameter '{pid}' is keyed by {info.key_enum.__name__}, not '{key.src}'"
                )
        elif info.key_enum is not None:
            raise self.fail(
                node, f"parameter '{pid}' is keyed by {info.key_enum.__name__}: add the key"
            )
        # A parameter can be explicitly unset (set by other regulations): always nullable.
        return ParamRef(info.value_type.or_null(), self.src(node), pid, key)

    def _category(self, node: ast.Call, name: str) -> Node:
        (subject,) = self._args(node, (1, 1))
        want = self.scope.categories[name]
        if subject.type.model is not want.model:
            raise self.fail(
                node,
                f"category '{name}' applies to {want.describe()}, not to '{subject.src}' "
                f"({subject.type.describe()})",
            )
        return CategoryCall(Type("bool", True), self.src(node), name, subject)

    def _aggregate(self, node: ast.Call, fn: str, gen: ast.GeneratorExp) -> Node:
        if len(gen.generators) != 1:
            raise self.fail(gen, "use a single 'for' in a generator")
        comp = gen.generators[0]
        if comp.is_async or not isinstance(comp.target, ast.Name) or len(comp.ifs) > 1:
            raise self.fail(gen, "write generators as (expr for x in items if condition)")
        var = comp.target.id
        if not _NAME.match(var) or var in self.scope.roots or var in SPECIALS:
            raise self.fail(comp.target, f"'{var}' cannot be used as a loop variable")
        source = self.build(comp.iter)
        if source.type.kind != "list" or source.type.item is None:
            raise self.fail(comp.iter, f"'{source.src}' is {source.type.describe()}, not a list")
        inner = _Builder(self.text, self.scope.with_var(var, source.type.item), self.encoded)
        inner.depth = self.depth
        elem = inner.build(gen.elt)
        cond = None
        if comp.ifs:
            cond = inner.build(comp.ifs[0])
            inner._need_bool(cond, comp.ifs[0])
        nullable = source.type.nullable or (cond is not None and cond.type.nullable)
        if fn in ("any", "all"):
            inner._need_bool(elem, gen.elt)
            tp = Type("bool", nullable or elem.type.nullable)
        elif fn == "count":
            tp = Type("int", nullable)
        elif fn == "sum":
            if not elem.type.numeric:
                raise self.fail(
                    gen.elt, f"sum() needs numbers, '{elem.src}' is {elem.type.describe()}"
                )
            tp = Type(elem.type.kind, nullable or elem.type.nullable)
        elif fn in ("min", "max"):
            if not (elem.type.numeric or elem.type.kind == "date"):
                raise self.fail(gen.elt, f"{fn}() needs numbers or dates")
            tp = elem.type.or_null()  # empty -> missing
        else:  # first
            tp = elem.type.or_null()
        return Aggregate(tp, self.src(node), fn, elem, var, source, cond)
