"""``rules list`` and ``rules show``: the arguments and the two commands, read by policy staff.

``rules list`` prints one line per rule (each dated version): clause, id, beneficiary, kind,
amount status and effective period. ``rules show ID`` prints one rule in full: title, clause,
quote, conditions in words with their expressions, the categories they use, the amount, and
every parameter involved with its value on the chosen date and its source.

What a rule reads and how its amount is set is asked of :mod:`zyjob_rules.ruleset.queries`;
the text is laid out by :mod:`zyjob_rules.cli.rule_text`.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from typing import Any

from ..api import load_ruleset
from ..assessment_date import today
from ..ruleset.checked import RuleSet
from ..ruleset.queries import version_for
from . import rules_diff
from .rule_commands import _iso_date
from .rule_text import render_list, render_rule


def _load(args: argparse.Namespace) -> RuleSet:
    return load_ruleset(args.rules) if args.rules else load_ruleset()


def _list(args: argparse.Namespace) -> int:
    ruleset = _load(args)
    print(render_list(ruleset, args.as_of or today(), args.lang), end="")
    return 0


def _show(args: argparse.Namespace) -> int:
    ruleset = _load(args)
    versions = ruleset.versions(args.rule_id)
    if not versions:
        close = difflib.get_close_matches(args.rule_id, ruleset.rule_ids(), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        print(f"error: no rule with id '{args.rule_id}'{hint}", file=sys.stderr)
        return 1
    day = args.as_of or today()
    print(render_rule(version_for(versions, day), ruleset, day, args.lang), end="")
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument(
        "--as-of",
        type=_iso_date,
        default=None,
        help="date of the parameter values YYYY-MM-DD (default: today)",
    )
    p.add_argument("--rules", help="rules directory (default: the bundled rules)")


def register(sub: Any) -> None:
    p = sub.add_parser("rules", help="list the rules or show one / 列出规则或查看一条规则")
    actions = p.add_subparsers(dest="rules_action", required=True, metavar="ACTION")
    lp = actions.add_parser("list", help="every rule with clause, kind and amount status")
    _common(lp)
    lp.set_defaults(handler=_list)
    rules_diff.register(actions)
    sp = actions.add_parser("show", help="one rule in full: quote, conditions, parameters")
    sp.add_argument("rule_id", help="rule id, e.g. poverty_hire_award")
    _common(sp)
    sp.set_defaults(handler=_show)
