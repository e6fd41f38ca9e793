"""The app factory: ``create_app(settings)`` wires the routes, the boundary middleware, the
error handlers and the OpenAPI document. Nothing here decides anything."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ZyjobRulesError
from ..model.validation import json_path
from . import routes_decide, routes_meta, routes_page, routes_rules
from .error_statuses import from_library_error
from .middleware import ServiceMiddleware, error_response
from .openapi_docs import build_openapi
from .problems import Problem, ServiceError, new_error_id, not_found
from .request_log import log_error
from .rules_state import RulesHolder
from .settings import ServiceSettings

DESCRIPTION = """\
资阳市就业创业扶持政策资格判定服务：判定个人、家庭和用人单位能否享受各项补贴、金额多少，并逐条说明理由。

Decides who qualifies for the employment and entrepreneurship subsidies of Ziyang city (2017-12-12
policy), how much, and why. Every response carries the ruleset version (`X-Ruleset-Version`) and
a request id (`X-Request-ID`); pin the rules with `If-Match` or `rules_version=` (409 otherwise).
With tokens configured, every route but `/healthz` needs `Authorization: Bearer <token>`.
"""


def create_app(
    settings: ServiceSettings | None = None, holder: RulesHolder | None = None
) -> FastAPI:
    """A ready app. The rules are loaded (and compiled) here, before the first request: a broken
    rules directory raises RuleSetError now, not on a caseworker's request."""
    settings = settings or ServiceSettings()
    holder = holder or RulesHolder(settings.rules_dir)
    app = FastAPI(
        title="zyjob-rules",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # /docs is routes_page's own page: Swagger UI would load from a CDN
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.settings = settings
    app.state.rules = holder
    routers = (routes_page.router, routes_meta.router, routes_decide.router,
               routes_rules.router)
    for router in routers:
        app.include_router(router)
    _install_error_handlers(app)
    if settings.cors_origins:  # closed unless origins are named: no wildcard, no credentials
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "X-Request-ID"],
            expose_headers=["X-Request-ID", "X-Ruleset-Version"],
        )
    app.add_middleware(ServiceMiddleware, settings=settings, holder=holder)

    def openapi() -> dict[str, Any]:
        return build_openapi(app)

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _install_error_handlers(app: FastAPI) -> None:
    async def service_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ServiceError)
        request.state.error = exc
        return error_response(exc, _state(request))

    async def invalid_request(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        problems = []
        for err in exc.errors():
            path = json_path(tuple(err["loc"]))
            problems.append(Problem.of_message(path, str(err["msg"])))
        error = ServiceError(
            422, "request_invalid",
            f"the request is not valid ({len(problems)} problem(s))",
            f"请求参数无效（{len(problems)} 处问题）",
            problems,
        )
        return await service_error(request, error)

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 404:
            error = not_found(request.url.path)
        else:
            error = ServiceError(
                exc.status_code, "http_error", str(exc.detail), str(exc.detail),
                headers=dict(exc.headers or {}),
            )
        return await service_error(request, error)

    async def library_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ZyjobRulesError)
        error = from_library_error(exc, new_error_id())
        if error.error_id is not None:  # the service's failure: details in the log, by id
            log_error(str(_state(request).get("request_id")), error.error_id, exc)
        return await service_error(request, error)

    app.add_exception_handler(ServiceError, service_error)
    app.add_exception_handler(ZyjobRulesError, library_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(StarletteHTTPException, http_error)


def _state(request: Request) -> dict[str, Any]:
    state: dict[str, Any] = request.scope.get("state", {})
    return state
