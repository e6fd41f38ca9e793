"""The ``zyjob-rules`` command. Each command family lives in its own module and registers itself.

Running one command imports only the module that registers it (``COMMANDS``): a CLI user
pays for ``evaluate``, not for the screening, listing and service code (cold start,
docs/performance.md). Without a known command (``--help``, a typo) every module is loaded, so
the full list of commands is shown.

Errors raised by the library as typed exceptions (every ``ZyjobRulesError``) are rendered here,
once, by their code (``cli/error_report.py``): exit 1 for invalid rule files, failed checks and
engine failures, 2 for input, paths and arguments that cannot be used, 4 for an output that could
not be written, 5 for lost screening workers (docs/operations.md).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from ..errors import ZyjobRulesError
from .error_report import report_error
from .io import tolerant_console

Handler = Callable[[argparse.Namespace], int]

# Command modules, in the order their commands are listed: each exposes
# ``register(subparsers)`` adding parsers with ``handler`` defaults.
MODULE_NAMES = (
    "case_commands",
    "rule_commands",
    "screen_commands",
    "listing_commands",
    "whatif_command",
    "serve_command",  # the HTTP service (optional extra: imported when run)
)

# Each command and the module registering it (tests/cli/test_dispatch.py keeps it complete).
COMMANDS = {
    "schema": "case_commands",
    "check": "case_commands",
    "evaluate": "rule_commands",
    "validate": "rule_commands",
    "test": "rule_commands",
    "screen": "screen_commands",
    "synth": "screen_commands",
    "columns": "screen_commands",
    "rules": "listing_commands",
    "whatif": "whatif_command",
    "serve": "serve_command",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or only of ``command`` when it is a known one."""
    parser = argparse.ArgumentParser(
        prog="zyjob-rules",
        description="资阳市就业创业扶持政策资格判定 / Ziyang employment-subsidy eligibility engine",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    names = (COMMANDS[command],) if command in COMMANDS else MODULE_NAMES
    for name in names:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    tolerant_console()
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words[0] if words else None)
    args = parser.parse_args(words)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ZyjobRulesError as exc:
        # Case errors are shown in the command's --lang (commands without one: English).
        return report_error(exc, vars(args).get("lang", "en"))
    except BrokenPipeError:  # pragma: no cover - e.g. piping into `head`
        return 0
    except KeyboardInterrupt:  # Ctrl-C outside a screening run's own handling: no traceback
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
