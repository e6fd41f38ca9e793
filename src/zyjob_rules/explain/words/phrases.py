"""The sentences of the reports, in Chinese and English: one place for every word shown.

Each table maps a key to ``(zh, en)`` or holds one dict per language; templates are filled with
``str.format``. The engine writes no sentence itself: it calls ``words.engine_notes``.
"""

from __future__ import annotations

from datetime import date

from ..decision import Outcome, Verdict

LANGS = ("zh", "en")

OUTCOME = {
    "zh": {
        Outcome.eligible: "符合条件",
        Outcome.not_eligible: "不符合条件",
        Outcome.may_consider: "可予考虑（由主管部门酌定）",
        Outcome.met: "已达到",
        Outcome.not_met: "未达到",
        Outcome.not_applicable: "不适用（本条不涉及该对象）",
        Outcome.unknown: "暂无法判定（缺少信息）",
    },
    "en": {
        Outcome.eligible: "eligible",
        Outcome.not_eligible: "not eligible",
        Outcome.may_consider: "may be granted (at the department's discretion)",
        Outcome.met: "met",
        Outcome.not_met: "not met",
        Outcome.not_applicable: "not applicable (the provision does not concern this subject)",
        Outcome.unknown: "cannot be decided yet (facts missing)",
    },
}
VERDICT = {
    "zh": {Verdict.met: "满足", Verdict.not_met: "不满足", Verdict.unknown: "无法判断"},
    "en": {Verdict.met: "met", Verdict.not_met: "not met", Verdict.unknown: "unknown"},
}
MARK = {Verdict.met: "✓", Verdict.not_met: "✗", Verdict.unknown: "?"}

# A comparison stated in words: the word before the threshold, by operator and result.
CMP = {
    "zh": {
        (">=", True): "不少于", (">=", False): "不足", (">=", None): "要求不少于",
        (">", True): "多于", (">", False): "未超过", (">", None): "要求多于",
        ("<=", True): "不超过", ("<=", False): "超过", ("<=", None): "要求不超过",
        ("<", True): "少于", ("<", False): "未少于", ("<", None): "要求少于",
        ("==", True): "等于", ("==", False): "不是", ("==", None): "要求为",
        ("!=", True): "不是", ("!=", False): "是", ("!=", None): "要求不是",
    },
    "en": {
        (">=", True): "at least", (">=", False): "short of", (">=", None): "needs at least",
        (">", True): "more than", (">", False): "not more than", (">", None): "needs more than",
        ("<=", True): "within", ("<=", False): "over", ("<=", None): "needs at most",
        ("<", True): "under", ("<", False): "not under", ("<", None): "needs less than",
        ("==", True): "as required:", ("==", False): "required:", ("==", None): "needs",
        ("!=", True): "not", ("!=", False): "is", ("!=", None): "needs other than",
    },
}

# The same words for two dates: 早于 / before, not 不足 / short of ("入职日期 2017-11-20，早于
# 2017-12-12", not "不足 2017-12-12").
DATE_CMP = {
    "zh": {
        (">=", True): "不早于", (">=", False): "早于", (">=", None): "要求不早于",
        (">", True): "晚于", (">", False): "不晚于", (">", None): "要求晚于",
        ("<=", True): "不晚于", ("<=", False): "晚于", ("<=", None): "要求不晚于",
        ("<", True): "早于", ("<", False): "不早于", ("<", None): "要求早于",
    },
    "en": {
        (">=", True): "on or after", (">=", False): "before", (">=", None): "needs on or after",
        (">", True): "after", (">", False): "not after", (">", None): "needs after",
        ("<=", True): "on or before", ("<=", False): "after", ("<=", None): "needs on or before",
        ("<", True): "before", ("<", False): "not before", ("<", None): "needs before",
    },
}


def cmp_word(lang: str, op: str, result: bool | None, left: object, right: object) -> str:
    """The word of a comparison: date words when either side is a date."""
    dates = DATE_CMP[lang]
    if (op, result) in dates and (isinstance(left, date) or isinstance(right, date)):
        return dates[(op, result)]
    return CMP[lang][(op, result)]


HEAD = {
    "zh": {
        "case": "案件",
        "as_of": "评估基准日",
        "ruleset": "规则版本",
        "summary": "摘要",
        "cash": "可享受的现金补贴合计 {total}",
        "no_cash": "暂无可确定金额的现金补贴",
        "ceilings": "贷款及最高额度（不计入现金合计）",
        "other_positive": "可享受但金额按其他规定确定的政策",
        "undecided": "暂无法判定（{n} 项），需补充以下信息",
        "pending": "待主管部门确定（不需申请人提供）",
        "upcoming": "将于以下日期满足条件",
        "refused": "不符合条件（{n} 项）",
        "not_applicable": "另有 {n} 项不适用",
        "details": "逐条说明",
        "decision": "结论",
        "amount": "金额",
        "computed": "金额计算",
        "max": "最高",
        "basis": "政策原文",
        "failed": "不满足的条件",
        "held": "满足的条件",
        "unknown": "无法判断的条件",
        "questions": "需补充的信息",
        "items": "逐项判定",
        "from": "预计符合条件日期",
        "note": "说明",
        "subject": "对象",
        "scope": "适用范围",
        "no_decisions": "没有适用于该申请主体的规则。",
        "not_in_force": "该日期政策尚未施行，没有有效规则（政策自 2017-12-12 起施行）。",
        "folded": "（另有 {n} 项条件满足，见 --detail full）",
        "for": "（{who}）",
        "param": "依据参数 {id} = {value}，{since} 起施行；来源：{source}",
        "param_unset": "参数 {id} 待主管部门确定：{note}",
        "decides": "（用于：{rules}）",
        "sep": "：",
        "end": "。",
        "list_sep": "、",
        "clause_sep": "；",
        "upcoming_line": "{date} 起：{clause}{title}{who}",
        "item_from": "预计 {date} 起符合条件",
    },
    "en": {
        "case": "Case",
        "as_of": "as of",
        "ruleset": "ruleset",
        "summary": "Summary",
        "cash": "Cash subsidies due: {total} in total",
        "no_cash": "No cash subsidy with a fixed amount yet",
        "ceilings": "Loans and ceilings (not added to the cash total)",
        "other_positive": "Also granted, with amounts set by other regulations",
        "undecided": "Undecided ({n}): these facts would decide them",
        "pending": "Awaiting the bureau's settings (nothing to ask the applicant)",
        "upcoming": "Will qualify on",
        "refused": "Not eligible ({n})",
        "not_applicable": "{n} more do not apply",
        "details": "Details",
        "decision": "Decision",
        "amount": "amount",
        "computed": "How the amount is computed",
        "max": "up to",
        "basis": "Policy text",
        "failed": "Conditions not met",
        "held": "Conditions met",
        "unknown": "Conditions that cannot be decided",
        "questions": "Facts to provide",
        "items": "Per item",
        "from": "Expected to qualify on",
        "note": "Note",
        "subject": "Subject",
        "scope": "Applies to",
        "no_decisions": "No rule applies to this applicant.",
        "not_in_force": "No rule is in force on that date (the policy took effect on 2017-12-12).",
        "folded": "({n} more conditions met; see --detail full)",
        "for": " ({who})",
        "param": "parameter {id} = {value}, in force from {since}; source: {source}",
        "param_unset": "parameter {id} awaits the bureau: {note}",
        "decides": " (decides: {rules})",
        "sep": ": ",
        "end": ".",
        "list_sep": ", ",
        "clause_sep": "; ",
        "upcoming_line": "from {date}: {clause} {title}{who}",
        "item_from": "qualifies from {date}",
    },
}

# The role of an item named by its field (``applicant.hires[1]`` is a worker).
ROLES: dict[str, tuple[str, str]] = {
    "hires": ("职工", "worker"),
    "worker": ("职工", "worker"),
    "members": ("家庭成员", "household member"),
    "trainees": ("学员", "trainee"),
    "certificates": ("证书", "certificate"),
    "ventures": ("创办的经营主体", "venture"),
    "trainings": ("培训", "training"),
    "loan_requests": ("贷款申请", "loan request"),
    "job_recommendations": ("岗位推荐", "job recommendation"),
    "ui_periods": ("失业保险参保期", "insured period"),
    "ui_premiums": ("失业保险缴费年度", "premium year"),
    "terminations": ("解除劳动关系记录", "termination record"),
    "labor_exports": ("劳务输出", "labour-export operation"),
    "training_courses": ("培训项目", "training course"),
}
# How the applicant is called in a question, by its kind.
APPLICANT_PRONOUN: dict[str, tuple[str, str]] = {
    "organisation": ("该单位", "The applicant"),
    "person": ("申请人", "The applicant"),
    "household": ("该家庭", "The household"),
    "": ("申请主体", "The applicant"),
}
NTH = ("{role}（第 {n} 项）", "{role} #{n}")
QUESTION_FLAG = ("{who}{field}{scope}？", "{who}{scope} — {field}: yes or no?")
QUESTION_VALUE = ("请提供{who}的{field}{scope}。", "{who}{scope}: please provide the {field}.")
QUESTION_FALLBACK = ("请补充 {path}。", "Please provide {path}.")
LAST_YEAR_SCOPE = ("（上年度即{year}年）", " (last year, {year})")

# A condition's facts stated in words (the default when the rule gives no display template).
STATEMENT = {
    "zh": {
        "read": "{field}：{value}",
        "compare": "{left} {cmp} {right}",
        "compare_months": "满 {left} 个月，{cmp} {right} 个月",
        "compare_path": "{field} {value}，{cmp} {right}",
        "count": "共 {value} 个，{cmp} {right}",
        "missing": "未提供",
        "yes": "是",
        "no": "否",
        "join": "；",
        "more": "等 {n} 项",
        "from": "（{date} 起满足）",
        "none_matched": "{field}：无相应记录",
        "until_end": "至最后工作日 {date}",
        "until_as_of": "至 {date}",
    },
    "en": {
        "read": "{field}: {value}",
        "compare": "{left} {cmp} {right}",
        "compare_months": "{left} full months, {cmp} {right}",
        "compare_path": "{field} {value}, {cmp} {right}",
        "count": "{value} in all, {cmp} {right}",
        "missing": "not given",
        "yes": "yes",
        "no": "no",
        "join": "; ",
        "more": "and {n} more",
        "from": " (met from {date})",
        "none_matched": "{field}: no matching record",
        "until_end": "to the last day worked ({date})",
        "until_as_of": "by {date}",
    },
}


_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def clause_label(clause: str, lang: str) -> str:
    """A clause as readers of ``lang`` cite it: （十九） in Chinese, §19 in English."""
    if lang == "zh":
        return clause
    inner = clause.strip("（）()")
    tens, _, units = inner.rpartition("十")
    if "十" in inner:
        n = (_DIGITS.get(tens, 0) if tens else 1) * 10 + _DIGITS.get(units, 0)
    else:
        n = _DIGITS.get(inner, 0)
    return f"§{n}" if n else clause


# How a condition's label and its facts are joined on one line, and how a category is introduced.
CONDITION_LINE = {"zh": "{label}：{facts}", "en": "{label} — {facts}"}
CATEGORY_LINE = {
    "zh": "{who}「{title}」{clause}：{verdict}",
    "en": "{who} — {title} ({clause}): {verdict}",
}
