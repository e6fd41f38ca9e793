"""Which parts of a subject's nested fields the compiled rules read, to prune the rest.

A list of items such as ``organisation.hires`` holds, per hire, the whole worker (a Person with
fifty fields and lists of its own). Every gather of such a column (an explode repeating it, a
join, a filter) copies all of it, although the rules read a handful of fields. :class:`Usage`
walks the checked trees of the rules of one subject kind and records the *paths* they read
(``("hires", "[]", "worker", "id")``); :func:`pruned` rebuilds each struct or list column with
only those fields, once per batch, before any step runs.

Conservative: a value used as a whole (compared, passed to ``covered_months``, the element of a
``first()``), or anything the walk cannot follow, keeps its whole subtree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel

from ...lang.nodes import Aggregate, Call, CategoryCall, Field, Node, Root, Var, children
from ...lang.types import Type, fields_of
from ...ruleset.checked import CheckedCategory, CheckedRule

if TYPE_CHECKING:
    import polars as pl

Path = tuple[str, ...]
ITEM = "[]"  # the path step from a list to its items
PRESENT_ONLY = ("len", "exists")  # calls that read a value's presence or length, not its fields


@dataclass
class Usage:
    """Paths read by the rules of one subject kind (from the subject, ``()``)."""

    categories: dict[str, CheckedCategory]
    seen: set[Path] = field(default_factory=set)  # read (or a prefix of something read)
    whole: set[Path] = field(default_factory=set)  # read as a whole value: keep everything
    _walked: set[tuple[str, Path]] = field(default_factory=set)

    def add_rule(self, rule: CheckedRule) -> None:
        for c in (*rule.scope, *rule.conditions):
            self.walk(c.node, {}, ())
        if rule.amount is not None:
            self.walk(rule.amount, {}, ())
        if rule.item_source is not None:
            assert rule.spec.for_each is not None
            source = self._iterate(rule.item_source, {}, ())
            env = {rule.spec.for_each.as_: None if source is None else (*source, ITEM)}
            for c in rule.item_conditions:
                self.walk(c.node, env, ())
            if rule.item_amount is not None:
                self.walk(rule.item_amount, env, ())

    def path_of(self, node: Node, env: dict[str, Path | None], root: Path | None) -> Path | None:
        """The path of a chain of field reads from the subject or a loop variable, else None."""
        if isinstance(node, Root):
            return root
        if isinstance(node, Var):
            return env.get(node.name)
        if isinstance(node, Field):
            base = self.path_of(node.obj, env, root)
            if base is None:
                return None
            path = (*base, node.name)
            self.seen.add(path)
            return path
        return None

    def _iterate(self, source: Node, env: dict[str, Path | None], root: Path | None) -> Path | None:
        path = self.path_of(source, env, root)
        if path is None:
            self.walk(source, env, root)
        return path

    def walk(self, node: Node, env: dict[str, Path | None], root: Path | None) -> None:
        if isinstance(node, Root | Var | Field):
            path = self.path_of(node, env, root)
            if path is not None:
                self.whole.add(path)
            elif isinstance(node, Field):
                self.walk(node.obj, env, root)
            return
        if isinstance(node, Aggregate):
            source = self._iterate(node.source, env, root)
            inner = {**env, node.var: None if source is None else (*source, ITEM)}
            self.walk(node.elem, inner, root)
            if node.cond is not None:
                self.walk(node.cond, inner, root)
            return
        if isinstance(node, CategoryCall):
            subject = self.path_of(node.subject, env, root)
            if subject is None:
                self.walk(node.subject, env, root)
                return
            key = (node.category, subject)
            if key not in self._walked:
                self._walked.add(key)
                for c in self.categories[node.category].conditions:
                    self.walk(c.node, {}, subject)
            return
        if isinstance(node, Call) and node.fn in PRESENT_ONLY:
            for arg in node.args:
                if self.path_of(arg, env, root) is None:
                    self.walk(arg, env, root)
            return
        for child in children(node):
            self.walk(child, env, root)

    def keeps_all(self, path: Path) -> bool:
        return any(path[:i] in self.whole for i in range(len(path) + 1))


def pruned(usage: Usage, model: type[BaseModel], names: Iterable[str]) -> list[pl.Expr]:
    """``r.<field>`` columns of nested fields (of ``names``) rebuilt with what the rules read."""
    types = fields_of(model)
    out = []
    for name in names:
        tp = types[name]
        if tp.kind not in ("object", "list") or usage.keeps_all((name,)):
            continue
        if (name,) not in usage.seen:
            continue  # not read at all: projection pushdown drops it
        import polars as pl

        out.append(_prune(pl.col(f"r.{name}"), tp, (name,), usage).alias(f"r.{name}"))
    return out


def _prune(expr: pl.Expr, tp: Type, path: Path, usage: Usage) -> pl.Expr:
    import polars as pl

    if usage.keeps_all(path):
        return expr
    if tp.kind == "list" and tp.item is not None and tp.item.kind in ("object", "list"):
        return expr.list.eval(_prune(pl.element(), tp.item, (*path, ITEM), usage))
    if tp.kind == "object" and tp.model is not None:
        types = fields_of(tp.model)
        kept = [n for n in types if (*path, n) in usage.seen] or list(types)[:1]
        struct = pl.struct(
            [_prune(expr.struct.field(n), types[n], (*path, n), usage).alias(n) for n in kept]
        )
        return pl.when(expr.is_null()).then(None).otherwise(struct)
    return expr
