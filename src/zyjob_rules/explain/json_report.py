"""The stable JSON form of a Report (schema version in ``schema_version``)."""

from __future__ import annotations

from typing import Any

from .decision import (
    REPORT_SCHEMA_VERSION,
    CategoryTrace,
    ConditionTrace,
    Decision,
    ItemTrace,
    Report,
    jsonable,
)


def condition_to_dict(c: ConditionTrace) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": c.id,
        "verdict": c.verdict.value,
        "label": {"zh": c.label_zh, "en": c.label_en},
        "clause": c.clause,
        "expression": c.expression,
        "reads": [{"path": r.path, "value": jsonable(r.value)} for r in c.reads],
        "comparisons": [
            {
                "left": k.left,
                "op": k.op,
                "right": k.right,
                "left_value": jsonable(k.left_value),
                "right_value": jsonable(k.right_value),
                "result": k.result,
            }
            for k in c.comparisons
        ],
        "params": [
            {
                "id": p.id,
                "value": jsonable(p.value),
                "effective_from": jsonable(p.effective_from),
                "source": p.source,
                **(
                    {"unset_note": {"zh": p.unset_note_zh, "en": p.unset_note_en}}
                    if p.value is None and p.unset_note_zh
                    else {}
                ),
            }
            for p in c.params
        ],
        "missing": c.missing,
    }
    if c.derived:
        out["derived"] = [category_to_dict(d) for d in c.derived]
    return out


def category_to_dict(d: CategoryTrace) -> dict[str, Any]:
    return {
        "id": d.id,
        "title": {"zh": d.title_zh, "en": d.title_en},
        "clause": d.clause,
        "subject": d.subject,
        "verdict": d.verdict.value,
        "conditions": [condition_to_dict(c) for c in d.conditions],
    }


def item_to_dict(i: ItemTrace) -> dict[str, Any]:
    return {
        "path": i.path,
        "verdict": i.verdict.value,
        "amount": jsonable(i.amount),
        "eligible_from": jsonable(i.eligible_from),
        "conditions": [condition_to_dict(c) for c in i.conditions],
    }


def decision_to_dict(d: Decision) -> dict[str, Any]:
    return {
        "rule_id": d.rule_id,
        "clause": d.clause,
        "title": {"zh": d.title_zh, "en": d.title_en},
        "kind": d.kind,
        "subject": d.subject,
        "outcome": d.outcome.value,
        "amount": jsonable(d.amount),
        "amount_is_maximum": d.amount_is_maximum,
        "amount_reason": (
            {"zh": d.amount_reason_zh, "en": d.amount_reason_en} if d.amount_reason_zh else None
        ),
        "eligible_from": jsonable(d.eligible_from),
        "missing": d.missing,
        "quote": d.quote,
        "notes": [{"zh": zh, "en": en} for zh, en in d.notes],
        "scope": [condition_to_dict(c) for c in d.scope],
        "trace": [condition_to_dict(c) for c in d.trace],
        "items": [item_to_dict(i) for i in d.items],
        "amount_trace": condition_to_dict(d.amount_trace) if d.amount_trace else None,
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "case_id": report.case_id,
        "audit": {
            "ruleset_version": report.stamp.ruleset_version,
            "as_of": report.stamp.as_of.isoformat(),
            "library_version": report.stamp.library_version,
            "backend": report.stamp.backend,
        },
        "decisions": [decision_to_dict(d) for d in report.decisions],
    }
