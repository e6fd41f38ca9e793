"""Differential tests: the durable_rules backend against the default engine.

``evaluate(backend="durable")`` already raises BackendMismatchError when the Rete firing and the
default engine disagree on an outcome; these tests also compare what the two reports say
(outcome, amount, eligible_from, missing facts) on generated cases of every applicant kind, on
the bundled examples and case files, and on a synthetic rule set that uses every node type of the
expression language (all_nodes/rules.yaml). ``ZYJOB_DURABLE_EXAMPLES`` sets how many cases.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from durable_helpers import env_int, example, example_cases
from hypothesis import HealthCheck, given, settings

from zyjob_rules import evaluate
from zyjob_rules.casefiles import find_case_files, load_case_file
from zyjob_rules.engine.durable import (
    BackendMismatchError,
    Limits,
    RuleNetwork,
    evaluate_durable,
)
from zyjob_rules.engine.scalar.evaluator import evaluate_rules
from zyjob_rules.engine.scalar.runtime import EvaluationError
from zyjob_rules.model import Case, parse_case
from zyjob_rules.ruleset.checked import RuleSet
from zyjob_rules.testing import ApplicantKind, cases

PER_KIND = env_int("ZYJOB_DURABLE_EXAMPLES", 100)
KINDS: list[ApplicantKind] = ["person", "household", "organisation"]
CASE_FILES = find_case_files(Path(__file__).parents[1] / "cases")


def report_summary(case: Case | dict[str, Any], rules: RuleSet, backend: str,
                   as_of: date | None = None, trace: bool = False) -> list[Any]:
    report = evaluate(case, as_of=as_of, rules=rules, trace=trace, backend=backend)
    assert report.stamp.backend == backend
    return [
        (d.rule_id, d.subject, d.outcome, d.amount, d.amount_reason_en, d.eligible_from,
         tuple(d.missing))
        for d in report.decisions
    ]


def agree(case: Case | dict[str, Any], rules: RuleSet, as_of: date | None = None,
          trace: bool = False) -> None:
    try:
        expected = report_summary(case, rules, "python", as_of, trace)
    except EvaluationError as exc:  # e.g. a division by zero: both backends raise it
        with pytest.raises(type(exc)):
            report_summary(case, rules, "durable", as_of, trace)
        return
    assert report_summary(case, rules, "durable", as_of, trace) == expected


def _settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("kind", KINDS)
def test_bundled_rules_agree_on_generated_cases(
    kind: ApplicantKind, bundled: RuleSet, bundled_network: RuleNetwork
) -> None:
    @_settings(PER_KIND)
    @given(case=cases(kind))
    def check(case: Case) -> None:
        agree(case, bundled)

    check()


@pytest.mark.parametrize("kind", KINDS)
def test_every_node_type_agrees_on_generated_cases(kind: ApplicantKind, all_nodes: RuleSet) -> None:
    @_settings(max(PER_KIND // 2, 1))
    @given(case=cases(kind))
    def check(case: Case) -> None:
        agree(case, all_nodes)

    check()


def test_split_networks_agree_too(all_nodes: RuleSet) -> None:
    """Rules spread over several durable rulesets (shards) give the same decisions."""
    network = RuleNetwork(all_nodes, Limits(max_units_per_shard=3))
    assert len(network.spec.shards) > 2

    @_settings(max(PER_KIND // 2, 1))
    @given(case=cases())
    def check(case: Case) -> None:
        assert case.as_of is not None
        try:
            expected = evaluate_rules(network.program, case, case.as_of, False)
        except EvaluationError:
            return
        got = evaluate_durable(all_nodes, case, case.as_of, False, network=network)
        assert [d.outcome for d in got] == [d.outcome for d in expected]

    check()


def test_bundled_examples_agree_traced_and_untraced(bundled: RuleSet) -> None:
    for case in example_cases():
        for day in (case.as_of, date(2017, 12, 12), date(2021, 1, 1)):
            agree(case, bundled, day, trace=False)
            agree(case, bundled, day, trace=True)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case_files_agree(path: Any, bundled: RuleSet) -> None:
    for spec in load_case_file(path):
        agree(parse_case(spec.case), bundled, spec.as_of)


def test_a_disagreement_is_an_error_naming_rule_and_case(
    bundled: RuleSet, bundled_network: RuleNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    durable = bundled_network.durable
    perform = durable._perform

    def lying(run: Any, spec: Any, matched: Any, handle: int) -> None:
        if spec.kind == "verdict":
            spec = type(spec)(spec.kind, spec.target, not spec.value)
        perform(run, spec, matched, handle)

    monkeypatch.setattr(durable, "_perform", lying)
    case = example("poor_worker_loan_80k")
    with pytest.raises(BackendMismatchError) as err:
        evaluate(case, rules=bundled, backend="durable")
    assert err.value.case_id == case.id
    assert err.value.rule_id in {r.id for r in bundled.rules}
    assert err.value.rule_id in str(err.value) and str(case.id) in str(err.value)
