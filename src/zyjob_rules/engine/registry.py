"""The engines by name, each compiled once per rule set and cached here, by the registry.

``ENGINES.engine(ruleset, "durable")`` returns the rule set's durable engine, compiling it the
first time. Engines are keyed by the rule set's fingerprint (its content hash, directory, rules
and parameters, see ``RuleSet.fingerprint``), so the same rules loaded twice share one compiled
engine, and a rule set restricted to some rules gets its own. The cache is bounded (least
recently used first out). The registry only drops its reference to an engine: whoever still
holds it keeps using it, and an engine frees what it holds outside Python (durable_rules'
networks) when it is garbage-collected or closed by its owner.

Backends are registered by name with the dotted path of their factory, imported on first use:
optional extras (durable_rules, polars) are imported only when asked for, and the registry
imports no engine at all when the package is imported.

Names: ``python`` (alias ``scalar``): the compiled-Python reference engine; ``durable``: the
durable_rules (Rete) backend; ``columnar``: the polars backend (``engine/columnar/backend.py``;
a traced decision asked of it is the scalar engine's, and its ``stamp_name`` says so).
"""

from __future__ import annotations

import importlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import cast

from ..errors import EngineUnavailableError, UnknownEngineError
from ..ruleset.checked import RuleSet
from .interface import Engine, EngineFactory

DEFAULT_ENGINE = "python"
CAPACITY = 16  # compiled engines kept (all names together); the oldest unused one goes first


@dataclass(frozen=True)
class EngineEntry:
    """A registered backend: its name, its factory (or the ``module:attribute`` path of it)."""

    name: str
    factory: EngineFactory | str
    description: str
    aliases: tuple[str, ...] = ()

    def load(self) -> EngineFactory:
        if not isinstance(self.factory, str):
            return self.factory
        module_name, _, attribute = self.factory.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:  # an optional extra (or the engine) is not installed
            raise EngineUnavailableError(
                f"the {self.name!r} engine is not available in this installation "
                f"(module {exc.name or module_name} not found)"
            ) from exc
        return cast(EngineFactory, getattr(module, attribute))


class EngineRegistry:
    """Engines by name; compiled engines cached per rule set fingerprint, bounded, thread-safe."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._entries: dict[str, EngineEntry] = {}
        self._aliases: dict[str, str] = {}
        self._compiled: OrderedDict[tuple[str, str], Engine] = OrderedDict()
        self._lock = threading.Lock()  # guards _compiled
        self._build_lock = threading.RLock()  # one compilation at a time (they are rare)

    # -- backends ----------------------------------------------------------------------------
    def register(
        self,
        name: str,
        factory: EngineFactory | str,
        description: str = "",
        aliases: tuple[str, ...] = (),
        replace: bool = False,
    ) -> None:
        """Register a backend. ``factory`` is a callable or ``"package.module:attribute"``."""
        if not replace and (name in self._entries or name in self._aliases):
            raise ValueError(f"an engine named {name!r} is already registered")
        self._entries[name] = EngineEntry(name, factory, description, aliases)
        for alias in aliases:
            self._aliases[alias] = name
        self.release_engine(name)

    def names(self) -> tuple[str, ...]:
        """The registered backend names (aliases not included), in registration order."""
        return tuple(self._entries)

    def entry(self, name: str) -> EngineEntry:
        """The backend registered as ``name`` (or an alias); UnknownEngineError otherwise."""
        canonical = self._aliases.get(name, name)
        found = self._entries.get(canonical)
        if found is None:
            raise UnknownEngineError(name, self.names())
        return found

    # -- compiled engines --------------------------------------------------------------------
    def engine(self, ruleset: RuleSet, name: str = DEFAULT_ENGINE) -> Engine:
        """The engine ``name`` of ``ruleset``: compiled on first use, then shared."""
        entry = self.entry(name)
        key = (entry.name, ruleset.fingerprint)
        found = self._get(key)
        if found is not None:
            return found
        with self._build_lock:
            found = self._get(key)
            if found is None:
                found = entry.load()(ruleset)
                self._put(key, found)
        return found

    def cached(self) -> Iterator[tuple[str, str]]:
        """(engine name, rule set fingerprint) of every compiled engine held, oldest first."""
        with self._lock:
            return iter(list(self._compiled))

    def release(self, ruleset: RuleSet) -> None:
        """Forget every engine compiled for ``ruleset``."""
        self._drop(lambda key: key[1] == ruleset.fingerprint)

    def release_engine(self, name: str) -> None:
        """Forget every compiled engine of backend ``name``."""
        self._drop(lambda key: key[0] == name)

    def clear(self) -> None:
        """Forget every compiled engine."""
        self._drop(lambda key: True)

    def _get(self, key: tuple[str, str]) -> Engine | None:
        with self._lock:
            found = self._compiled.get(key)
            if found is not None:
                self._compiled.move_to_end(key)
            return found

    def _put(self, key: tuple[str, str], engine: Engine) -> None:
        with self._lock:
            self._compiled[key] = engine
            while len(self._compiled) > self.capacity:
                self._compiled.popitem(last=False)

    def _drop(self, match: Callable[[tuple[str, str]], bool]) -> None:
        with self._lock:
            for key in [k for k in self._compiled if match(k)]:
                del self._compiled[key]


ENGINES = EngineRegistry()
"""The process's registry: ``evaluate``, ``screen`` and the CLI choose engines through it."""

ENGINES.register(
    "python",
    "zyjob_rules.engine.scalar_engine:ScalarEngine",
    "compiled Python, the reference engine (traced or not)",
    aliases=("scalar",),
)
ENGINES.register(
    "durable",
    "zyjob_rules.engine.durable.backend:DurableEngine",
    "durable_rules (Rete) outcomes, checked against the reference (extra: rete)",
)
ENGINES.register(
    "columnar",
    "zyjob_rules.engine.columnar.backend:ColumnarBackend",
    "polars expressions for registries; traced decisions by the scalar engine (extra: columnar)",
)


def engine_for(ruleset: RuleSet, name: str = DEFAULT_ENGINE) -> Engine:
    """``ENGINES.engine(ruleset, name)``: the compiled engine ``name`` of ``ruleset``."""
    return ENGINES.engine(ruleset, name)


__all__ = ["DEFAULT_ENGINE", "ENGINES", "EngineEntry", "EngineRegistry", "engine_for"]
