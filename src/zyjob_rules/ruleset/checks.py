"""Checks across entries and files, once every entry is read and bound: no category defined in
terms of itself, no two versions of a rule in force at once, no reference to a missing rule.

Each check adds its problems (file, line, rule id) to the loader's :class:`Problems`.
"""

from __future__ import annotations

from ..lang.nodes import categories_used
from .checked import CheckedCategory
from .reading import ParsedFile, Problems, entries
from .schema import CategorySpec, RuleSpec
from .yaml_source import line_of


def reject_category_cycles(
    categories: dict[str, CheckedCategory],
    specs: dict[str, tuple[ParsedFile, CategorySpec, int]],
    errors: Problems,
) -> None:
    """A category that uses itself, directly or through others."""

    def uses(cid: str) -> set[str]:
        return {u for c in categories[cid].conditions for u in categories_used(c.node)}

    for start in categories:
        stack, seen = [start], set()
        while stack:
            current = stack.pop()
            for used in uses(current):
                if used == start:
                    p, _, index = specs[start]
                    errors.add(
                        p.file,
                        line_of(p.data, ("categories", index)),
                        start,
                        f"category '{start}' is defined in terms of itself",
                    )
                    stack = []
                    break
                if used not in seen and used in categories:
                    seen.add(used)
                    stack.append(used)


def check_rule_versions(parsed: list[ParsedFile], errors: Problems) -> None:
    """Two versions of one rule id whose effective periods overlap."""
    seen: dict[str, list[tuple[RuleSpec, str]]] = {}
    for p, index, spec in entries(parsed, "rules"):
        for other, other_file in seen.get(spec.id, []):
            if spec.effective.overlaps(other.effective):
                line = line_of(p.data, ("rules", index, "effective"))
                errors.add(
                    p.file,
                    line,
                    spec.id,
                    f"rule id '{spec.id}' is defined twice with overlapping effective periods "
                    f"(also in {other_file}); give each version its own from/until",
                )
        seen.setdefault(spec.id, []).append((spec, p.file))


def check_rule_references(parsed: list[ParsedFile], errors: Problems) -> None:
    """``not_cumulative_with`` naming no rule."""
    ids = {spec.id for _, _, spec in entries(parsed, "rules")}
    for p, index, spec in entries(parsed, "rules"):
        for other in spec.not_cumulative_with:
            if other not in ids:
                line = line_of(p.data, ("rules", index, "not_cumulative_with"))
                errors.add(p.file, line, spec.id, f"not_cumulative_with: no rule with id '{other}'")
