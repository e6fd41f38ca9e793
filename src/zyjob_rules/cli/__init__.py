"""The ``zyjob-rules`` command. Each command family lives in its own module and registers itself.

Errors raised by the library as typed exceptions are rendered here, once: exit 2 for invalid
input (case validation), exit 1 for invalid rule files or failed checks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from . import case_commands, listing_commands, rule_commands, screen_commands
from .io import tolerant_console

Handler = Callable[[argparse.Namespace], int]

# Command modules: each exposes ``register(subparsers)`` adding parsers with ``handler`` defaults.
COMMAND_MODULES = [case_commands, rule_commands, screen_commands, listing_commands]


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
    except BrokenPipeError:  # pragma: no cover - e.g. piping into `head`
        return 0
    except KeyboardInterrupt:  # Ctrl-C outside a screening run's own handling: no traceback
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
