"""One abstract visitor over the nodes of the language: every backend handles every node.

A backend (the scalar code generator, the durable_rules condition compiler, the columnar
expression builder) subclasses :class:`NodeVisitor` and implements one ``visit_*`` method per
node class of :mod:`.nodes`. The methods are abstract, so a backend that forgets a node cannot
be instantiated, and ``mypy`` reports it ("Cannot instantiate abstract class ... with abstract
attribute visit_..."): adding a node to the language is a type error wherever it is not handled
(the design of ``mypy/visitor.py``).

``visit(node)`` dispatches on the node's exact class through one table, checked by a test to
name every node class.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Generic, TypeVar

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

T = TypeVar("T")

# The method that handles each node class (exact class: nodes are not subclassed further).
METHOD_OF: dict[type[Node], str] = {
    Const: "visit_const",
    Root: "visit_root",
    Special: "visit_special",
    Var: "visit_var",
    Field: "visit_field",
    ParamRef: "visit_param_ref",
    Compare: "visit_compare",
    In: "visit_in",
    BoolOp: "visit_bool_op",
    Not: "visit_not",
    Arith: "visit_arith",
    Neg: "visit_neg",
    Call: "visit_call",
    Aggregate: "visit_aggregate",
    CategoryCall: "visit_category_call",
    IfElse: "visit_if_else",
}


class NodeVisitor(ABC, Generic[T]):
    """Maps each node of a checked expression tree to a ``T`` (source text, a pattern, ...)."""

    def visit(self, node: Node) -> T:
        """Dispatch ``node`` to the method of its class."""
        name = METHOD_OF.get(type(node))
        if name is None:
            raise TypeError(f"{type(self).__name__} cannot visit {type(node).__name__}")
        result: T = getattr(self, name)(node)
        return result

    @abstractmethod
    def visit_const(self, node: Const) -> T: ...

    @abstractmethod
    def visit_root(self, node: Root) -> T: ...

    @abstractmethod
    def visit_special(self, node: Special) -> T: ...

    @abstractmethod
    def visit_var(self, node: Var) -> T: ...

    @abstractmethod
    def visit_field(self, node: Field) -> T: ...

    @abstractmethod
    def visit_param_ref(self, node: ParamRef) -> T: ...

    @abstractmethod
    def visit_compare(self, node: Compare) -> T: ...

    @abstractmethod
    def visit_in(self, node: In) -> T: ...

    @abstractmethod
    def visit_bool_op(self, node: BoolOp) -> T: ...

    @abstractmethod
    def visit_not(self, node: Not) -> T: ...

    @abstractmethod
    def visit_arith(self, node: Arith) -> T: ...

    @abstractmethod
    def visit_neg(self, node: Neg) -> T: ...

    @abstractmethod
    def visit_call(self, node: Call) -> T: ...

    @abstractmethod
    def visit_aggregate(self, node: Aggregate) -> T: ...

    @abstractmethod
    def visit_category_call(self, node: CategoryCall) -> T: ...

    @abstractmethod
    def visit_if_else(self, node: IfElse) -> T: ...


__all__ = ["METHOD_OF", "NodeVisitor"]
