"""The durable_rules (Rete) backend: ``evaluate(case, backend="durable")``.

The compiler (:mod:`.compiler`), the pattern algebra and the limit checks import nothing from
durable_rules; only :mod:`.host` does, when a network is first registered. Without the ``rete``
extra, asking for this backend raises DurableUnavailableError naming the extra.
See docs/durable-backend.md.
"""

from __future__ import annotations

from .backend import RuleNetwork, durable_network, evaluate_durable
from .compiler import compile_network
from .errors import (
    BackendMismatchError,
    CompileError,
    DurableActionError,
    DurableBackendError,
    DurableEngineError,
    DurableUnavailableError,
    FactEncodingError,
    HashCollisionError,
    NetworkLimitError,
)
from .limits import Limits, validate_ruleset
from .spec import NetworkSpec

__all__ = [
    "BackendMismatchError",
    "CompileError",
    "DurableActionError",
    "DurableBackendError",
    "DurableEngineError",
    "DurableUnavailableError",
    "FactEncodingError",
    "HashCollisionError",
    "Limits",
    "NetworkLimitError",
    "NetworkSpec",
    "RuleNetwork",
    "compile_network",
    "durable_network",
    "evaluate_durable",
    "validate_ruleset",
]
