"""durable_rules is an optional extra: the core imports and works without it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from durable_helpers import example

from zyjob_rules import evaluate, load_ruleset
from zyjob_rules.engine.durable import DurableUnavailableError

ROOT = Path(__file__).parents[2]


def test_durable_without_the_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("durable", "durable.engine", "durable.lang", "durable_rules_engine"):
        monkeypatch.setitem(sys.modules, name, None)  # `import` of these now fails
    # a rule set with a fingerprint of its own: no durable network compiled for it yet
    bundled = load_ruleset()
    rules = replace(bundled, rules=bundled.rules[:-1])
    case = example("poor_worker_loan_80k")
    assert evaluate(case, rules=rules).decisions  # the default engine is unaffected
    with pytest.raises(DurableUnavailableError) as err:
        evaluate(case, rules=rules, backend="durable")
    message = str(err.value)
    assert "zyjob-rules[rete]" in message
    assert "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject" in message
    assert isinstance(err.value, ImportError)


def test_the_core_imports_in_a_process_where_durable_cannot_be_imported() -> None:
    script = textwrap.dedent(
        """
        import importlib.abc, sys

        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("durable", "durable_rules_engine"):
                    raise ImportError(f"{name} is blocked for this test")
                return None

        sys.meta_path.insert(0, Block())
        import zyjob_rules
        from zyjob_rules.engine.durable import compile_network  # the compiler needs no durable
        from zyjob_rules.engine.durable.errors import DurableUnavailableError

        rules = zyjob_rules.load_ruleset()
        assert compile_network(rules).shards
        case = open(sys.argv[1], encoding="utf-8").read()
        assert zyjob_rules.evaluate(case, rules=rules).decisions
        try:
            zyjob_rules.evaluate(case, rules=rules, backend="durable")
        except DurableUnavailableError as exc:
            assert "rete" in str(exc)
        else:
            raise SystemExit("the durable backend ran without durable_rules")
        assert not any(m.startswith("durable") for m in sys.modules), sorted(sys.modules)
        print("ok")
        """
    )
    case = ROOT / "examples" / "cases" / "poor_worker_loan_80k.json"
    done = subprocess.run([sys.executable, "-c", script, str(case)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
