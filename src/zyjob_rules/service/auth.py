"""Bearer tokens, compared in constant time.

Each configured token is hashed once (SHA-256); a presented token is hashed and compared with
every one of them by ``hmac.compare_digest`` without stopping at the first match, so neither the
length of a token nor which token matched shows in the time taken.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


class TokenChecker:
    def __init__(self, tokens: Iterable[str]) -> None:
        self._digests = tuple(_digest(t) for t in tokens)

    @property
    def enabled(self) -> bool:
        return bool(self._digests)

    def accepts(self, authorization: str | None) -> bool:
        """Whether an ``Authorization`` header value carries one of the tokens."""
        if not authorization:
            return False
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return False
        presented = _digest(token.strip())
        matched = False
        for digest in self._digests:
            matched |= hmac.compare_digest(presented, digest)
        return matched
