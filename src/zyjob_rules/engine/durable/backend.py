"""``evaluate(..., backend="durable")``: Rete outcomes, checked against the default engine.

The network decides each rule's outcome; the default evaluator supplies what durable_rules does
not compute (amounts, eligible_from, traces, missing facts). The two must agree on every
outcome: a disagreement raises BackendMismatchError naming the rule and the case.
"""

from __future__ import annotations

from datetime import date

from ...explain.decision import Decision, Outcome
from ...model import Case
from ...ruleset.checked import RuleSet
from ..program import compile_ruleset
from ..registry import ENGINES
from ..scalar.context import NEGATIVE, POSITIVE, parameter_values
from ..scalar.evaluator import evaluate_rules
from .compiler import compile_network
from .errors import BackendMismatchError
from .facts import FactBuilder
from .host import DurableNetwork, Verdict, load_durable
from .limits import Limits
from .spec import NetworkSpec


class RuleNetwork:
    """A rule set compiled for durable_rules and registered in it, ready to decide cases."""

    def __init__(self, ruleset: RuleSet, limits: Limits | None = None) -> None:
        load_durable()  # fail early, with the install hint, before compiling anything
        self.ruleset = ruleset
        self.program = compile_ruleset(ruleset)
        self.spec: NetworkSpec = compile_network(ruleset, limits)
        self.durable = DurableNetwork(self.spec)

    def close(self) -> None:
        """Unregister the network's rulesets from durable_rules."""
        self.durable.close()

    def verdicts(self, case: Case, as_of: date) -> dict[tuple[str, str], Verdict | None]:
        """Each in-force rule's verdict per subject as the Rete network fires it: "T" (true),
        "F" (false), "NA" (not applicable), or None (nothing fired: unknown)."""
        builder = FactBuilder(self.spec, case, as_of, parameter_values(self.program, as_of))
        batches = []
        owners = {}
        for shard in self.spec.shards:
            facts = builder.for_shard(shard)
            batches.append((shard.name, facts.facts))
            owners.update(facts.rule_facts)
        fired = self.durable.run(batches)
        return {
            (owner.unit.rule.id, owner.subject.path): fired.get(fid)
            for fid, owner in owners.items()
        }


class DurableEngine:
    """The durable backend as the engine registry holds it: one network per rule set."""

    name = "durable"

    def __init__(self, ruleset: RuleSet) -> None:
        self.network = RuleNetwork(ruleset)

    @property
    def ruleset(self) -> RuleSet:
        return self.network.ruleset

    def decide(self, case: Case, as_of: date, trace: bool) -> list[Decision]:
        return evaluate_durable(self.network.ruleset, case, as_of, trace, self.network)

    def close(self) -> None:
        self.network.close()


def durable_network(ruleset: RuleSet) -> RuleNetwork:
    """The network of ``ruleset``, compiled and registered once (held by the engine registry)."""
    engine = ENGINES.engine(ruleset, "durable")
    assert isinstance(engine, DurableEngine)
    return engine.network


def outcome_of(verdict: Verdict | None, positive: Outcome, negative: Outcome) -> Outcome:
    if verdict is None:
        return Outcome.unknown
    return {"T": positive, "F": negative, "NA": Outcome.not_applicable}[verdict]


def evaluate_durable(
    ruleset: RuleSet, case: Case, as_of: date, trace: bool, network: RuleNetwork | None = None
) -> list[Decision]:
    """The default engine's Decisions, each outcome confirmed by the Rete network's firing.

    ``network`` defaults to the rule set's own (compiled and registered once, then cached).
    """
    network = network or durable_network(ruleset)
    decisions = evaluate_rules(network.program, case, as_of, trace)
    verdicts = network.verdicts(case, as_of)
    for d in decisions:
        rule = network.program.version_at(d.rule_id, as_of)
        assert rule is not None
        kind = rule.rule.spec.kind
        rete = outcome_of(verdicts.get((d.rule_id, d.subject)), POSITIVE[kind], NEGATIVE[kind])
        if rete is not d.outcome:
            raise BackendMismatchError(d.rule_id, case.id, d.subject, rete.value, d.outcome.value)
    if len(verdicts) != len(decisions):
        missing = set(verdicts) - {(d.rule_id, d.subject) for d in decisions}
        raise BackendMismatchError(
            ", ".join(sorted(r for r, _ in missing)) or "?",
            case.id,
            "?",
            "decided",
            "not decided",
        )
    return decisions
