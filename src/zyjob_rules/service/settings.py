"""The service's settings: where the rules are, what it binds to, its limits and its tokens.

Plain Python (no web framework): the ``serve`` command builds them from its options and the
environment, the tests build them directly. Tokens come from a file (one per line, ``#``
comments) or from the environment variable ``ZYJOB_RULES_TOKENS`` (comma- or space-separated);
with no token set the service is open to whoever can reach its address, which by default is
127.0.0.1 only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

TOKENS_ENV = "ZYJOB_RULES_TOKENS"
TOKEN_FILE_ENV = "ZYJOB_RULES_TOKEN_FILE"
MIN_TOKEN_LENGTH = 16  # a token short enough to guess is refused at start, not accepted quietly


class SettingsError(ValueError):
    """A setting of the service is not usable (an unreadable token file, a short token...)."""


@dataclass(frozen=True)
class ServiceSettings:
    """Everything the app factory needs. Defaults are the safe ones."""

    rules_dir: str | None = None  # None: the bundled rules
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    max_body_bytes: int = 1024 * 1024  # one case (POST /v1/evaluate)
    max_screen_bytes: int = 64 * 1024 * 1024  # one registry upload (POST /v1/screen)
    max_items: int = 1000  # list items in one case: hires, members, insurance periods...
    tokens: frozenset[str] = field(default_factory=frozenset, repr=False)
    cors_origins: tuple[str, ...] = ()  # empty: no cross-origin browser access at all

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_screen_bytes", "max_items", "workers"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1")
        short = [t for t in self.tokens if len(t) < MIN_TOKEN_LENGTH]
        if short:
            raise SettingsError(
                f"{len(short)} token(s) shorter than {MIN_TOKEN_LENGTH} characters: "
                "use long random tokens, e.g. from secrets.token_urlsafe(32)"
            )

    @property
    def auth_required(self) -> bool:
        return bool(self.tokens)


def parse_tokens(text: str) -> frozenset[str]:
    """Tokens from a token file's text: one per line; blank lines and ``#`` comments skipped."""
    out = set()
    for line in text.splitlines():
        token = line.split("#", 1)[0].strip()
        if token:
            out.add(token)
    return frozenset(out)


def load_tokens(
    token_file: str | None = None, environ: Mapping[str, str] | None = None
) -> frozenset[str]:
    """The bearer tokens: from ``token_file`` (or ``$ZYJOB_RULES_TOKEN_FILE``) and from
    ``$ZYJOB_RULES_TOKENS``, together. Raises SettingsError naming an unreadable file."""
    env = os.environ if environ is None else environ
    tokens: set[str] = set()
    path = token_file or env.get(TOKEN_FILE_ENV)
    if path:
        try:
            tokens |= parse_tokens(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError(f"cannot read token file {path}: {exc}") from exc
        if not tokens:
            raise SettingsError(f"token file {path} holds no token")
    listed = env.get(TOKENS_ENV, "")
    tokens |= {t for t in listed.replace(",", " ").split() if t}
    return frozenset(tokens)
