"""The enterprise or organisation (用人单位/生产经营主体) and its records."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import StrictBool, StrictInt, StrictStr, field_validator

from .base import Count, IsoDate, Money, Strict, described
from .enums import ContractType, OrganisationKind, SizeClass, TerminationReason
from .history import BenefitGrant, only_true_or_unset
from .person import Person, ends_after


class Hire(Strict):
    """One worker hired by the organisation (吸纳就业的一名职工)."""

    worker: Person = described("职工", "the worker hired")
    start_date: IsoDate = described("入职日期", "first day of employment")
    end_date: IsoDate | None = described(
        "离职日期，即最后工作日（计入在职期间；空表示仍在职）",
        "last day worked (counted as employed); empty while still employed",
        default=None,
    )
    contract_type: ContractType = described("用工形式", "contract type")
    contract_term_months: Count | None = described(
        "合同期限（月；无固定期限留空并填 open_ended）", "contract term in months", default=None
    )
    open_ended: StrictBool = described(
        "是否无固定期限合同", "open-ended contract (无固定期限)", default=False
    )
    social_insurance_enrolled: StrictBool | None = described(
        "是否由单位参加社会保险", "enrolled in social insurance by the employer", default=None
    )
    housing_fund_paid: StrictBool | None = described(
        "是否缴存住房公积金", "housing provident fund paid", default=None
    )

    _end_after_start = field_validator("end_date")(ends_after("start_date", "hire"))


class PremiumYear(Strict):
    """Unemployment-insurance premiums of one calendar year (年度失业保险费)."""

    year: StrictInt = described("年度", "calendar year")
    enterprise_paid: Money = described("单位缴纳（元）", "paid by the enterprise, yuan")
    employees_paid: Money = described("职工个人缴纳（元）", "paid by the employees, yuan")
    paid_in_full: StrictBool | None = described(
        "是否足额缴纳", "paid in full (足额缴纳)", default=None
    )
    back_paid_arrears: Money = described(
        "其中补缴以前年度欠费（元）",
        "of which back-paid arrears of earlier years, yuan",
        default=Decimal("0.00"),
    )


class Termination(Strict):
    """Workers whose labour relation ended on one date for one reason (解除/终止劳动关系)."""

    date: IsoDate = described("日期", "date the relation ended")
    reason: TerminationReason = described("原因", "reason")
    count: Count = described("人数", "number of workers", default=1)


class LaborExportEvent(Strict):
    """An organised labour-export operation (有组织劳务输出)."""

    date: IsoDate = described("输出日期", "date of departure")
    workers: Count = described("输出人数", "workers exported")
    rural_workers: Count | None = described(
        "其中农村劳动力人数", "of which rural workers", default=None
    )
    destination: StrictStr | None = described("输出地", "destination", default=None)


class TrainingCourse(Strict):
    """A concentrated training course run for a group of trainees (集中培训项目, （二十二）)."""

    course: StrictStr = described("培训项目", "course")
    start_date: IsoDate | None = described("开班日期", "first day of the course", default=None)
    block_purchased: StrictBool | None = described(
        "是否由政府整建制购买",
        "bought as a whole class by the government (整建制购买)",
        default=None,
    )
    trainees: list[Person] = described("学员", "trainees", default_factory=list)


class Organisation(Strict):
    """An enterprise, cooperative, farm, social organisation or agency (用人单位/生产经营主体)."""

    kind: Literal["organisation"] = described(
        "申请主体类型", "applicant kind", default="organisation"
    )
    id: StrictStr | None = described("统一社会信用代码（脱敏）", "identifier", default=None)
    name: StrictStr | None = described("名称", "name", default=None)
    org_kind: OrganisationKind = described("主体类型", "entity type")
    size_class: SizeClass | None = described("企业规模", "size class", default=None)
    state_owned: StrictBool | None = described("是否国有企业", "state-owned", default=None)
    new_business_form: StrictBool | None = described(
        "是否新业态企业", "new-business-form enterprise (platform / sharing economy)", default=None
    )
    business_registered: StrictBool | None = described(
        "是否依法办理工商登记", "lawfully registered", default=None
    )
    registered_on: IsoDate | None = described("登记日期", "registration date", default=None)
    founder_migrant_returnee: StrictBool | None = described(
        "创办或领办人是否返乡下乡农民工等人员",
        "founded or led by a returning migrant worker or similar",
        default=None,
    )

    # Capacity reduction and unemployment insurance
    decapacity: StrictBool | None = described(
        "是否去产能企业", "capacity-reduction enterprise", default=None
    )
    ui_insured: StrictBool | None = described(
        "是否依法参加失业保险", "lawfully insured against unemployment", default=None
    )
    ui_premiums: list[PremiumYear] = described(
        "各年度失业保险费", "unemployment-insurance premiums by year", default_factory=list
    )
    headcount_prior_year_end: Count | None = described(
        "上年末职工人数", "headcount at the end of last year", default=None
    )
    terminations: list[Termination] = described(
        "解除/终止劳动关系记录", "terminations", default_factory=list
    )
    hires: list[Hire] = described("吸纳就业人员", "workers hired", default_factory=list)

    # Services and recognitions
    incubator_recognised: StrictBool | None = described(
        "是否被认定为创业孵化园区（基地）", "recognised as an incubation park/base", default=None
    )
    incubator_recognised_on: IsoDate | None = described(
        "认定日期", "recognition date", default=None
    )
    incubator_level: StrictStr | None = described("认定级别", "recognition level", default=None)
    labor_exports: list[LaborExportEvent] = described(
        "有组织劳务输出", "organised labour-export events", default_factory=list
    )
    has_training_institution: StrictBool | None = described(
        "是否建立职业技能培训机构", "runs a vocational skills-training institution", default=None
    )
    training_institution_approved: StrictBool | None = described(
        "培训机构是否经行政主管部门批准", "training institution approved", default=None
    )
    training_nonprofit: StrictBool | None = described(
        "是否非营利性培训", "training is non-profit", default=None
    )
    trains_own_staff: StrictBool | None = described(
        "是否对本单位职工培训", "trains its own employees", default=None
    )
    training_courses: list[TrainingCourse] = described(
        "开展的集中培训项目", "concentrated training courses run", default_factory=list
    )

    # Benefits already granted (docs/decisions.md, benefit history)
    benefit_history: list[BenefitGrant] = described(
        "已享受记录", "benefit already granted",
        default_factory=list,
    )
    benefit_history_complete: StrictBool | None = described(
        "已享受记录是否已与经办台账核对完整（是：列表即全部记录；空：未核对）",
        "benefit_history was checked against the bureau's ledger and lists every grant "
        "(true); empty while not checked",
        default=None,
    )

    _history_true_or_unset = field_validator("benefit_history_complete")(only_true_or_unset)
