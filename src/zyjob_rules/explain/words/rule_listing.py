"""The words of ``rules list`` and ``rules show``, in Chinese and English.

Column headings, the names of beneficiaries, kinds, units and amount statuses, and the templates
the rule listing is built from (``cli/rule_text.py`` assembles them; nothing else writes them).
"""

from __future__ import annotations

from ...ruleset.queries import AmountStatus
from ...ruleset.schema import Unit

STATUS_WORDS = {
    "zh": {
        AmountStatus.none: "无金额",
        AmountStatus.fixed: "固定标准",
        AmountStatus.formula: "按公式计算",
        AmountStatus.other_regulations: "按其他规定确定",
        AmountStatus.not_in_force: "参数尚未生效",
    },
    "en": {
        AmountStatus.none: "none",
        AmountStatus.fixed: "fixed",
        AmountStatus.formula: "formula",
        AmountStatus.other_regulations: "set by other regulations",
        AmountStatus.not_in_force: "no value in force",
    },
}
BENEFICIARY = {
    "zh": {"person": "个人", "household": "家庭", "organisation": "单位"},
    "en": {"person": "person", "household": "household", "organisation": "organisation"},
}
KIND = {
    "zh": {
        "entitlement": "补贴奖补",
        "loan": "贷款",
        "priority": "优先/同等待遇",
        "discretionary": "酌情（可）",
        "obligation": "义务",
        "target": "目标",
    },
    "en": {
        "entitlement": "entitlement",
        "loan": "loan",
        "priority": "priority",
        "discretionary": "discretionary",
        "obligation": "obligation",
        "target": "target",
    },
}
UNIT = {
    "zh": {
        Unit.yuan: "元",
        Unit.rate: "",
        Unit.months: "个月",
        Unit.years: "年",
        Unit.days: "天",
        Unit.quantity: "",
        Unit.flag: "",
    },
    "en": {
        Unit.yuan: "yuan",
        Unit.rate: "",
        Unit.months: "months",
        Unit.years: "years",
        Unit.days: "days",
        Unit.quantity: "",
        Unit.flag: "",
    },
}
HEADER = {
    "zh": ("条款", "规则", "对象", "类型", "金额", "施行期间", "名称"),
    "en": ("clause", "rule", "beneficiary", "kind", "amount", "effective", "title"),
}
WORDS = {
    "zh": {
        "since": "{start} 起",
        "period": "{start} 至 {end}",
        "total": "共 {n} 条规则（{versions} 个版本）；参数取值日 {day}；规则版本 {version}",
        "clause": "条款",
        "beneficiary": "对象",
        "kind": "类型",
        "lead": "牵头单位",
        "effective": "施行期间",
        "not_in_force": "（{day} 不在施行期间内）",
        "other_versions": "其他版本",
        "quote": "原文",
        "scope": "适用范围（任一不满足即“不适用”）",
        "conditions": "条件（须全部满足）",
        "for_each": "逐项条件（{items}，{label}；至少一项满足，金额逐项相加）",
        "expression": "表达式",
        "categories": "引用的类别",
        "combine_any": "任一条件满足即可",
        "combine_all": "须全部满足",
        "amount": "金额",
        "per_item": "（每项）",
        "maximum": "（最高额）",
        "partly": "（部分等级按其他规定确定）",
        "params": "参数（{day} 的取值）",
        "no_params": "（不使用参数）",
        "unset": "未设定",
        "no_value": "该日尚无取值",
        "from": "{day} 起",
        "source": "来源",
        "note": "说明",
        "not_cumulative": "不重复享受",
        "settings": "设定（政策解读的选择，{day} 的取值；业务人员可增加带日期和来源的新取值）",
        "unset_params": "未设定的参数（按其他规定确定，确认来源后填入）",
        "caveat": "提示",
        "sep": "：",
        "open": "「",
        "close": "」",
        "paren": "（{text}）",
    },
    "en": {
        "since": "from {start}",
        "period": "{start} to {end}",
        "total": "{n} rule(s) ({versions} version(s)); parameters as of {day}; ruleset {version}",
        "clause": "clause",
        "beneficiary": "beneficiary",
        "kind": "kind",
        "lead": "lead department",
        "effective": "effective",
        "not_in_force": " (not in force on {day})",
        "other_versions": "other versions",
        "quote": "quote",
        "scope": "applies to (if one fails: not applicable)",
        "conditions": "conditions (all must hold)",
        "for_each": "per-item conditions ({items}, {label}; at least one item, amounts summed)",
        "expression": "expression",
        "categories": "categories used",
        "combine_any": "any one condition suffices",
        "combine_all": "all conditions must hold",
        "amount": "amount",
        "per_item": " (per item)",
        "maximum": " (a ceiling)",
        "partly": " (some keys set by other regulations)",
        "params": "parameters (values on {day})",
        "no_params": "(no parameters)",
        "unset": "unset",
        "no_value": "no value yet on that day",
        "from": "from {day}",
        "source": "source",
        "note": "note",
        "not_cumulative": "not cumulative with",
        "settings": "settings (contested readings, values on {day}; "
        "staff add a dated value with its source)",
        "unset_params": "unset parameters (set by other regulations; "
        "enter once the source is confirmed)",
        "caveat": "caveat",
        "sep": ": ",
        "open": "“",
        "close": "”",
        "paren": " ({text})",
    },
}
