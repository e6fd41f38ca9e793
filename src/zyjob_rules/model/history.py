"""Benefits already granted (已享受记录): what a once-only rule reads before paying again.

A grant names the rule it was paid under (its id, e.g. ``decap_labor_export_transport_subsidy``),
the date and, where the rule is once per worker or per occupation and level, that identity. The
list is carried by a person or an organisation (``benefit_history``) together with
``benefit_history_complete``: ``true`` once the list has been checked against the bureau's ledger.
An empty list is only "never granted" when it is complete; where the policy makes history decisive
(docs/decisions.md, benefit history) an unchecked history leaves the decision ``unknown`` and asks
for it.
"""

from __future__ import annotations

from pydantic import StrictStr

from .base import IsoDate, Money, Strict, described
from .enums import SkillLevel


class BenefitGrant(Strict):
    """One benefit already granted (已享受的一项补贴/奖补)."""

    rule: StrictStr = described("已享受项目（规则标识）", "benefit granted (rule id)")
    granted_on: IsoDate = described("享受日期", "date granted")
    amount: Money | None = described("金额（元）", "amount, yuan", default=None)
    source: StrictStr | None = described(
        "记录来源（台账、文号等）", "record source (ledger, document number ...)", default=None
    )
    worker_id: StrictStr | None = described(
        "所奖补职工的身份标识（按人计发的用人单位奖补）",
        "identifier of the worker the award was for (per-worker employer awards)",
        default=None,
    )
    occupation: StrictStr | None = described(
        "证书职业（工种）（技能提升补贴）",
        "occupation of the certificate (skills-upgrading subsidy)",
        default=None,
    )
    level: SkillLevel | None = described(
        "证书等级（技能提升补贴）", "certificate level (skills-upgrading subsidy)", default=None
    )



def only_true_or_unset(value: bool | None) -> bool | None:
    """``benefit_history_complete`` is ``true`` or unset: "not checked" is unset, never false.

    A false would read as a fact ("the history is incomplete") that no rule could use; refusing it
    keeps an unchecked history an explicit unknown.
    """
    if value is False:
        raise ValueError(
            "benefit_history_complete is true (checked against the ledger) or left empty "
            "(not checked); false is not a value")
    return value
