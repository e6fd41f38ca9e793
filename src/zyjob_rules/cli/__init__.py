"""The ``zyjob-rules`` command. Each command family lives in its own module and registers itself.

Errors raised by the library as typed exceptions (every ``ZyjobRulesError``) are rendered here,
once, by their code (``cli/error_report.py``): exit 1 for invalid rule files, failed checks and
engine failures, 2 for input, paths and arguments that cannot be used, 4 for an output that could
not be written, 5 for lost screening workers (docs/operations.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from ..errors import ZyjobRulesError
from . import (
    case_commands,
    listing_commands,
    rule_commands,
    screen_commands,
    serve_command,
    whatif_command,
)
from .error_report import report_error
from .io import tolerant_console

Handler = Callable[[argparse.Namespace], int]

# Command modules: each exposes ``register(subparsers)`` adding parsers with ``handler`` defaults.
COMMAND_MODULES = [
    case_commands,
    rule_commands,
    screen_commands,
    listing_commands,
    whatif_command,
    serve_command,  # the HTTP service (optional extra: imported when run)
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zyjob-rules",
        description="资阳市就业创业扶持政策资格判定 / Ziyang employment-subsidy eligibility engine",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    tolerant_console()
    parser = build_parser()
    args = parser.parse_args(argv)
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
