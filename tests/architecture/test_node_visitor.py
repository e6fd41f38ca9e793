"""The abstract visitor names every node of the language, and a backend missing one fails."""

from __future__ import annotations

import inspect

import pytest

from zyjob_rules.engine.durable.conditions import FactConditions
from zyjob_rules.lang import nodes
from zyjob_rules.lang.types import INT
from zyjob_rules.lang.visitor import METHOD_OF, NodeVisitor


def _node_classes() -> set[type[nodes.Node]]:
    return {
        cls
        for _, cls in inspect.getmembers(nodes, inspect.isclass)
        if issubclass(cls, nodes.Node) and cls is not nodes.Node
    }


def test_dispatch_table_names_every_node_class() -> None:
    assert set(METHOD_OF) == _node_classes()


def test_every_dispatch_method_is_abstract() -> None:
    assert set(METHOD_OF.values()) == set(NodeVisitor.__abstractmethods__)


def test_a_backend_that_forgets_a_node_cannot_be_instantiated() -> None:
    class Forgetful(NodeVisitor[str]):
        def visit_const(self, node: nodes.Const) -> str:
            return repr(node.value)

    with pytest.raises(TypeError, match="abstract"):
        Forgetful()  # type: ignore[abstract]


def test_visit_dispatches_on_the_node_class() -> None:
    methods = {name: (lambda self, node, n=name: n) for name in METHOD_OF.values()}
    Namer = type("Namer", (NodeVisitor,), methods)
    namer = Namer()
    assert namer.visit(nodes.Const(INT, "1", 1)) == "visit_const"
    assert namer.visit(nodes.Neg(INT, "-x", nodes.Var(INT, "x", "x"))) == "visit_neg"
    with pytest.raises(TypeError, match="cannot visit Node"):
        namer.visit(nodes.Node(INT, "?"))


def test_the_durable_condition_compiler_is_a_complete_visitor() -> None:
    assert issubclass(FactConditions, NodeVisitor)
    assert FactConditions.__abstractmethods__ == frozenset()
    assert all(name in FactConditions.__dict__ for name in METHOD_OF.values())
