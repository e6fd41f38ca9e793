"""The evaluator's contract on small purpose-built rule sets: three-valued logic, complete
traces, errors that are never turned into "not eligible", unset parameters, trace=False."""

from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from optional_extras import BACKENDS

from zyjob_rules import Outcome, RuleSetError, Verdict, evaluate, load_ruleset
from zyjob_rules.engine.scalar.runtime import EvaluationError
from zyjob_rules.ruleset.checked import RuleSet

PARAMS = """\
parameters:
  - id: t.amount
    label: {zh: 金额, en: amount}
    unit: yuan
    values:
      - {from: "2017-01-01", value: "500", source: test}
  - id: t.unset
    label: {zh: 未定, en: unset}
    unit: yuan
    values:
      - from: "2017-01-01"
        value: null
        source: 某文件
        note: {zh: 按某文件执行, en: set by some regulation}
  - id: t.later
    label: {zh: 阈值, en: threshold}
    unit: months
    values:
      - {from: "2017-01-01", value: 6, source: first}
      - {from: "2019-01-01", value: 3, source: second}
"""


def rules(tmp_path: Path, body: str) -> RuleSet:
    (tmp_path / "p.yaml").write_text(PARAMS, encoding="utf-8")
    (tmp_path / "r.yaml").write_text(
        "rules:\n" + textwrap.indent(textwrap.dedent(body), "  "), encoding="utf-8"
    )
    return load_ruleset(tmp_path)


def rule(
    conditions: list[str],
    amount: str = 'param("t.amount")',
    beneficiary: str = "person",
    kind: str = "entitlement",
) -> str:
    conds = "\n".join(
        f"  - id: c{i}\n    label: {{zh: 条件{i}, en: condition {i}}}\n    when: '{c}'"
        for i, c in enumerate(conditions)
    )
    return (
        f"- id: r\n  title: {{zh: 规则, en: rule}}\n  clause: （十九）\n  quote: 测试\n"
        f'  beneficiary: {beneficiary}\n  kind: {kind}\n  effective: {{from: "2017-01-01"}}\n'
        f"  conditions:\n{textwrap.indent(conds, '  ')}\n  amount: '{amount}'\n"
    )


def person(**facts: object) -> dict[str, object]:
    return {"applicant": {"kind": "person", **facts}}


AS_OF = date(2018, 6, 1)


@pytest.mark.parametrize(
    ("a", "b", "and_outcome", "or_outcome"),
    [
        (True, True, "eligible", "eligible"),
        (True, False, "not_eligible", "eligible"),
        (False, None, "not_eligible", "unknown"),
        (True, None, "unknown", "eligible"),
        (None, None, "unknown", "unknown"),
    ],
)
def test_kleene_logic(
    tmp_path: Path, a: bool | None, b: bool | None, and_outcome: str, or_outcome: str
) -> None:
    facts = {k: v for k, v in (("graduate", a), ("disabled", b)) if v is not None}
    sub_and, sub_or = tmp_path / "and", tmp_path / "or"
    sub_and.mkdir()
    sub_or.mkdir()
    r_and = rules(sub_and, rule(["person.graduate and person.disabled"]))
    r_or = rules(sub_or, rule(["person.graduate or person.disabled"]))
    assert evaluate(person(**facts), AS_OF, r_and).decision("r").outcome.value == and_outcome
    assert evaluate(person(**facts), AS_OF, r_or).decision("r").outcome.value == or_outcome


def test_every_condition_is_traced_and_every_failure_listed(tmp_path: Path) -> None:
    rs = rules(tmp_path, rule(["person.graduate", "person.disabled", "person.veteran_soldier"]))
    d = evaluate(person(graduate=False, disabled=False), AS_OF, rs).decision("r")
    assert d.outcome is Outcome.not_eligible
    assert [c.verdict for c in d.trace] == [Verdict.not_met, Verdict.not_met, Verdict.unknown]
    assert [c.id for c in d.failed_conditions()] == ["c0", "c1"]
    assert d.trace[0].reads[0].path == "applicant.graduate"
    assert d.trace[0].reads[0].value is False
    assert d.missing == []  # not_eligible: nothing left to ask


def test_unknown_lists_missing_facts_with_and_without_trace(tmp_path: Path) -> None:
    rs = rules(tmp_path, rule(["person.graduate", "years_between(person.birth_date, as_of) >= 16"]))
    for trace in (True, False):
        d = evaluate(person(graduate=True), AS_OF, rs, trace=trace).decision("r")
        assert d.outcome is Outcome.unknown
        assert d.missing == ["applicant.birth_date"]
        assert (d.trace == []) is (not trace)


def test_a_formula_error_raises_and_is_never_not_eligible(tmp_path: Path) -> None:
    rs = rules(tmp_path, rule(["person.graduate"], amount='param("t.amount") / 0'))
    with pytest.raises(EvaluationError, match="division by zero"):
        evaluate(person(graduate=True), AS_OF, rs)


def test_unset_parameter_in_amount_says_set_by_other_regulations(tmp_path: Path) -> None:
    rs = rules(tmp_path, rule(["person.graduate"], amount='param("t.unset")'))
    d = evaluate(person(graduate=True), AS_OF, rs).decision("r")
    assert d.outcome is Outcome.eligible
    assert d.amount is None
    assert d.amount_reason_en == "Amount set by other regulations: set by some regulation"
    assert d.amount_reason_zh is not None and "按某文件执行" in d.amount_reason_zh


def test_unset_parameter_in_condition_is_unknown_and_named(tmp_path: Path) -> None:
    rs = rules(tmp_path, rule(['person.severance_lump_sum >= param("t.unset")']))
    d = evaluate(person(severance_lump_sum="10"), AS_OF, rs).decision("r")
    assert d.outcome is Outcome.unknown
    assert d.missing == ["t.unset"]


def test_dated_parameter_value_and_its_trace(tmp_path: Path) -> None:
    rs = rules(tmp_path, rule(['months_between(person.employed_since, as_of) >= param("t.later")']))
    case = person(employed_since="2018-12-15")
    early = evaluate(case, date(2019, 3, 14), rs).decision("r")
    late = evaluate(case, date(2019, 3, 15), rs).decision("r")
    assert early.outcome is Outcome.not_eligible and late.outcome is Outcome.eligible
    use = late.trace[0].params[0]
    assert (use.id, use.value, use.effective_from, use.source) == (
        "t.later",
        3,
        date(2019, 1, 1),
        "second",
    )
    old = evaluate(person(employed_since="2017-12-15"), date(2018, 6, 14), rs).decision("r")
    assert old.trace[0].params[0].value == 6 and old.outcome is Outcome.not_eligible


def test_eligible_from_is_the_first_qualifying_day(tmp_path: Path) -> None:
    rs = rules(tmp_path, rule(["months_between(person.employed_since, as_of) >= 6"]))
    d = evaluate(person(employed_since="2017-08-31"), date(2018, 1, 15), rs).decision("r")
    assert d.outcome is Outcome.not_eligible
    assert d.eligible_from == date(2018, 2, 28)
    assert (
        evaluate(person(employed_since="2017-08-31"), date(2018, 2, 27), rs).decision("r").outcome
        is Outcome.not_eligible
    )
    assert (
        evaluate(person(employed_since="2017-08-31"), date(2018, 2, 28), rs).decision("r").outcome
        is Outcome.eligible
    )


def test_no_eligible_from_when_something_else_fails(tmp_path: Path) -> None:
    rs = rules(
        tmp_path, rule(["months_between(person.employed_since, as_of) >= 6", "person.graduate"])
    )
    d = evaluate(
        person(employed_since="2017-08-31", graduate=False), date(2018, 1, 15), rs
    ).decision("r")
    assert d.outcome is Outcome.not_eligible and d.eligible_from is None


def test_trace_false_decides_the_same(tmp_path: Path) -> None:
    rs = rules(tmp_path, rule(["person.graduate or person.disabled", "not person.veteran_soldier"]))
    for facts in (
        {},
        {"graduate": True},
        {"graduate": True, "veteran_soldier": False},
        {"disabled": False},
    ):
        a = evaluate(person(**facts), AS_OF, rs, trace=True).decision("r")
        b = evaluate(person(**facts), AS_OF, rs, trace=False).decision("r")
        assert (a.outcome, a.amount, a.missing, a.eligible_from) == (
            b.outcome,
            b.amount,
            b.missing,
            b.eligible_from,
        )


def test_discretionary_and_obligation_outcome_words(tmp_path: Path) -> None:
    for kind, yes, no in (
        ("discretionary", "may_consider", "not_eligible"),
        ("obligation", "met", "not_met"),
    ):
        sub = tmp_path / kind
        sub.mkdir()
        rs = rules(sub, rule(["person.graduate"], kind=kind))
        assert evaluate(person(graduate=True), AS_OF, rs).decision("r").outcome.value == yes
        assert evaluate(person(graduate=False), AS_OF, rs).decision("r").outcome.value == no


def test_rules_apply_only_to_their_beneficiary_and_household_members(tmp_path: Path) -> None:
    rs = rules(tmp_path, rule(["person.graduate"]))
    org = {"applicant": {"kind": "organisation", "org_kind": "enterprise"}}
    assert evaluate(org, AS_OF, rs).decisions == []
    household = {
        "applicant": {"kind": "household", "members": [{"graduate": True}, {"graduate": False}]}
    }
    report = evaluate(household, AS_OF, rs)
    assert [(d.subject, d.outcome.value) for d in report.decisions] == [
        ("applicant.members[0]", "eligible"),
        ("applicant.members[1]", "not_eligible"),
    ]
    assert (
        report.decision("r", "applicant.members[0]").trace[0].reads[0].path
        == "applicant.members[0].graduate"
    )


def test_rule_not_in_force_gives_no_decision(tmp_path: Path) -> None:
    rs = rules(tmp_path, rule(["person.graduate"]))
    assert evaluate(person(graduate=True), date(2016, 12, 31), rs).decisions == []


def test_amount_rounds_half_up_to_the_fen(tmp_path: Path) -> None:
    rs = rules(tmp_path, rule(["person.graduate"], amount="person.severance_lump_sum * 0.70"))
    d = evaluate(person(graduate=True, severance_lump_sum="10000.05"), AS_OF, rs).decision("r")
    assert d.amount == Decimal("7000.04")


def test_as_of_defaults_to_the_case_date(tmp_path: Path) -> None:
    rs = rules(tmp_path, rule(["person.graduate"]))
    report = evaluate({"as_of": "2018-03-01", **person(graduate=True)}, rules=rs)
    assert report.stamp.as_of == date(2018, 3, 1)
    assert report.stamp.ruleset_version == rs.version


def scoped_rule() -> str:
    return rule(["person.graduate"], kind="obligation").replace(
        "  conditions:\n",
        "  applies_when:\n  - id: s0\n    label: {zh: 范围, en: scope}\n"
        "    when: 'person.veteran_soldier'\n"
        "  conditions:\n",
    )


def test_applies_when_false_is_not_applicable(tmp_path: Path) -> None:
    rs = rules(tmp_path, scoped_rule())
    for trace in (True, False):
        d = evaluate(person(veteran_soldier=False), AS_OF, rs, trace=trace).decision("r")
        assert d.outcome is Outcome.not_applicable and d.missing == []
        assert not d.outcome.positive
        assert [c.verdict for c in d.scope] == ([Verdict.not_met] if trace else [])
        assert d.trace == []  # the conditions are not judged for someone out of scope


def test_applies_when_unknown_names_the_missing_scope_fact(tmp_path: Path) -> None:
    rs = rules(tmp_path, scoped_rule())
    for trace in (True, False):
        d = evaluate(person(graduate=False), AS_OF, rs, trace=trace).decision("r")
        assert d.outcome is Outcome.unknown
        assert d.missing == ["applicant.veteran_soldier"]


def test_applies_when_true_then_the_conditions_decide(tmp_path: Path) -> None:
    rs = rules(tmp_path, scoped_rule())
    met = evaluate(person(veteran_soldier=True, graduate=True), AS_OF, rs).decision("r")
    not_met = evaluate(person(veteran_soldier=True, graduate=False), AS_OF, rs).decision("r")
    assert (met.outcome, not_met.outcome) == (Outcome.met, Outcome.not_met)
    assert [c.verdict for c in met.scope] == [Verdict.met]


def test_category_of_a_subject_that_may_be_missing_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        textwrap.dedent(
            """\
            categories:
              - id: marked
                title: {zh: 标记, en: marked}
                clause: （十三）
                quote: 贫困家庭劳动力
                subject: person
                combine: any
                conditions:
                  - id: poor
                    label: {zh: 贫困, en: poor}
                    when: person.poor_household_labor
            """
        ),
        encoding="utf-8",
    )
    body = rule(
        ["marked(first(h.worker for h in organisation.hires if h.open_ended))"],
        beneficiary="organisation",
    )
    rs = rules(tmp_path, body)
    hire = {
        "worker": {"poor_household_labor": True},
        "start_date": "2018-01-01",
        "contract_type": "labor_contract",
    }
    org = {"kind": "organisation", "org_kind": "enterprise"}
    for trace in (True, False):
        none = evaluate({"applicant": {**org, "hires": [hire]}}, AS_OF, rs, trace=trace)
        assert none.decision("r").outcome is Outcome.unknown
        some = evaluate(
            {"applicant": {**org, "hires": [{**hire, "open_ended": True}]}}, AS_OF, rs, trace=trace
        )
        assert some.decision("r").outcome is Outcome.eligible


@pytest.mark.parametrize(
    ("marks", "op", "n", "outcome"),
    [
        ([True, True, None], ">=", 2, "eligible"),  # two sure items reach 2 whatever the third is
        ([True, None], ">=", 2, "unknown"),
        ([False, None], ">=", 3, "not_eligible"),  # at most 1 < 3
        ([True, True, True, None], "<=", 2, "not_eligible"),
        ([True, None], "<", 3, "eligible"),
        ([True, None], "==", 1, "unknown"),
        ([True, False], "==", 1, "eligible"),
        ([True, True, None], "!=", 1, "eligible"),
    ],
)
def test_a_count_against_a_threshold_is_decided_on_its_interval(
    tmp_path: Path, marks: list[bool | None], op: str, n: int, outcome: str
) -> None:
    condition = f"count(t for t in person.trainings if t.in_catalogue) {op} {n}"
    rs = rules(tmp_path, rule([condition]))
    trainings = [{"course": "c", **({} if m is None else {"in_catalogue": m})} for m in marks]
    for trace in (True, False):
        for backend in BACKENDS:  # the Rete network must agree
            report = evaluate(person(trainings=trainings), AS_OF, rs, trace=trace, backend=backend)
            assert report.decision("r").outcome.value == outcome
    (tmp_path / "flipped").mkdir()
    flip = {">=": "<=", "<=": ">=", "<": ">", ">": "<", "==": "==", "!=": "!="}[op]
    mirrored = rules(
        tmp_path / "flipped",
        rule([f"{n} {flip} count(t for t in person.trainings if t.in_catalogue)"]),
    )
    assert (
        evaluate(person(trainings=trainings), AS_OF, mirrored).decision("r").outcome.value
        == outcome
    )


def test_a_flag_parameter_is_a_dated_yes_no_choice(tmp_path: Path) -> None:
    flag = """\
  - id: t.flag
    label: {zh: 是否计入, en: counted}
    unit: flag
    values:
      - {from: "2017-01-01", value: true, source: decision}
      - {from: "2019-01-01", value: false, source: later decision}
"""
    (tmp_path / "flag.yaml").write_text("parameters:\n" + flag, encoding="utf-8")
    rs = rules(tmp_path, rule(['person.graduate or param("t.flag")']))
    for backend in BACKENDS:
        early = evaluate(person(graduate=False), date(2018, 6, 1), rs, backend=backend)
        late = evaluate(person(graduate=False), date(2019, 6, 1), rs, backend=backend)
        assert early.decision("r").outcome is Outcome.eligible
        assert late.decision("r").outcome is Outcome.not_eligible
    (tmp_path / "flag.yaml").write_text(
        "parameters:\n" + flag.replace("value: true", 'value: "yes"'), encoding="utf-8"
    )
    with pytest.raises(RuleSetError, match="a flag is true or false"):
        load_ruleset(tmp_path)
