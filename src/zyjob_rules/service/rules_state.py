"""The rules the service decides with: loaded, validated and compiled once, then shared.

Every request reads the same ``LoadedRules`` snapshot (an immutable bundle: rule set, version
hash, load time); nothing a request does changes it. The engine keeps only caches of pure values
on the rule set (parameters in force per date, rule statics), so concurrent readers are safe.
``RulesHolder.reload`` builds a new snapshot and swaps the reference in one assignment: a request
that already holds the old one finishes with it, the next ones see the new one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from ..engine.program import compile_ruleset
from ..ruleset.checked import RuleSet
from ..ruleset.loader import load_ruleset


@dataclass(frozen=True)
class LoadedRules:
    ruleset: RuleSet
    loaded_at: datetime

    @property
    def version(self) -> str:
        return self.ruleset.version


def load_rules(rules_dir: str | None) -> LoadedRules:
    """Load (validate) and compile the rules; RuleSetError lists every problem."""
    ruleset = load_ruleset(rules_dir) if rules_dir is not None else load_ruleset()
    compile_ruleset(ruleset)  # compiled now, before the first request, and cached on the set
    return LoadedRules(ruleset, datetime.now(UTC))


class RulesHolder:
    """Holds the current LoadedRules; ``reload`` replaces it only if the new rules are valid."""

    def __init__(self, rules_dir: str | None) -> None:
        self.rules_dir = rules_dir
        self._lock = threading.Lock()  # one reload at a time; readers never wait
        self._current = load_rules(rules_dir)

    @property
    def current(self) -> LoadedRules:
        return self._current

    def reload(self) -> LoadedRules:
        """Load the rules directory again; on error the old rules stay in force."""
        with self._lock:
            self._current = load_rules(self.rules_dir)
            return self._current
