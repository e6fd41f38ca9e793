"""Reloading the rules without a restart: ``kill -HUP`` the ``serve`` process.

With one process (the default), SIGHUP makes it load and compile the rules directory again, in
a thread (the event loop keeps answering). ``RulesHolder.reload`` swaps the new rules in with one
assignment, only once they have loaded and compiled: a request already running finishes under
the rules it started with, the next ones get the new version (``X-Ruleset-Version``; a client
pinning the old one gets 409). Rules that do not load leave the old ones in force; the problems
are logged (``event: rules_reload_failed``), as is a reload (``event: rules_reloaded``).

With ``--workers N`` the signal goes to uvicorn's supervisor, which replaces the workers one by
one (each new worker loads the rules before the old one is retired; a replacement that fails to
start, e.g. on broken rules, is dropped and the old worker kept). This module is not used there.
"""

from __future__ import annotations

import json
import signal
import threading
from types import FrameType

from .request_log import log
from .rules_state import RulesHolder


def reload_now(holder: RulesHolder) -> bool:
    """Load the rules again; log the outcome. True when the new rules are in force."""
    before = holder.current.version
    try:
        after = holder.reload()
    except Exception as exc:  # RuleSetError lists every problem; anything else is logged too
        log.error(json.dumps({"event": "rules_reload_failed", "ruleset_version": before,
                              "type": type(exc).__name__, "message": str(exc)[:4000]},
                             ensure_ascii=False, sort_keys=True))
        return False
    log.warning(json.dumps({"event": "rules_reloaded", "from": before, "to": after.version,
                            "rules_dir": holder.rules_dir}, ensure_ascii=False, sort_keys=True))
    return True


def install(holder: RulesHolder) -> None:
    """Reload ``holder``'s rules on SIGHUP (in the main thread, before the server starts)."""

    def on_hup(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=reload_now, args=(holder,), name="rules-reload",
                         daemon=True).start()

    signal.signal(signal.SIGHUP, on_hup)
