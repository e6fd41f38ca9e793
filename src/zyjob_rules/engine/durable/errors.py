"""Errors of the durable_rules backend: typed, carrying the data a caller needs to act."""

from __future__ import annotations

from typing import ClassVar

from ...errors import EngineError, EngineUnavailableError

INSTALL_HINT = (
    "the durable_rules backend needs the optional 'rete' extra: "
    "pip install 'zyjob-rules[rete]' (on Python 3.13 build it with "
    "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject)"
)


class DurableBackendError(EngineError):
    """Base class of every error raised by the durable_rules backend."""

    code: ClassVar[str] = "durable_error"


class DurableUnavailableError(DurableBackendError, EngineUnavailableError):
    """durable_rules is not installed (or its C extension does not load)."""

    code: ClassVar[str] = "durable_unavailable"

    def __init__(self, reason: str) -> None:
        super().__init__(f"{INSTALL_HINT} ({reason})")
        self.reason = reason


class NetworkLimitError(DurableBackendError):
    """A compiled ruleset would break one of durable_rules' limits; caught before registering it.

    ``shard`` names the durable ruleset, ``rule`` the durable rule (or rule id) concerned.
    """

    code: ClassVar[str] = "durable_network_limit"

    def __init__(self, shard: str, rule: str | None, message: str) -> None:
        where = f"ruleset {shard}" + (f", rule {rule}" if rule else "")
        super().__init__(f"{where}: {message}")
        self.shard = shard
        self.rule = rule
        self.message = message


class HashCollisionError(NetworkLimitError):
    """Two names of one ruleset have the same 32-bit FNV-1a hash (durable_rules keys on it)."""

    code: ClassVar[str] = "durable_hash_collision"

    def __init__(self, shard: str, first: str, second: str, value: int) -> None:
        super().__init__(
            shard, None, f"property names {first!r} and {second!r} share the hash {value:#010x}"
        )
        self.names = (first, second)
        self.value = value


class CompileError(NetworkLimitError):
    """A rule cannot be compiled for durable_rules (rule id in ``rule``)."""

    code: ClassVar[str] = "durable_compile"


class FactEncodingError(DurableBackendError):
    """A value read from the case cannot be given to durable_rules exactly (e.g. out of range)."""

    code: ClassVar[str] = "durable_fact_encoding"


class DurableActionError(DurableBackendError):
    """An action raised inside durable_rules; durable swallows it, the backend re-raises it here."""

    code: ClassVar[str] = "durable_action_failed"

    def __init__(self, action: str, original: BaseException) -> None:
        super().__init__(f"action {action} failed: {type(original).__name__}: {original}")
        self.action = action
        self.original = original


class DurableEngineError(DurableBackendError):
    """durable_rules itself reported an error, or a fence found the session in a bad state."""

    code: ClassVar[str] = "durable_engine_failed"


class BackendMismatchError(DurableBackendError):
    """The Rete network and the default engine reached different outcomes: never a silent choice."""

    code: ClassVar[str] = "backend_mismatch"

    def __init__(
        self, rule_id: str, case_id: str | None, subject: str, durable: str, python: str
    ) -> None:
        super().__init__(
            f"rule {rule_id} on case {case_id or '(no id)'} ({subject}): durable_rules says "
            f"{durable}, the default engine says {python}"
        )
        self.rule_id = rule_id
        self.case_id = case_id
        self.subject = subject
        self.durable = durable
        self.python = python
