"""The one module that touches durable_rules (untyped, C core): registration, sessions, actions.

Fences against durable_rules 2.0.28's hazards (docs/durable-backend.md, DESIGN §5):

- facts are asserted (``assert_facts``), never posted as events;
- one fixed session id, and the session is deleted in ``finally``: durable keeps at most 1024
  sessions per ruleset and keys them by a 32-bit hash of the sid;
- an always-firing sentinel rule runs first in every session, so deleting it never frees the
  uninitialised pointer of a session in which no action ever ran (a process abort); if it did not
  fire, the session is *not* deleted and the network refuses further work;
- one lock per network: a ruleset used from two threads at once aborts the process. The host
  starts none of durable's two timer threads (they would dispatch actions concurrently);
- actions are bound by name, and every exception raised in one is captured and re-raised here
  (durable swallows them into the session state);
- durable's Python wrapper raises before running any action when one fact of a batch matched
  nothing; the C functions are called directly and "not handled" is accepted;
- the ruleset dict is deep-copied before ``register_rulesets``, which deletes its ``run`` keys.
"""

from __future__ import annotations

import copy
import importlib
import json
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Literal

from .errors import DurableActionError, DurableEngineError, DurableUnavailableError
from .spec import (
    CATEGORY_VERDICT,
    FALSE_UPTO,
    GO,
    ITEM_FALSE,
    NODE_VERDICT,
    ActionSpec,
    NetworkSpec,
)

SID = "zyjob"
Verdict = Literal["T", "F", "NA"]  # true, false, not applicable (no verdict: unknown)
_NOT_HANDLED, _OBSERVED = 1, 2
GO_FACT = {"id": GO, "t": GO, "k": GO}


def load_durable() -> tuple[ModuleType, ModuleType]:
    """durable's Python engine and its C extension, or DurableUnavailableError naming the extra."""
    try:
        engine = importlib.import_module("durable.engine")
        core = importlib.import_module("durable_rules_engine")
    except ImportError as exc:
        raise DurableUnavailableError(str(exc)) from exc
    return engine, core


@dataclass
class _Run:
    """What the actions of one shard's session record."""

    sentinel: bool = False
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    derived: dict[tuple[str, str, str], bool] = field(default_factory=dict)
    errors: list[BaseException] = field(default_factory=list)
    fired: int = 0
    next_id: int = 0


class _OwnedRulesets:
    """The handles of a network's rulesets in durable's C core; calling it deletes them once.

    Holds no reference to the network, so it can run as the network's finalizer.
    """

    def __init__(self, core: ModuleType, handles: list[int]) -> None:
        self.core = core
        self.handles = handles
        self.keep = False  # a session could not be deleted safely: keep everything (see run)

    def __call__(self) -> None:
        handles, self.handles = self.handles, []
        if not self.keep:
            for handle in handles:
                self.core.delete_ruleset(handle)


def _host_class(engine: ModuleType) -> Any:
    class Host(engine.Host):  # type: ignore[name-defined,misc]
        """durable's Host with named actions and without its timer threads."""

        def __init__(self, actions: dict[str, Callable[[Any], None]]) -> None:
            self._zy_actions = actions
            super().__init__()

        def get_action(self, action_name: str) -> Callable[[Any], None]:
            return self._zy_actions[action_name]

        def _run(self) -> None:  # durable would start two timer threads dispatching actions
            return None

    return Host


class DurableNetwork:
    """A compiled network registered in durable_rules: one host, one ruleset per shard."""

    def __init__(self, spec: NetworkSpec) -> None:
        engine, self._core = load_durable()
        self.spec = spec
        self._lock = threading.Lock()
        self._current = _Run()
        self._broken: str | None = None
        self.actions = {name: self._make_action(a) for name, a in spec.actions.items()}
        self._host = _host_class(engine)(self.actions)
        definition = spec.definition()
        self.registered = copy.deepcopy(definition)  # durable deletes the `run` keys it is given
        self._host.register_rulesets(definition)
        self._rulesets = {s.name: self._host.get_ruleset(s.name) for s in spec.shards}
        # durable's C core keeps every ruleset (its Rete network, ~2 MB for the bundled rules)
        # until delete_ruleset: freed when this network is closed or garbage-collected.
        self._owned = _OwnedRulesets(self._core, [r._handle for r in self._rulesets.values()])
        weakref.finalize(self, self._owned)

    # -- actions ------------------------------------------------------------------------------
    def _make_action(self, spec: ActionSpec) -> Callable[[Any], None]:
        def action(c: Any) -> None:
            run = self._current
            run.fired += 1
            try:
                self._perform(run, spec, c._m, c._ruleset._handle)
            except BaseException as exc:  # durable would swallow it into the session state
                run.errors.append(DurableActionError(spec.name, exc))

        return action

    def _perform(self, run: _Run, spec: ActionSpec, matched: dict[str, Any], handle: int) -> None:
        kind = spec.kind
        if kind == "sentinel":
            run.sentinel = True
        elif kind in ("verdict", "not_applicable"):
            fid = matched["f"]["id"]
            verdict: Verdict = "NA" if kind == "not_applicable" else "T" if spec.value else "F"
            previous = run.verdicts.setdefault(fid, verdict)
            if previous != verdict:
                raise DurableEngineError(f"rule fact {fid} matched both {previous} and {verdict}")
        elif kind == "category":
            fact = {
                "t": CATEGORY_VERDICT,
                "k": spec.target,
                "o": matched["f"]["o"],
                "v": spec.value,
            }
            self._derive(run, handle, fact, fact["o"], spec.value)
        elif kind == "node":
            self._derive(
                run,
                handle,
                {"t": NODE_VERDICT, "k": spec.target, "x": matched["f"]["id"]},
                matched["f"]["id"],
                True,
            )
        elif kind == "item_false":
            item = matched["f"]
            self._derive(
                run,
                handle,
                {"t": ITEM_FALSE, "k": spec.target, "s": item["s"], "j": item["j"]},
                f"{item['s']}#{item['j']}",
                True,
            )
        elif kind == "chain":
            upto = matched["c"]
            j = upto["j"] + 1
            self._derive(
                run,
                handle,
                {"t": FALSE_UPTO, "k": spec.target, "s": upto["s"], "j": j},
                f"{upto['s']}#{j}",
                True,
            )
        else:  # pragma: no cover - the compiler emits no other kind
            raise DurableEngineError(f"unknown action kind {kind}")

    def _derive(
        self, run: _Run, handle: int, fact: dict[str, Any], about: str, value: bool
    ) -> None:
        """Assert a derived fact once (durable raises on a second identical one)."""
        key = (fact["t"], fact["k"], about)
        if key in run.derived:  # several rules (or $or branches) derive the same fact
            if run.derived[key] != value:
                raise DurableEngineError(f"{fact['t']} {fact['k']} of {about} derived both ways")
            return
        run.derived[key] = value
        run.next_id += 1
        fact = {**fact, "id": f"d{run.next_id}", "sid": SID}
        code, _ = self._core.assert_fact(handle, json.dumps(fact))
        if code == _OBSERVED:
            raise DurableEngineError(f"derived fact observed twice: {fact}")

    # -- sessions -----------------------------------------------------------------------------
    def run(self, shard_facts: Iterable[tuple[str, list[dict[str, Any]]]]) -> dict[str, Verdict]:
        """Assert each shard's facts in its own session; the verdicts by rule fact id."""
        verdicts: dict[str, Verdict] = {}
        with self._lock:
            if self._broken:
                raise DurableEngineError(f"network unusable: {self._broken}")
            for name, facts in shard_facts:
                verdicts.update(self._run_shard(name, facts))
        return verdicts

    def _run_shard(self, name: str, facts: list[dict[str, Any]]) -> dict[str, Verdict]:
        ruleset = self._rulesets[name]
        run = self._current = _Run()
        self._assert(ruleset, [GO_FACT])
        if not run.sentinel:
            # Deleting a session in which no action ever ran can abort the process.
            self._broken = f"the sentinel rule of {name} did not fire; its session is kept"
            self._owned.keep = True
            raise DurableEngineError(self._broken)
        try:
            self._assert(ruleset, facts)
        finally:
            ruleset.delete_state(SID)
        if run.errors:
            first = run.errors[0]
            raise first if isinstance(first, DurableActionError) else DurableEngineError(str(first))
        return run.verdicts

    def _assert(self, ruleset: Any, facts: list[dict[str, Any]]) -> None:
        if not facts:
            # assert_facts("[]") returns an uninitialised session handle, and running the
            # actions of that handle crashes the process (segmentation fault).
            return
        payload = json.dumps([{**f, "sid": SID} for f in facts])
        code, state = self._core.assert_facts(ruleset._handle, payload)
        if code == _OBSERVED:
            raise DurableEngineError("a fact was asserted twice in one session")
        failures: list[BaseException] = []

        def complete(error: BaseException | None, _state: Any) -> None:
            if error:
                failures.append(error)

        ruleset.do_actions(state, complete)
        if failures:
            raise DurableEngineError(f"durable_rules failed running actions: {failures[0]}")

    def close(self) -> None:
        """Delete the network's rulesets inside durable_rules now (otherwise done when the
        network is garbage-collected). Idempotent; afterwards the network refuses work."""
        with self._lock:
            self._broken = self._broken or "the network was closed"
            self._rulesets = {}
            self._host = None
            self._owned()

    def session_exists(self, shard: str) -> bool:
        """Whether durable still holds the fixed session of ``shard`` (for tests)."""
        with self._lock:
            try:
                self._rulesets[shard].get_state(SID)
            except Exception:
                return False
            return True
