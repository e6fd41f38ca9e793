"""``python -m zyjob_rules``: the same as the ``zyjob-rules`` command."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
