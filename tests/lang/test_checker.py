"""The rule language: what parses, what type it has, and what is refused (with a column)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zyjob_rules.lang.checker import LangError, ParamInfo, Scope, parse_expression
from zyjob_rules.lang.nodes import Const, params_used
from zyjob_rules.lang.types import DECIMAL, INT, Type
from zyjob_rules.model import Organisation, Person, SkillLevel

SCOPE = Scope(
    roots={"organisation": Type("object", model=Organisation)},
    params={
        "p.amount": ParamInfo(DECIMAL),
        "p.months": ParamInfo(INT),
        "p.by_level": ParamInfo(DECIMAL, SkillLevel),
    },
    categories={"poor": Type("object", model=Person)},
)


@pytest.mark.parametrize(
    ("text", "kind", "nullable"),
    [
        ('organisation.org_kind in {"family_farm", "enterprise"}', "bool", False),
        ("organisation.decapacity", "bool", True),
        ("len(organisation.hires)", "int", False),
        ("count(h for h in organisation.hires if poor(h.worker))", "int", True),
        ("count(h for h in organisation.hires)", "int", False),
        ("sum(p.enterprise_paid for p in organisation.ui_premiums)", "decimal", False),
        ("first(p.year for p in organisation.ui_premiums if p.year == last_year)", "int", True),
        ('param("p.amount") * 2', "decimal", True),
        ("months_between(organisation.registered_on, as_of) >= 12", "bool", True),
        ("coalesce(organisation.registered_on, as_of)", "date", False),
        ("exists(organisation.registered_on)", "bool", False),
        ('date("2017-12-12") <= as_of', "bool", False),
        ("1 / 3", "decimal", False),
        ("all(h.open_ended for h in organisation.hires)", "bool", False),
        ("max(h.start_date for h in organisation.hires)", "date", True),
        ("0 if len(organisation.hires) == 0 else 1000", "int", False),
    ],
)
def test_types(text: str, kind: str, nullable: bool) -> None:
    node = parse_expression(text, SCOPE)
    assert (node.type.kind, node.type.nullable) == (kind, nullable)


def test_decimal_literals_are_exact() -> None:
    node = parse_expression("0.70", SCOPE)
    assert isinstance(node, Const) and node.value == Decimal("0.70")


def test_parameters_used_are_listed() -> None:
    node = parse_expression('param("p.months") + param("p.months") * 2', SCOPE)
    assert params_used(node) == ["p.months"]


def test_keyed_parameter_needs_a_key_of_its_enum() -> None:
    scope = Scope({"person": Type("object", model=Person)}, SCOPE.params, {})
    text = 'sum(param("p.by_level", c.level) for c in person.certificates)'
    assert parse_expression(text, scope).type.kind == "decimal"
    with pytest.raises(LangError, match="keyed by SkillLevel: add the key"):
        parse_expression('param("p.by_level")', scope)
    with pytest.raises(LangError, match="is not keyed"):
        parse_expression('param("p.amount", person.sex)', scope)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "organisation.org_knd",
            "unknown field 'org_knd' of Organisation (did you mean org_kind?)",
        ),
        ('organisation.org_kind == "farm"', "'farm' is not a value of OrganisationKind"),
        ("organisation.registered_on > 3", "cannot compare date (may be missing) with int"),
        ("organisation.decapacity + 1", "arithmetic needs numbers"),
        ("organisation.hires", None),  # fine as an expression, but not as a condition (below)
        ("__import__('os')", "unknown function '__import__'"),
        ("organisation.__class__", "'__class__' is not a model field"),
        ("(lambda: 1)()", "cannot be called"),
        ("organisation.hires[0]", "Subscript is not allowed"),
        ("[h for h in organisation.hires]", "ListComp is not allowed"),
        ("organisation.decapacity is None", "'is' comparisons are not allowed; use exists()"),
        ("1 < 2 < 3", "write chained comparisons with 'and'"),
        ("sum(h for h in organisation.hires)", "sum() needs numbers"),
        ('param("nope")', "unknown parameter 'nope'"),
        ("poor(organisation)", "category 'poor' applies to Person"),
        ("months_between(1, as_of)", "months_between() start must be a date"),
        ("organisation.org_kind in organisation.org_kind", "'in' needs a literal set"),
        ("x", "unknown name 'x'"),
        ("organisation.decapacity and", "syntax error"),
        ("min(as_of)", "takes 2 to 8 argument(s)"),
    ],
)
def test_refused_with_a_plain_message(text: str, message: str | None) -> None:
    if message is None:
        with pytest.raises(LangError, match="a condition must be true/false"):
            parse_expression(text, SCOPE, expect="bool")
        return
    with pytest.raises(LangError) as info:
        parse_expression(text, SCOPE)
    assert message in info.value.message
    assert info.value.column is not None


def test_conditions_must_be_true_or_false_and_amounts_numbers() -> None:
    with pytest.raises(LangError, match="a condition must be true/false"):
        parse_expression("len(organisation.hires)", SCOPE, expect="bool")
    with pytest.raises(LangError, match="an amount must be a number"):
        parse_expression("organisation.decapacity", SCOPE, expect="number")


def test_multiline_yaml_text_is_one_expression() -> None:
    text = "organisation.decapacity\n    and organisation.ui_insured"
    assert parse_expression(text, SCOPE).type.kind == "bool"
