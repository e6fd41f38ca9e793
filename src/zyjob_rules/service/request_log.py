"""The service's log: one JSON line per request, and one per error with its id.

What a line may carry is fixed here, field by field (``RequestRecord``): the request id, the
method, the route *template* (``/v1/rules/{rule_id}``, never a query string), the status, the
time taken, the ruleset version, and the decisions' outcomes counted per outcome. Nothing of the
case goes in: no name, no id number, no date of birth, not even the case id. An error line adds
the error's id and its type and message (which are the library's, about rules, not about the
person).
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import asdict, dataclass, field

LOGGER_NAME = "zyjob_rules.service"
log = logging.getLogger(LOGGER_NAME)


@dataclass
class RequestRecord:
    request_id: str
    method: str
    route: str
    ruleset_version: str
    status: int | None = None
    duration_ms: float | None = None
    outcomes: dict[str, int] = field(default_factory=dict)
    error_code: str | None = None
    error_id: str | None = None

    def line(self) -> str:
        data = {k: v for k, v in asdict(self).items() if v not in (None, {})}
        return json.dumps({"event": "request", **data}, ensure_ascii=False, sort_keys=True)


def log_request(record: RequestRecord) -> None:
    level = logging.ERROR if (record.status or 500) >= 500 else logging.INFO
    log.log(level, record.line())


def log_error(request_id: str, error_id: str, exc: BaseException) -> None:
    """An exception with the id the client was given (the traceback goes to the log only)."""
    log.error(
        json.dumps(
            {"event": "error", "request_id": request_id, "error_id": error_id,
             "type": type(exc).__name__, "message": str(exc)[:2000]},
            ensure_ascii=False, sort_keys=True,
        ),
        exc_info=exc,
    )


def configure(level: str = "INFO") -> None:
    """Send the service's log to standard error, one line per record (for `serve`)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False
