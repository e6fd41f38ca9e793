"""One abstract visitor over the nodes of the language: every backend handles every node.

A backend (the scalar code generator, the durable_rules condition compiler, the columnar
expression builder) subclasses :class:`NodeVisitor` and implements one ``visit_*`` method per
node class of :mod:`.nodes`. The methods are abstract, so a backend that forgets a node cannot
be instantiated, and ``mypy`` reports it ("Cannot instantiate abstract class ... with abstract
attribute visit_..."): adding a node to the language is a type error wherever it is not handled
(the design of ``mypy/visitor.py``).

``visit(node)`` dispatches on the node's exact class through one table, checked by a test to
name every node class. The node classes are listed once, in :mod:`.nodes`; a visitor names them
through the module (``nodes.Compare``), not by repeating the list in an import.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Generic, TypeVar

from . import nodes

T = TypeVar("T")

# The method that handles each node class (exact class: nodes are not subclassed further).
METHOD_OF: dict[type[nodes.Node], str] = {
    nodes.Const: "visit_const",
    nodes.Root: "visit_root",
    nodes.Special: "visit_special",
    nodes.Var: "visit_var",
    nodes.Field: "visit_field",
    nodes.ParamRef: "visit_param_ref",
    nodes.Compare: "visit_compare",
    nodes.In: "visit_in",
    nodes.BoolOp: "visit_bool_op",
    nodes.Not: "visit_not",
    nodes.Arith: "visit_arith",
    nodes.Neg: "visit_neg",
    nodes.Call: "visit_call",
    nodes.Aggregate: "visit_aggregate",
    nodes.CategoryCall: "visit_category_call",
    nodes.IfElse: "visit_if_else",
}


class NodeVisitor(ABC, Generic[T]):
    """Maps each node of a checked expression tree to a ``T`` (source text, a pattern, ...)."""

    def visit(self, node: nodes.Node) -> T:
        """Dispatch ``node`` to the method of its class."""
        name = METHOD_OF.get(type(node))
        if name is None:
            raise TypeError(f"{type(self).__name__} cannot visit {type(node).__name__}")
        result: T = getattr(self, name)(node)
        return result

    @abstractmethod
    def visit_const(self, node: nodes.Const) -> T: ...

    @abstractmethod
    def visit_root(self, node: nodes.Root) -> T: ...

    @abstractmethod
    def visit_special(self, node: nodes.Special) -> T: ...

    @abstractmethod
    def visit_var(self, node: nodes.Var) -> T: ...

    @abstractmethod
    def visit_field(self, node: nodes.Field) -> T: ...

    @abstractmethod
    def visit_param_ref(self, node: nodes.ParamRef) -> T: ...

    @abstractmethod
    def visit_compare(self, node: nodes.Compare) -> T: ...

    @abstractmethod
    def visit_in(self, node: nodes.In) -> T: ...

    @abstractmethod
    def visit_bool_op(self, node: nodes.BoolOp) -> T: ...

    @abstractmethod
    def visit_not(self, node: nodes.Not) -> T: ...

    @abstractmethod
    def visit_arith(self, node: nodes.Arith) -> T: ...

    @abstractmethod
    def visit_neg(self, node: nodes.Neg) -> T: ...

    @abstractmethod
    def visit_call(self, node: nodes.Call) -> T: ...

    @abstractmethod
    def visit_aggregate(self, node: nodes.Aggregate) -> T: ...

    @abstractmethod
    def visit_category_call(self, node: nodes.CategoryCall) -> T: ...

    @abstractmethod
    def visit_if_else(self, node: nodes.IfElse) -> T: ...


__all__ = ["METHOD_OF", "NodeVisitor"]
