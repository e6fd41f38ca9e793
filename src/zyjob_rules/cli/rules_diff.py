"""``zyjob-rules rules diff OLD NEW``: what changed between two rules directories, in words.

Rules, categories and parameters are matched by id. For each: added, removed, or changed —
and for a changed one, what changed: its title, clause, kind, effective period, amount,
each condition (added, removed, or its expression), each dated parameter value (``from
2017-12-12: 6 → 3 months``). Equal directories print "no differences" and exit 0; differences
exit 0 too (``--exit-code`` makes them exit 1, as ``git diff`` does). Invalid rules exit 1.

The bundled rules carry a version: ``rules/CHANGELOG.md`` opens with a table of rules versions,
their content hash and the package version that shipped them; ``bundled_rules_release()`` reads
the row of the bundled rules' hash (a test keeps the table and the package version honest).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..ruleset.checked import CheckedRule, RuleSet
from ..ruleset.loader import load_ruleset
from ..ruleset.parameters import Parameter, ParamValue
from ..ruleset.paths import bundled_rules_dir

_RULE_FIELDS = ("title", "clause", "kind", "beneficiary", "effective", "amount",
                "amount_is_maximum", "caveat", "lead_department", "not_cumulative_with", "quote")


def _show(value: Any) -> str:
    if isinstance(value, dict):
        if set(value) >= {"zh", "en"}:
            return f"{value['zh']} / {value['en']}"
        return ", ".join(f"{k}: {_show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return "none" if value is None else str(value)


def _conditions(rule: Any) -> dict[str, str]:
    """Every condition's expression by id (a for_each's item conditions too)."""
    spec = rule.spec
    items = spec.for_each.conditions if spec.for_each is not None else []
    return {c.id: c.when for c in [*spec.applies_when, *spec.conditions, *items]}


def _rule_changes(old: CheckedRule, new: CheckedRule) -> list[str]:
    out = []
    a, b = old.spec.model_dump(mode="json", by_alias=True), new.spec.model_dump(
        mode="json", by_alias=True)
    for name in _RULE_FIELDS:
        if a.get(name) != b.get(name):
            out.append(f"{name}: {_show(a.get(name))} → {_show(b.get(name))}")
    fa, fb = a.get("for_each") or {}, b.get("for_each") or {}
    for name in ("items", "as", "amount"):
        if fa.get(name) != fb.get(name):
            out.append(f"for_each.{name}: {_show(fa.get(name))} → {_show(fb.get(name))}")
    ca, cb = _conditions(old), _conditions(new)
    for cid in ca.keys() - cb.keys():
        out.append(f"condition '{cid}' removed (was: {ca[cid]})")
    for cid in cb.keys() - ca.keys():
        out.append(f"condition '{cid}' added: {cb[cid]}")
    for cid in sorted(ca.keys() & cb.keys()):
        if ca[cid] != cb[cid]:
            out.append(f"condition '{cid}': {ca[cid]} → {cb[cid]}")
    return out


def _value(param: Parameter, v: ParamValue | None) -> str:
    if v is None:
        return "none"
    if v.value is None:
        return "left to other regulations"
    if isinstance(v.value, dict):
        return ", ".join(f"{k} {_unit(param, x)}" for k, x in v.value.items())
    return _unit(param, v.value)


def _unit(param: Parameter, value: Any) -> str:
    if value is None:
        return "unset"
    unit = param.unit.value
    return f"{value} {'yuan' if unit == 'yuan' else unit}" if unit not in ("rate", "flag") \
        else str(value)


def _param_changes(old: Parameter, new: Parameter) -> list[str]:
    out = []
    if old.unit != new.unit:
        out.append(f"unit: {old.unit.value} → {new.unit.value}")
    va = {v.effective_from: v for v in old.values}
    vb = {v.effective_from: v for v in new.values}
    for day in sorted(va.keys() | vb.keys()):
        x, y = va.get(day), vb.get(day)
        if x is None:
            out.append(f"new value from {day}: {_value(new, y)}")
        elif y is None:
            out.append(f"value from {day} removed (was {_value(old, x)})")
        elif x.value != y.value:
            out.append(f"from {day}: {_value(old, x)} → {_value(new, y)}")
        elif x.source != y.source:
            out.append(f"from {day}: source changed ({x.source} → {y.source})")
    return out


@dataclass
class RulesDiff:
    """The differences between two rule sets, as lines of words (empty: none)."""

    lines: list[str]

    @property
    def empty(self) -> bool:
        return not self.lines


def _by_id(rules: Iterable[CheckedRule]) -> dict[str, list[CheckedRule]]:
    out: dict[str, list[CheckedRule]] = {}
    for r in rules:
        out.setdefault(r.id, []).append(r)
    return out


def diff_rulesets(old: RuleSet, new: RuleSet) -> RulesDiff:
    """Rules, categories and parameters added, removed and changed from ``old`` to ``new``."""
    lines: list[str] = []
    ra, rb = _by_id(old.rules), _by_id(new.rules)
    for rid in sorted(ra.keys() - rb.keys()):
        lines.append(f"rule removed: {rid} {ra[rid][0].spec.clause} {ra[rid][0].spec.title.en}")
    for rid in sorted(rb.keys() - ra.keys()):
        lines.append(f"rule added: {rid} {rb[rid][0].spec.clause} {rb[rid][0].spec.title.en}")
    for rid in sorted(ra.keys() & rb.keys()):
        olds = {str(r.spec.effective.from_): r for r in ra[rid]}
        news = {str(r.spec.effective.from_): r for r in rb[rid]}
        if len(olds) == len(news) == 1:
            olds, news = {"": ra[rid][0]}, {"": rb[rid][0]}
        for day in sorted(olds.keys() | news.keys()):
            label = f"rule {rid}" + (f" (version from {day})" if day else "")
            if day not in news:
                lines.append(f"{label} removed")
            elif day not in olds:
                lines.append(f"{label} added")
            else:
                lines += [f"{label} changed: {c}" for c in _rule_changes(olds[day], news[day])]
    ca, cb = old.categories, new.categories
    for cid in sorted(ca.keys() - cb.keys()):
        lines.append(f"category removed: {cid}")
    for cid in sorted(cb.keys() - ca.keys()):
        lines.append(f"category added: {cid}")
    for cid in sorted(ca.keys() & cb.keys()):
        a, b = ca[cid].spec, cb[cid].spec
        if a != b:
            wa = {c.id: c.when for c in a.conditions}
            wb = {c.id: c.when for c in b.conditions}
            what = [f"condition '{k}': {wa.get(k, 'none')} → {wb.get(k, 'none')}"
                    for k in sorted(wa.keys() | wb.keys()) if wa.get(k) != wb.get(k)]
            if a.combine != b.combine:
                what.append(f"combine: {a.combine} → {b.combine}")
            lines += [f"category {cid} changed: {w}" for w in what or ["title or quote"]]
    pa, pb = old.parameters, new.parameters
    for pid in sorted(pa.keys() - pb.keys()):
        lines.append(f"parameter removed: {pid}")
    for pid in sorted(pb.keys() - pa.keys()):
        lines.append(f"parameter added: {pid} = {_value(pb[pid], pb[pid].values[-1])}")
    for pid in sorted(pa.keys() & pb.keys()):
        lines += [f"parameter {pid} changed: {c}" for c in _param_changes(pa[pid], pb[pid])]
    return RulesDiff(lines)


_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*(sha256:[0-9a-f]+)\s*\|\s*([^|]+?)\s*\|")


def changelog_releases(path: Path | None = None) -> list[tuple[str, str, str]]:
    """(rules version, content hash, package version) per row of rules/CHANGELOG.md's table,
    newest first."""
    path = path or bundled_rules_dir() / "CHANGELOG.md"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if m:
            rows.append((m.group(1), m.group(2), m.group(3)))
    return rows


def bundled_rules_release() -> tuple[str, str, str] | None:
    """The CHANGELOG row of the bundled rules' current content hash (None: not recorded)."""
    from ..ruleset.loader import bundled_ruleset

    digest = bundled_ruleset().version
    return next((row for row in changelog_releases() if row[1] == digest), None)


def _diff(args: argparse.Namespace) -> int:
    old, new = load_ruleset(args.old), load_ruleset(args.new)
    result = diff_rulesets(old, new)
    print(f"rules diff {args.old} ({old.version}) → {args.new} ({new.version})")
    if result.empty:
        print("no differences")
        return 0
    for line in result.lines:
        print(f"  {line}")
    print(f"{len(result.lines)} difference(s)")
    return 1 if args.exit_code else 0


def register(actions: Any) -> None:
    """Add ``diff`` to the ``rules`` command's actions."""
    p = actions.add_parser("diff", help="what changed between two rules directories, in words")
    p.add_argument("old", help="the old rules directory")
    p.add_argument("new", help="the new rules directory")
    p.add_argument("--exit-code", action="store_true", help="exit 1 when they differ")
    p.set_defaults(handler=_diff)

