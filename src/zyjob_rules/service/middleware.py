"""The one boundary every request crosses (a plain ASGI middleware, outermost of the app's own).

In order: give the request an id and pin the rules snapshot it will be decided with; refuse it
without a valid bearer token (when tokens are set; ``/healthz`` and the static page are open);
refuse a body over the size limit (413, by Content-Length up front or by counting as it
arrives); run the app; stamp every response with ``X-Request-ID`` and ``X-Ruleset-Version``;
turn any exception that escaped into a 500 with an error id; write one log line.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .auth import TokenChecker
from .problems import ServiceError, internal_error, new_error_id, too_large, unauthorized
from .request_log import RequestRecord, log_error, log_request
from .rules_state import RulesHolder
from .settings import ServiceSettings

# No data behind them: liveness, the caseworker's page and its own files (the page sends the
# token the caseworker types with each call it makes).
OPEN_PATHS = frozenset({"/healthz", "/", "/favicon.ico", "/page/caseworker.js",
                        "/page/caseworker.css"})
SCREEN_PATH = "/v1/screen"
_CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def error_response(err: ServiceError, state: dict[str, Any]) -> JSONResponse:
    """The JSON error body of ``err`` for the request whose state is ``state``."""
    rules = state.get("rules")
    return JSONResponse(
        {
            "error": err.body(),
            "request_id": state.get("request_id"),
            "ruleset_version": rules.version if rules is not None else None,
        },
        status_code=err.status,
        headers=err.headers,
    )


class ServiceMiddleware:
    def __init__(
        self, app: ASGIApp, settings: ServiceSettings, holder: RulesHolder
    ) -> None:
        self.app = app
        self.settings = settings
        self.holder = holder
        self.tokens = TokenChecker(settings.tokens)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        rules = self.holder.current  # one snapshot for the whole request
        given = _header(scope, b"x-request-id")
        request_id = given if given and _CLIENT_REQUEST_ID.match(given) else uuid.uuid4().hex
        state: dict[str, Any] = scope.setdefault("state", {})
        state.update(request_id=request_id, rules=rules)
        record = RequestRecord(request_id, scope["method"], "unmatched", rules.version)
        response_started = False

        async def stamped_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
                record.status = message["status"]
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-request-id", request_id.encode()),
                    (b"x-ruleset-version", rules.version.encode()),
                    (b"cache-control", b"no-store"),  # personal data: no caches on the way
                    (b"x-content-type-options", b"nosniff"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self._guarded(scope, receive, stamped_send, state)
        except Exception as exc:  # the boundary: nothing escapes without an id and a log line
            error = exc if isinstance(exc, ServiceError) else internal_error(new_error_id())
            if error.error_id is not None:
                log_error(request_id, error.error_id, exc)
            state["error"] = error
            if not response_started:
                await error_response(error, state)(scope, receive, stamped_send)
        finally:
            route = scope.get("route")
            record.route = getattr(route, "path", None) or (
                scope["path"] if scope["path"] in OPEN_PATHS else "unmatched")
            record.duration_ms = round((time.perf_counter() - started) * 1000, 3)
            record.outcomes = dict(state.get("outcomes", {}))
            failure = state.get("error")
            if isinstance(failure, ServiceError):
                record.error_code, record.error_id = failure.code, failure.error_id
            log_request(record)

    async def _guarded(
        self, scope: Scope, receive: Receive, send: Send, state: dict[str, Any]
    ) -> None:
        path = scope["path"]
        open_path = path in OPEN_PATHS
        if self.tokens.enabled and not open_path and not self.tokens.accepts(
            _header(scope, b"authorization")
        ):
            raise unauthorized()
        limit = (
            self.settings.max_screen_bytes if path == SCREEN_PATH else self.settings.max_body_bytes
        )
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise too_large(limit, "the request body (bytes)", "请求体字节数")
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(limit, "the request body (bytes)", "请求体字节数")
            return message

        await self.app(scope, counted_receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None
