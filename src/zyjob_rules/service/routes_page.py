"""The pages a person opens: the caseworker's page at ``/`` (with its script and stylesheet under
``/page/``) and the API reference at ``/docs``. None of them loads anything from elsewhere: the
service may run on a network without internet, and the ``Content-Security-Policy`` header tells
the browser to refuse any other origin.

The page's files are package data (``zyjob_rules/service/static/``), read once.
"""

from __future__ import annotations

import json
from functools import cache
from html import escape
from importlib.resources import files

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from .. import __version__
from .api_reference import render_reference
from .case_form import form_spec
from .problems import not_found
from .rules_state import LoadedRules

router = APIRouter(include_in_schema=False)

# Same origin only. Inline styles are allowed (the report brings its own <style>); scripts only
# from this service's own files.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
ASSETS = {
    "caseworker.js": "text/javascript; charset=utf-8",
    "caseworker.css": "text/css; charset=utf-8",
}
ASSET_PATHS = frozenset(f"/page/{name}" for name in ASSETS)


@cache
def asset(name: str) -> str:
    """The text of one of the page's files (package data)."""
    return files("zyjob_rules.service").joinpath("static", name).read_text(encoding="utf-8")


def _script_json(data: object) -> str:
    """JSON safe inside a <script> element (no ``</script>``, no HTML comment openers)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def caseworker_page(ruleset_version: str) -> str:
    return (
        asset("caseworker.html")
        .replace("{{FORM_SPEC}}", _script_json(form_spec()))
        .replace("{{RULESET}}", escape(ruleset_version))
        .replace("{{VERSION}}", escape(__version__))
    )


@router.get("/")
def page(request: Request) -> HTMLResponse:
    rules: LoadedRules = request.state.rules
    return HTMLResponse(caseworker_page(rules.version), headers={"Content-Security-Policy": CSP})


@router.get("/page/{name}")
def page_asset(name: str, request: Request) -> Response:
    if name not in ASSETS:  # only the page's own files: never a path the client names
        raise not_found(request.url.path)
    return Response(asset(name), media_type=ASSETS[name])


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    return HTMLResponse(render_reference(request.app.openapi()),
                        headers={"Content-Security-Policy": CSP})
