"""The command line imports only the module of the command it runs (cold start), and the table
that says which module registers which command stays complete."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

from zyjob_rules import cli

ROOT = Path(__file__).resolve().parents[2]


def registered(module_name: str) -> set[str]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    importlib.import_module(f"zyjob_rules.cli.{module_name}").register(sub)
    return set(sub.choices)


def test_the_command_table_names_every_command_and_its_module() -> None:
    table: dict[str, set[str]] = {}
    for command, module_name in cli.COMMANDS.items():
        table.setdefault(module_name, set()).add(command)
    assert set(table) == set(cli.MODULE_NAMES)
    for module_name in cli.MODULE_NAMES:
        assert registered(module_name) == table[module_name], module_name


def test_a_known_command_builds_only_its_parser_and_help_builds_all() -> None:
    only = cli.build_parser("evaluate")
    every = cli.build_parser(None)
    sub_only = next(a for a in only._actions if isinstance(a, argparse._SubParsersAction))
    sub_every = next(a for a in every._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub_only.choices) == {"evaluate", "validate", "test"}
    assert set(sub_every.choices) == set(cli.COMMANDS)


def test_evaluate_does_not_import_screening_listing_or_service_code() -> None:
    example = ROOT / "examples" / "cases" / "family_farm_poor_hires.json"
    code = (
        "import json, sys, io, contextlib\n"
        "from zyjob_rules.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['evaluate', {str(example)!r}])\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m.startswith('zyjob_rules'))]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True).stdout
    code_, modules = json.loads(out.strip().splitlines()[-1])
    assert code_ == 0
    assert "zyjob_rules.cli.rule_commands" in modules
    for heavy in ("zyjob_rules.cli.screen_commands", "zyjob_rules.cli.listing_commands",
                  "zyjob_rules.cli.serve_command", "zyjob_rules.cli.whatif_command",
                  "zyjob_rules.screening.pipeline", "zyjob_rules.engine.durable.backend"):
        assert heavy not in modules, heavy
