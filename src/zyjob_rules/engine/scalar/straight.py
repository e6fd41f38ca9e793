"""One straight-line function per rule: the untraced answer in a single pass (issue #13 item 3).

``straight_rule`` generates, from the checked tree only (the expressions come from the plain
``ExpressionCompiler``; the only names it adds are its own locals), a function
``fast(root, X)`` that decides the rule for one subject: scope, conditions and items inlined
with lazy three-valued logic, the items looped once with their amounts summed in the same
loop, no list of values kept. It returns

- ``False``: the rule's negative outcome, with nothing else to report (no eligible_from can
  exist: a condition that is not a duration failed, or a fact was missing, or no duration at
  all falls short);
- ``True``: the positive outcome of a rule without an amount;
- a ``Decimal``: the positive outcome and its amount before rounding;
- ``rt.NOT_APPLICABLE``: the scope surely does not hold;
- ``None``: the answer needs what only the full walk finds (the missing facts of an unknown
  outcome, an eligible_from, the reason an amount is missing): the evaluator then walks the
  rule as before.

So the common answers cost one call and the rare ones cost what they did, and both give the
very same decision (``benchmarks/identity.py`` checks it on the example cases, the YAML suite
and thousands of generated cases). An operand is skipped only where skipping it cannot hide an
error the full walk would raise (``codegen.may_raise``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ...lang.nodes import Node
from ...ruleset.checked import CheckedCondition, CheckedRule
from .codegen import ExpressionCompiler, ModuleBuilder, may_raise, var_name


def straight_rule(
    builder: ModuleBuilder,
    compiler: ExpressionCompiler,
    rule: CheckedRule,
    is_probe: Callable[[Node], bool],
    name: str,
    into: list[str] | None = None,
) -> None:
    """Add the straight-line function ``name(root, X)`` of ``rule`` to ``builder`` (or to
    ``into``, see ``ModuleBuilder.add_function``)."""
    assert not compiler.traced
    raising = compiler.raising

    def raises(nodes: Sequence[Node | None]) -> bool:
        return any(n is not None and may_raise(n, raising) for n in nodes)

    body: list[str] = []
    if rule.scope:
        nodes = [c.node for c in rule.scope]
        parts = [(compiler.expr(n), n.type.nullable) for n in nodes]
        scope = (
            f"rt.kand(({', '.join(p for p, _ in parts)},))"
            if raises(nodes)
            else compiler.kleene("and", parts)
        )
        body += [
            f"_s = {scope}",
            "if _s is not True:",
            "    return None if _s is None else rt.NOT_APPLICABLE",
        ]
    has_items = rule.item_source is not None and rule.spec.for_each is not None
    item_nodes: list[Node | None] = []
    if has_items:
        item_nodes = [rule.item_source, *(c.node for c in rule.item_conditions), rule.item_amount]
    body.append("_un = _np = _pf = False")
    conds = rule.conditions
    for i, c in enumerate(conds):
        later = [d.node for d in conds[i + 1 :]] + item_nodes
        if is_probe(c.node):
            on_false = ["_pf = True"]
        elif raises(later):
            on_false = ["_np = True"]
        else:
            on_false = ["return False"]
        body += _judge(compiler, c, on_false, "_un")
    if has_items:
        body += _items(compiler, rule, is_probe, raises)
        body += [
            "if _np or (_pf and _un):",
            "    return False",
            "if _pf:",
            "    return None if (_any or _wait) else False",
            "if _any:",
            # An undecided item's missing facts belong to the positive decision too (#9 (c)).
            "    if _un or _unk:",
            "        return None",
        ]
        body += [f"    {line}" for line in _positive(compiler, rule)]
        body += [
            "if _unk:",
            "    return None",
            "return None if (_wait and not _un) else False",
        ]
    else:
        body += [
            "if _np or (_pf and _un):",
            "    return False",
            "if _pf or _un:",
            "    return None",
        ]
        body += _positive(compiler, rule)
    builder.add_function(name, ["root", "X"], body, into)


def straight_verdict(
    builder: ModuleBuilder,
    compiler: ExpressionCompiler,
    rule: CheckedRule,
    name: str,
    into: list[str] | None = None,
) -> None:
    """Add ``name(root, X)``: the rule's three-valued verdict alone (no amount), as
    ``RuleEvaluator.verdict`` gives it, deciding as soon as the answer is known (eligible_from
    asks it on a few candidate days)."""
    assert not compiler.traced
    raising = compiler.raising

    def raises(nodes: Sequence[Node | None]) -> bool:
        return any(n is not None and may_raise(n, raising) for n in nodes)

    body: list[str] = []
    if rule.scope:
        nodes = [c.node for c in rule.scope]
        parts = [(compiler.expr(n), n.type.nullable) for n in nodes]
        scope = (
            f"rt.kand(({', '.join(p for p, _ in parts)},))"
            if raises(nodes)
            else compiler.kleene("and", parts)
        )
        body += [f"if {scope} is not True:", "    return False"]
    body.append("_un = _np = False")
    conds = rule.conditions
    for i, c in enumerate(conds):  # the items are not looked at once the rule fails
        on_false = ["_np = True"] if raises([d.node for d in conds[i + 1 :]]) else ["return False"]
        body += _judge(compiler, c, on_false, "_un")
    body += ["if _np:", "    return False"]
    if rule.item_source is None or rule.spec.for_each is None:
        body.append("return None if _un else True")
        builder.add_function(name, ["root", "X"], body, into)
        return
    var = var_name(rule.spec.for_each.as_)
    item_conds = rule.item_conditions
    body += ["_any = _unk = False", f"for {var} in {compiler.expr(rule.item_source)}:"]
    loop = ["_iu = _inp = False"]
    for j, c in enumerate(item_conds):
        later = [d.node for d in item_conds[j + 1 :]]
        loop += _judge(compiler, c, ["_inp = True"] if raises(later) else ["continue"], "_iu")
    loop += ["if _inp:", "    continue", "if _iu:", "    _unk = True", "    continue"]
    if raises([c.node for c in item_conds]):
        loop.append("_any = True")  # the later items are still evaluated, as the walk does
    else:
        loop += ["_any = True", "break"]
    body += [f"    {line}" for line in loop]
    body += [
        "if _any:",
        "    return None if _un else True",
        "return None if _unk else False",
    ]
    builder.add_function(name, ["root", "X"], body, into)


def _judge(
    compiler: ExpressionCompiler, c: CheckedCondition, on_false: list[str], unknown: str
) -> list[str]:
    """Statements evaluating one condition: ``unknown`` set when it is missing, ``on_false``
    run when it fails."""
    return [
        f"_c = {compiler.expr(c.node)}",
        "if _c is not True:",
        "    if _c is None:",
        f"        {unknown} = True",
        "    else:",
        *(f"        {line}" for line in on_false),
    ]


def _items(
    compiler: ExpressionCompiler,
    rule: CheckedRule,
    is_probe: Callable[[Node], bool],
    raises: Callable[[Sequence[Node | None]], bool],
) -> list[str]:
    """The one loop over the items: which qualify (``_any``), which are unknown (``_unk``),
    which fail only by a duration (``_wait``: an eligible_from may exist), and the sum of the
    qualifying items' amounts (``_total``; ``_miss`` when one is missing)."""
    assert rule.item_source is not None and rule.spec.for_each is not None
    var = var_name(rule.spec.for_each.as_)
    lines = [
        "_any = _unk = _wait = _miss = False",
        "_total = rt.ZERO",
        f"for {var} in {compiler.expr(rule.item_source)}:",
    ]
    loop = ["_iu = _ip = _inp = False"]
    conds = rule.item_conditions
    for j, c in enumerate(conds):
        later = [d.node for d in conds[j + 1 :]] + [rule.item_amount]
        if is_probe(c.node):
            on_false = ["_ip = True"]
        elif raises(later):
            on_false = ["_inp = True"]
        else:
            on_false = ["continue"]
        loop += _judge(compiler, c, on_false, "_iu")
    loop += [
        "if _inp:",
        "    continue",
        "if _ip:",
        "    if not _iu:",
        "        _wait = True",
        "    continue",
        "if _iu:",
        "    _unk = True",
        "    continue",
        "_any = True",
    ]
    if rule.item_amount is not None:
        loop += [
            f"_a = {compiler.expr(rule.item_amount)}",
            "if _a is None:",
            "    _miss = True",
            "else:",
            "    _total += rt.Decimal(_a)",
        ]
    return lines + [f"    {line}" for line in loop]


def _positive(compiler: ExpressionCompiler, rule: CheckedRule) -> list[str]:
    """Statements returning the positive answer: its amount (None when one is missing)."""
    if rule.amount is not None:
        return [
            f"_a = {compiler.expr(rule.amount)}",
            "return None if _a is None else rt.Decimal(_a)",
        ]
    if rule.item_amount is not None:
        return ["return None if _miss else _total"]
    return ["return True"]
