"""The app of a worker process: ``serve --workers N`` has uvicorn start N processes, each of
which calls ``create_app_from_env`` (uvicorn's ``factory``) with the options the command put in
the environment. Each worker loads and compiles the rules once, then shares them across its
requests. Tokens are not copied here: each worker reads them where the command did (the token
file, ``$ZYJOB_RULES_TOKENS``)."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Mapping, MutableMapping

from fastapi import FastAPI

from . import request_log
from .app import create_app
from .settings import ServiceSettings, load_tokens

SETTINGS_ENV = "ZYJOB_RULES_SERVE_OPTIONS"


def export(environ: MutableMapping[str, str], args: argparse.Namespace) -> None:
    environ[SETTINGS_ENV] = json.dumps({
        "rules_dir": args.rules,
        "max_body_bytes": args.max_body_bytes,
        "max_screen_bytes": args.max_screen_bytes,
        "max_items": args.max_items,
        "cors_origins": list(args.cors_origin),
        "token_file": args.token_file,
        "log_level": args.log_level,
    })


def settings_from_env(environ: Mapping[str, str]) -> tuple[ServiceSettings, str]:
    options = json.loads(environ.get(SETTINGS_ENV, "{}"))
    settings = ServiceSettings(
        rules_dir=options.get("rules_dir"),
        max_body_bytes=options.get("max_body_bytes", ServiceSettings.max_body_bytes),
        max_screen_bytes=options.get("max_screen_bytes", ServiceSettings.max_screen_bytes),
        max_items=options.get("max_items", ServiceSettings.max_items),
        cors_origins=tuple(options.get("cors_origins", ())),
        tokens=load_tokens(options.get("token_file"), environ),
    )
    return settings, str(options.get("log_level", "info"))


def create_app_from_env() -> FastAPI:
    settings, level = settings_from_env(os.environ)
    request_log.configure(level.upper())
    return create_app(settings)
