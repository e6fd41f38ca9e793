"""``serve``: run the HTTP service (optional extra ``server``: FastAPI + uvicorn).

The web framework is imported only when the command runs, so the core installs and works without
the extra; without it the command says how to install it and exits 3.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from typing import Any

EXIT_NO_EXTRA = 3
MISSING_EXTRA = (
    "error: `zyjob-rules serve` needs the optional server extra (FastAPI + uvicorn):\n"
    "  pip install 'zyjob-rules[server]'"
)


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from ..service import request_log
        from ..service.app import create_app
        from ..service.settings import ServiceSettings, SettingsError, load_tokens
    except ImportError as exc:
        print(f"{MISSING_EXTRA}\n  ({exc})", file=sys.stderr)
        return EXIT_NO_EXTRA
    try:
        settings = ServiceSettings(
            rules_dir=args.rules,
            host=args.host,
            port=args.port,
            workers=args.workers,
            max_body_bytes=args.max_body_bytes,
            max_screen_bytes=args.max_screen_bytes,
            max_items=args.max_items,
            tokens=load_tokens(args.token_file),
            cors_origins=tuple(args.cors_origin),
        )
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not _is_loopback(settings.host) and not settings.tokens:
        print(
            f"warning: serving on {settings.host} without tokens: anyone who can reach it can "
            "submit cases (set ZYJOB_RULES_TOKENS or --token-file)",
            file=sys.stderr,
        )
    request_log.configure(args.log_level.upper())
    app: Any = create_app(settings)  # loads and compiles the rules first (RuleSetError: exit 1)
    if settings.workers > 1:
        # Each worker process builds its own app (and loads the rules) from the environment;
        # SIGHUP to this process has uvicorn replace the workers one by one (new rules).
        app = "zyjob_rules.service.app_from_env:create_app_from_env"
        _export_settings(args)
    else:
        from ..service import reload_signal

        reload_signal.install(app.state.rules)  # SIGHUP: load the rules again, in place
    uvicorn.run(
        app,
        factory=settings.workers > 1,
        host=settings.host,
        port=settings.port,
        workers=settings.workers if settings.workers > 1 else None,
        access_log=False,  # the service logs each request itself, without query strings
        log_level=args.log_level,
        server_header=False,
    )
    return 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _export_settings(args: argparse.Namespace) -> None:
    """Hand the options to worker processes through the environment (uvicorn starts them)."""
    import os

    from ..service.app_from_env import export

    export(os.environ, args)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve", help="run the HTTP service and the caseworker's page / 运行 HTTP 服务"
    )
    p.add_argument("--rules", help="rules directory (default: the bundled rules)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--token-file", help="file of bearer tokens, one per line "
                   "(also $ZYJOB_RULES_TOKEN_FILE; tokens may also be in $ZYJOB_RULES_TOKENS)")
    p.add_argument("--max-body-bytes", type=int, default=1024 * 1024,
                   help="largest case body (default 1 MiB)")
    p.add_argument("--max-screen-bytes", type=int, default=64 * 1024 * 1024,
                   help="largest registry body for /v1/screen (default 64 MiB)")
    p.add_argument("--max-items", type=int, default=1000,
                   help="most list items in one case (default 1000)")
    p.add_argument("--cors-origin", action="append", default=[],
                   help="allow browser calls from this origin (repeatable; default: none)")
    p.add_argument("--log-level", default="info",
                   choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(handler=_serve)
