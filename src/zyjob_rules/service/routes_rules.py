"""What the rules say: ``/v1/rules``, ``/v1/rules/{rule_id}``, ``/v1/parameters``, the schemas."""

from __future__ import annotations

import difflib
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from ..explain.contract import Report, json_schema
from ..model import Case
from .dependencies import pinned_rules
from .openapi_docs import ERROR_RESPONSES, NOT_FOUND
from .problems import unknown_rule
from .rules_state import LoadedRules
from .rules_view import parameter_view, rule_detail, rule_summary, version_for

router = APIRouter(prefix="/v1", tags=["rules / 规则"])
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DAY_DOC = "参数取值日 YYYY-MM-DD（默认当日） / the date of the values shown (default: today)"
Day = Annotated[date | None, Query(alias="as_of", description=DAY_DOC)]


@router.get(
    "/rules",
    summary="全部规则 / every rule",
    description="每条规则（各版本）的条款、对象、类型与施行期间。\n\nEvery rule version with "
    "its clause, beneficiary, kind and effective period.",
    responses=ERROR_RESPONSES,
)
def list_rules(
    rules: Annotated[LoadedRules, Depends(pinned_rules)], day: Day = None
) -> dict[str, Any]:
    on = day or date.today()
    return {
        "ruleset_version": rules.version,
        "as_of": on.isoformat(),
        "rules": [rule_summary(r, on) for r in rules.ruleset.rules],
    }


@router.get(
    "/rules/{rule_id}",
    summary="一条规则：文字说明与数据 / one rule, in words and as data",
    description="规则原文、条件、金额及所用参数在指定日的取值与来源。\n\nThe rule's quote, "
    "conditions by label, amount, the rule as data and every parameter it reads with its value "
    "on the date and its source.",
    responses={**ERROR_RESPONSES, **NOT_FOUND},
)
def show_rule(
    rules: Annotated[LoadedRules, Depends(pinned_rules)],
    rule_id: Annotated[str, Path(description="规则编号 / rule id, e.g. poverty_hire_award")],
    day: Day = None,
) -> dict[str, Any]:
    versions = rules.ruleset.versions(rule_id)
    if not versions:
        raise unknown_rule(rule_id, difflib.get_close_matches(rule_id, rules.ruleset.rule_ids(), 3))
    on = day or date.today()
    return {
        "ruleset_version": rules.version,
        "as_of": on.isoformat(),
        "rule": rule_detail(version_for(versions, on), rules.ruleset, on),
    }


@router.get(
    "/parameters",
    summary="参数取值及来源 / parameter values in force, with sources",
    description="各参数在指定日的取值、生效日期与来源；按其他规定确定的参数标明 unset。\n\n"
    "Every parameter's value in force on the date, from when, and its source; values the "
    "policy leaves to other regulations are `unset`, with the regulation in `note`.",
    responses=ERROR_RESPONSES,
)
def list_parameters(
    rules: Annotated[LoadedRules, Depends(pinned_rules)], day: Day = None
) -> dict[str, Any]:
    on = day or date.today()
    return {
        "ruleset_version": rules.version,
        "as_of": on.isoformat(),
        "parameters": [parameter_view(p, on) for p in rules.ruleset.parameters.values()],
    }


def case_json_schema() -> dict[str, Any]:
    schema = Case.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, "$id": "urn:zyjob-rules:case", **schema}


@router.get(
    "/schema/case",
    summary="案件的 JSON Schema / the JSON Schema of a case",
    description="与 `zyjob-rules schema` 相同（draft 2020-12），字段说明含中英文。\n\nThe same "
    "document as `zyjob-rules schema` (draft 2020-12); field descriptions in zh and en.",
    responses=ERROR_RESPONSES,
)
def case_schema(rules: Annotated[LoadedRules, Depends(pinned_rules)]) -> dict[str, Any]:
    return case_json_schema()


@router.get(
    "/schema/report",
    summary="报告的 JSON Schema / the JSON Schema of a report",
    description="`POST /v1/evaluate` 返回的报告结构（docs/report-schema.md）。\n\nThe shape of "
    "the report `POST /v1/evaluate` returns (docs/report-schema.md).",
    responses=ERROR_RESPONSES,
)
def report_schema(rules: Annotated[LoadedRules, Depends(pinned_rules)]) -> dict[str, Any]:
    return json_schema(Report, "report")
