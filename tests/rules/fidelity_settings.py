"""A copy of the bundled rules with one setting changed, as policy staff would change it.

The copy is a real rules directory loaded by ``load_ruleset``: the same path a caseworker's
edit of a parameter's value takes. Copies are cached per (parameter, value) for the session.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from zyjob_rules import load_ruleset
from zyjob_rules.ruleset.checked import RuleSet
from zyjob_rules.ruleset.paths import bundled_rules_dir

_ROOT = Path(tempfile.mkdtemp(prefix="zyjob-settings-"))
atexit.register(shutil.rmtree, _ROOT, True)


def _freeze(value: Any) -> Any:
    return tuple(sorted(value.items())) if isinstance(value, dict) else value


@cache
def _ruleset_with(param_id: str, frozen: Any) -> RuleSet:
    value = dict(frozen) if isinstance(frozen, tuple) else frozen
    target = _ROOT / f"{param_id}={abs(hash(frozen))}"
    shutil.copytree(bundled_rules_dir(), target)
    for path in sorted(target.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for param in data.get("parameters") or []:
            if param["id"] == param_id:
                param["values"][-1]["value"] = value
                path.write_text(
                    yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
                )
                return load_ruleset(target)
    raise KeyError(f"no parameter {param_id!r} in the bundled rules")


def ruleset_with(param_id: str, value: Any) -> RuleSet:
    """The bundled rules with the latest value of ``param_id`` replaced by ``value``."""
    return _ruleset_with(param_id, _freeze(value))
