"""The sentences the engine attaches to a decision, as (zh, en) pairs.

The engine computes the facts (which parameters are unset, which rewards overlap) and asks this
module for the words, so every sentence lives under ``explain/words``.
"""

from __future__ import annotations

from collections.abc import Sequence

#: The label of the frame that records an amount's computation.
AMOUNT_LABEL = ("金额", "amount")


def amount_by_other_regulations(notes: Sequence[tuple[str, str]]) -> tuple[str, str]:
    """The amount is left to other regulations; ``notes`` are the unset parameters' (zh, en)."""
    zh = "；".join(n[0] for n in notes)
    en = "; ".join(n[1] for n in notes)
    return f"金额按其他规定确定：{zh}", f"Amount set by other regulations: {en}"


def amount_missing_facts() -> tuple[str, str]:
    """The amount cannot be computed because facts are missing."""
    return "金额无法计算：缺少必要事实", "Amount cannot be computed: facts are missing"


def not_cumulative(
    clause: str, title_zh: str, title_en: str, rule_id: str, both: Sequence[str]
) -> tuple[str, str]:
    """This reward and rule ``rule_id`` reward the same subject (``both``: items under both)."""
    which = f"（{', '.join(both)}）" if both else ""
    which_en = f" ({', '.join(both)})" if both else ""
    return (
        f"与 {clause}{title_zh} [{rule_id}] 不重复享受：同一对象{which}只能按其中一项领取",
        f"not cumulative with {clause} {title_en} [{rule_id}]: the same "
        f"subject{which_en} is rewarded under one of them only",
    )
