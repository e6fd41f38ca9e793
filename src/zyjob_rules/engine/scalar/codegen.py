"""Compile checked expression trees into Python source, then into functions.

Only the typed tree is compiled, never rule text: names come from the model and the checker's
whitelist, literal values go through a constants table, strings through ``repr``. Each
expression compiles in two modes from this one generator, so their semantics cannot drift:

- plain: the fast path, records nothing;
- traced: every field read, comparison, parameter and category goes through the recorder
  ``X.recorder`` (see tracer.py), with the model path of each value read.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from datetime import date
from typing import Any

from ...assessment_date import EARLIEST_DATE, LATEST_DATE
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
    walk,
)
from ...lang.types import Type
from . import runtime

_ARITH_HELPER = {"+": "add", "-": "sub", "*": "mul"}
_COMPARE_HELPER = {"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}


class ModuleBuilder:
    """Accumulates generated functions and their constants, then compiles them together."""

    def __init__(self) -> None:
        self.constants: dict[str, Any] = {}
        self.functions: list[str] = []
        self._const_ids: dict[tuple[type, Any], str] = {}
        self._temps = 0
        self.namespace: dict[str, Any] = {}  # set by compile()

    def temp(self) -> str:
        """A fresh local name for generated code."""
        self._temps += 1
        return f"_t{self._temps}"

    def const(self, value: Any) -> str:
        key = (type(value), value)
        name = self._const_ids.get(key)
        if name is None:
            name = f"_k{len(self._const_ids)}"
            self._const_ids[key] = name
            self.constants[name] = value
        return name

    def add_function(
        self, name: str, params: list[str], body: list[str], into: list[str] | None = None
    ) -> None:
        """Add a function to the module, or to ``into`` (the source of a ``Deferred`` group
        compiled later in the module's namespace)."""
        lines = [f"def {name}({', '.join(params)}):"] + [f"    {b}" for b in body]
        (self.functions if into is None else into).append("\n".join(lines))

    def compile(self) -> dict[str, Callable[..., Any]]:
        namespace: dict[str, Any] = {"rt": runtime, **self.constants}
        source = "\n\n".join(self.functions) + "\n"
        exec(compile(source, "<zyjob_rules generated>", "exec"), namespace)
        self.namespace = namespace
        return {k: v for k, v in namespace.items() if callable(v) and not k.startswith("_k")}

    def deferred(self, generate: Callable[[list[str]], None]) -> Deferred:
        """Functions generated and compiled on first use, in this module's namespace (after
        ``compile``): ``generate(into)`` adds their sources to ``into`` (``add_function``'s
        argument). What not every run needs costs nothing at start."""
        return Deferred(self, generate)


class Deferred:
    """Generated functions compiled when first asked for (e.g. one rule's straight-line code:
    a traced command-line run never needs it, and compiling is most of building a program).

    They must be optional: the program works without them (the straight-line code only
    shortens the walk). Should generating or compiling them fail, ``functions()`` is empty,
    ``error`` says why, and a warning is issued once: the evaluator walks the rule instead,
    with the very same results.
    """

    __slots__ = ("_builder", "_functions", "_generate", "error")

    def __init__(self, builder: ModuleBuilder, generate: Callable[[list[str]], None]) -> None:
        self._builder = builder  # its namespace: categories, constants, ``rt``
        self._generate = generate
        self._functions: dict[str, Callable[..., Any]] | None = None
        self.error: str | None = None

    def functions(self) -> dict[str, Callable[..., Any]]:
        functions = self._functions
        if functions is None:
            with _GENERATING:  # the builder's constants and temporaries are shared
                functions = self._functions
                if functions is None:
                    try:
                        functions = self._build()
                    except (SyntaxError, ValueError, OverflowError, RecursionError) as exc:
                        functions = {}
                        self.error = f"{type(exc).__name__}: {exc}"
                        warnings.warn(
                            f"straight-line code not compiled ({self.error}); "
                            "the rule is walked instead",
                            RuntimeWarning,
                            stacklevel=2,
                        )
                    self._functions = functions
        return functions

    def _build(self) -> dict[str, Callable[..., Any]]:
        sources: list[str] = []
        self._generate(sources)
        namespace = self._builder.namespace
        for name, value in self._builder.constants.items():  # constants the sources added
            namespace.setdefault(name, value)
        local: dict[str, Any] = {}
        source = "\n\n".join(sources) + "\n"
        exec(compile(source, "<zyjob_rules generated>", "exec"), namespace, local)
        return local


# One deferred group generated at a time, whichever rule set: generation shares a builder's
# counters, and a process-wide lock is the simplest way to keep two threads off one builder.
_GENERATING = threading.Lock()


def var_name(name: str) -> str:
    return f"v_{name}"


def category_function(cid: str, traced: bool) -> str:
    """The name of a category's generated function, distinct for every (category, mode).

    Category ids are lowercase letters, digits, underscores and dots (ruleset/schema.py). The
    mode is an uppercase letter after ``cat`` and a dot becomes ``D``, neither of which an id
    can hold, so no two pairs share a name (``cat_t_x`` used to be both the plain function of
    ``t_x`` and the traced one of ``x``) and a dotted id still gives an identifier.
    """
    return f"cat{'T' if traced else 'P'}_{cid.replace('.', 'D')}"


def path_name(name: str) -> str:
    return f"_p_v_{name}"


# Built-ins whose evaluation can raise on a valid case: a date shift past the calendar's end.
_RAISING_CALLS = frozenset({"add_months", "add_years"})


def may_raise(node: Node, raising_categories: frozenset[str] = frozenset()) -> bool:
    """Whether evaluating ``node`` can raise (division by zero, a date out of range, ...).

    The plain code may skip an operand whose value cannot change a three-valued answer (``False
    and …``) only when skipping it cannot hide an error the full evaluation would raise: the
    traced code evaluates every operand, and both must fail alike (a rule that cannot compute
    never answers "no").
    """
    for n in walk(node):
        if isinstance(n, Arith) and (n.op == "/" or n.type.kind == "date"):
            return True
        if isinstance(n, Call) and n.fn in _RAISING_CALLS and not _bounded_shift(n):
            return True
        if isinstance(n, CategoryCall) and n.category in raising_categories:
            return True
    return False


# Model dates and assessment dates lie in 1900-01-01 … 2100-12-31 (model/base.py,
# assessment_date.py): shifted by at most this many months they stay in date's range.
_SAFE_MONTHS = 12 * 1800


def _bounded_shift(call: Call) -> bool:
    """A date shift that cannot leave the calendar: a model field, as_of or a literal date of
    the model's range, moved by a literal number of months or years of modest size."""
    day, n = call.args
    if not isinstance(n, Const) or not isinstance(n.value, int):
        return False
    months = n.value * (12 if call.fn == "add_years" else 1)
    if abs(months) > _SAFE_MONTHS:
        return False
    if isinstance(day, Const):
        return isinstance(day.value, date) and EARLIEST_DATE <= day.value <= LATEST_DATE
    return isinstance(day, Field) or (isinstance(day, Special) and day.name == "as_of")


def raising_categories(conditions: dict[str, list[Node]]) -> frozenset[str]:
    """The categories (id -> their condition trees) whose verdict may raise, directly or
    through another category."""
    out: set[str] = set()
    changed = True
    while changed:
        changed = False
        for cid, nodes in conditions.items():
            if cid not in out and any(may_raise(n, frozenset(out)) for n in nodes):
                out.add(cid)
                changed = True
    return frozenset(out)


class ExpressionCompiler:
    """Python source for one expression tree, in plain or traced mode."""

    def __init__(
        self, builder: ModuleBuilder, traced: bool, raising: frozenset[str] = frozenset()
    ) -> None:
        self.b = builder
        self.traced = traced
        self.raising = raising  # categories whose verdict may raise (see may_raise)
        # Inside the first argument of coalesce() or the argument of exists(), an absent value
        # is a fact the expression handles (no end date: still employed), not a missing fact.
        self.optional = 0
        self._in_iterable = 0  # inside a comprehension's iterable, where ``:=`` is not allowed

    # Plain code evaluates three-valued operators inline and lazily (``False and …`` skips the
    # rest) where that can hide no error; temporaries are bound with ``:=``.
    def _inline(self, node: Node | None = None) -> bool:
        if self.traced or self._in_iterable:
            return False
        return node is None or not may_raise(node, self.raising)

    def iterable(self, node: Node) -> str:
        """The source of a comprehension (its ``for … in`` part)."""
        self._in_iterable += 1
        try:
            return self.expr(node)
        finally:
            self._in_iterable -= 1

    def kleene(self, op: str, parts: list[tuple[str, bool]]) -> str:
        """Lazy three-valued ``and``/``or`` of (source, nullable) operands, left to right."""
        clauses = []
        nulls = []
        for src, nullable in parts:
            if nullable:
                t = self.b.temp()
                nulls.append(t)
                test = f"({t} := {src}) is False" if op == "and" else f"({t} := {src})"
            else:
                test = f"not {src}" if op == "and" else src
            clauses.append(f"{op == 'or'} if {test} else ")
        last = str(op == "and")
        if nulls:
            last = f"None if {' or '.join(f'{t} is None' for t in nulls)} else {last}"
        return "(" + "".join(clauses) + last + ")"

    def _lazy_pair(self, template: str, left: str, right: str, ltype: Type, rtype: Type) -> str:
        """``template`` ({a}, {b}) of two values (types ``ltype``, ``rtype``), missing when
        either is missing: the nullable ones are tested first, so the other is skipped when one
        is missing (only used where nothing can raise, so the order does not matter)."""
        tests = []
        a, b = left, right
        if ltype.nullable:
            a = self.b.temp()
            tests.append(f"({a} := {left}) is None")
        if rtype.nullable:
            b = self.b.temp()
            tests.append(f"({b} := {right}) is None")
        value = template.format(a=a, b=b)
        if not tests:
            return f"({value})"
        return f"(None if {' or '.join(tests)} else {value})"

    # Paths (traced mode only): a Python expression building the model path of a node's value.
    def path(self, node: Node) -> str:
        if isinstance(node, Root):
            return "_p_root"
        if isinstance(node, Var):
            return path_name(node.name)
        if isinstance(node, Field):
            return f"({self.path(node.obj)} + {'.' + node.name!r})"
        if isinstance(node, Aggregate) and node.fn == "first":
            where = f"[where {node.cond.src if node.cond else '*'}]"
            return f"({self.path(node.source)} + {where!r})"
        return repr(node.src)

    def expr(self, node: Node) -> str:
        method = getattr(self, f"_{type(node).__name__}")
        result: str = method(node)
        return result

    def _Const(self, node: Const) -> str:
        if isinstance(node.value, bool | int | str):
            return repr(node.value)
        return self.b.const(node.value)

    def _Root(self, node: Root) -> str:
        return "root"

    def _Var(self, node: Var) -> str:
        return var_name(node.name)

    def _Special(self, node: Special) -> str:
        return f"X.{node.name}"

    def _Field(self, node: Field) -> str:
        obj = self.expr(node.obj)
        if not node.obj.type.nullable:
            value = f"{obj}.{node.name}"
        elif self._inline():
            t = self.b.temp()
            value = f"(None if ({t} := {obj}) is None else {t}.{node.name})"
        else:
            value = f"rt.attr({obj}, {node.name!r})"
        if self.traced and node.type.kind not in ("object", "list"):
            hook = "read_optional" if self.optional else "read"
            return f"X.recorder.{hook}({self.path(node)}, {value})"
        return value

    def _ParamRef(self, node: ParamRef) -> str:
        value = f"X.params[{node.id!r}]"
        if node.key is not None:
            if self.traced:  # a missing key is the key's missing fact, not an unset parameter
                return f"X.recorder.param_at({node.id!r}, {value}, {self.expr(node.key)})"
            value = f"rt.pkey({value}, {self.expr(node.key)})"
        if self.traced:
            return f"X.recorder.param({node.id!r}, {value})"
        return value

    def _Compare(self, node: Compare) -> str:
        counted = count_threshold(node)
        if counted is not None:
            count, op, other = counted
            assert count.cond is not None  # count_threshold guarantees a filter
            conds = f"({self.expr(count.cond)} {self._loop(count)})"
            if self.traced:
                return (
                    f"X.recorder.count_compare({count.src!r}, {op!r}, {other.src!r}, "
                    f"{conds}, {self.expr(other)})"
                )
            return f"rt.count_compare({op!r}, {conds}, {self.expr(other)})"
        left, right = self.expr(node.left), self.expr(node.right)
        if self.traced:
            return (
                f"X.recorder.compare({node.left.src!r}, {node.op!r}, {node.right.src!r}, "
                f"{left}, {right})"
            )
        if self._inline(node):
            return self._lazy_pair(
                "{a} " + node.op + " {b}", left, right, node.left.type, node.right.type
            )
        if node.left.type.nullable or node.right.type.nullable:
            return f"rt.{_COMPARE_HELPER[node.op]}({left}, {right})"
        return f"({left} {node.op} {right})"

    def _In(self, node: In) -> str:
        options = self.b.const(frozenset(node.options))
        elem = self.expr(node.elem)
        if node.elem.type.nullable and self._inline():
            t = self.b.temp()
            test = "not in" if node.negate else "in"
            return f"(None if ({t} := {elem}) is None else {t} {test} {options})"
        if node.elem.type.nullable:
            return f"rt.{'notin' if node.negate else 'isin'}({elem}, {options})"
        return f"({elem} {'not in' if node.negate else 'in'} {options})"

    def _BoolOp(self, node: BoolOp) -> str:
        parts = [self.expr(o) for o in node.operands]
        nullable = any(o.type.nullable for o in node.operands)
        if nullable and self._inline(node):
            return self.kleene(
                node.op, [(p, o.type.nullable) for p, o in zip(parts, node.operands, strict=True)]
            )
        if self.traced or nullable:
            helper = "kand" if node.op == "and" else "kor"
            return f"rt.{helper}(({', '.join(parts)},))"
        return "(" + f" {node.op} ".join(parts) + ")"

    def _Not(self, node: Not) -> str:
        inner = self.expr(node.operand)
        if node.operand.type.nullable and self._inline():
            t = self.b.temp()
            return f"(None if ({t} := {inner}) is None else not {t})"
        return f"rt.knot({inner})" if node.operand.type.nullable else f"(not {inner})"

    def _Arith(self, node: Arith) -> str:
        left, right = self.expr(node.left), self.expr(node.right)
        if node.op == "/":
            return f"rt.div({left}, {right})"
        if self._inline(node):
            return self._lazy_pair(
                "({a} " + node.op + " {b})", left, right, node.left.type, node.right.type
            )
        if node.left.type.nullable or node.right.type.nullable:
            return f"rt.{_ARITH_HELPER[node.op]}({left}, {right})"
        return f"({left} {node.op} {right})"

    def _Neg(self, node: Neg) -> str:
        inner = self.expr(node.operand)
        return f"rt.neg({inner})" if node.operand.type.nullable else f"(-{inner})"

    def _IfElse(self, node: IfElse) -> str:
        cond = self.expr(node.cond)
        then, orelse = self.expr(node.then), self.expr(node.orelse)
        if node.cond.type.nullable:
            c = self.b.temp()
            return f"(None if ({c} := {cond}) is None else ({then} if {c} else {orelse}))"
        return f"({then} if {cond} else {orelse})"

    def _Call(self, node: Call) -> str:
        fn = node.fn
        args = []
        for i, a in enumerate(node.args):
            optional = i == 0 and fn in ("coalesce", "exists")
            self.optional += optional
            try:
                args.append(self.expr(a))
            finally:
                self.optional -= optional
        if fn in ("months_between", "years_between", "days_between"):
            if self._inline(node):
                helper = {"months_between": "whole_months_between",
                          "years_between": "whole_years_between",
                          "days_between": "whole_days_between"}[fn]
                return self._lazy_pair(
                    f"rt.{helper}({{a}}, {{b}})", args[0], args[1], *(a.type for a in node.args)
                )
            return f"rt.{fn.split('_')[0]}({args[0]}, {args[1]})"
        if fn == "coalesce" and self._inline(node):
            t = self.b.temp()
            return f"({args[1]} if ({t} := {args[0]}) is None else {t})"
        simple = {
            "add_months": "plus_months",
            "add_years": "plus_years",
            "add_days": "plus_days_k",
            "floor_fen": "floor_fen",
            "year": "year",
            "coalesce": "coalesce",
        }
        if fn in simple:
            return f"rt.{simple[fn]}({', '.join(args)})"
        if fn == "exists":
            return f"({args[0]} is not None)"
        if fn == "len":
            return f"len({args[0]})"
        if fn == "covered_months":
            until = args[1] if len(args) == 2 else "X.as_of"
            return f"rt.covered({args[0]}, {until})"
        if fn in ("min", "max"):
            if any(a.type.nullable for a in node.args):
                return f"rt.k{fn}(({', '.join(args)},))"
            return f"{fn}({', '.join(args)})"
        raise AssertionError(f"no code for function {fn}")  # the checker admits no other

    def _CategoryCall(self, node: CategoryCall) -> str:
        subject = self.expr(node.subject)
        fn = category_function(node.category, self.traced)
        path = self.path(node.subject) if self.traced else "None"
        if node.subject.type.nullable:  # e.g. first(...): no subject means an unknown verdict
            return f"rt.category_of({fn}, {subject}, {path}, X)"
        return f"{fn}({subject}, {path}, X)"

    def _Aggregate(self, node: Aggregate) -> str:
        if not self.traced:
            direct = self._aggregate_direct(node)
            if direct is not None:
                return direct
        source = self.expr(node.source)
        loop = self._loop(node)
        if node.fn == "count":
            if node.cond is None:
                return f"len({source})"
            return f"rt.agg_count(({self.expr(node.cond)} {loop}))"
        elem = self.expr(node.elem)
        if node.fn in ("any", "all") and self._inline(node):
            return self._lazy_any_all(node, elem, loop)
        if node.cond is None:
            pairs = f"((True, {elem}) {loop})"
        else:
            c = self.b.temp()
            pairs = f"(({c}, {elem} if {c} else None) {loop} for {c} in ({self.expr(node.cond)},))"
        value = f"rt.agg_{node.fn}({pairs})"
        if self.traced and node.fn == "first":
            return f"X.recorder.found({self.path(node)}, {value})"
        return value

    def _lazy_any_all(self, node: Aggregate, elem: str, loop: str) -> str:
        """``any``/``all`` stopping at the first item that decides it (no item can raise).

        As the pair helpers read them: an item whose filter is unknown counts as unknown (its
        element is not looked at), one whose filter fails as False for ``any`` and True for
        ``all``, one whose filter holds as its element.
        """
        skip = "False" if node.fn == "any" else "True"
        if node.cond is None:
            value = elem
        elif node.cond.type.nullable:
            t = self.b.temp()
            cond = self.expr(node.cond)
            value = f"(None if ({t} := {cond}) is None else {elem} if {t} else {skip})"
        else:
            value = f"({elem} if {self.expr(node.cond)} else {skip})"
        return f"rt.{'kany' if node.fn == 'any' else 'kall'}({value} {loop})"

    def _loop(self, node: Aggregate) -> str:
        """The ``for`` clause of an aggregate; traced, it also binds each item's model path."""
        v = var_name(node.var)
        source = self.iterable(node.source)
        if not self.traced:
            return f"for {v} in {source}"
        i = f"_i_{node.var}"
        return (
            f"for {i}, {v} in enumerate({source}) "
            f"for {path_name(node.var)} in ({self.path(node.source)} + '[' + str({i}) + ']',)"
        )

    def _aggregate_direct(self, node: Aggregate) -> str | None:
        """Plain Python for an aggregate whose filter and elements can never be missing.

        The three-valued helpers (``rt.agg_*``) pair each element with its filter value so that
        a missing one makes the result missing; when neither can be missing, Python's own
        ``sum``/``any``/``all``/``min``/``max`` give the same values, evaluating the same
        expressions in the same order (every element of ``any``/``all`` is still evaluated).
        """
        cond, elem = node.cond, node.elem
        if cond is not None and cond.type.nullable:
            return None
        v = var_name(node.var)
        loop = f"for {v} in {self.iterable(node.source)}"
        if cond is not None:
            loop += f" if {self.expr(cond)}"
        if node.fn == "count":
            return f"len({self.expr(node.source)})" if cond is None else f"sum(1 {loop})"
        if node.fn == "first":  # the first element that passes, missing or not; None if none
            return f"next(({self.expr(elem)} {loop}), None)"
        if elem.type.nullable:
            return None
        if node.fn == "sum":
            return f"sum(({self.expr(elem)} {loop}), 0)"
        if node.fn in ("any", "all"):
            if self._inline(node):  # no item can raise: stop at the first that decides
                return f"{node.fn}({self.expr(elem)} {loop})"
            return f"{node.fn}([{self.expr(elem)} {loop}])"
        if node.fn in ("min", "max"):
            return f"{node.fn}([{self.expr(elem)} {loop}], default=None)"
        return None
