"""The natural person (劳动者) and the records attached to them."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import StrictBool, StrictStr, ValidationInfo, field_validator

from .base import IsoDate, Money, Strict, described
from .enums import (
    AreaType,
    CertificateKind,
    EmployerType,
    EmploymentStatus,
    HukouType,
    Sex,
    SkillLevel,
    VentureKind,
    VentureStatus,
    VeteranPlacement,
)
from .history import BenefitGrant, only_true_or_unset


def _check_order(start: date | None, end: date | None, what: str) -> None:
    if start is not None and end is not None and end < start:
        raise ValueError(f"{what}: end date {end} is before start date {start}")


def ends_after(start_field: str, what: str) -> Any:
    """A field validator for an end date that must not precede ``start_field``.

    Validating the end field itself (not the whole model) makes the error path name that field.
    """

    def check(cls: type, end: date | None, info: ValidationInfo) -> date | None:
        _check_order(info.data.get(start_field), end, what)
        return end

    return check


class InsurancePeriod(Strict):
    """A continuous period of unemployment-insurance contributions (参加失业保险缴费期间)."""

    start: IsoDate = described("缴费起始日", "first day covered by contributions")
    end: IsoDate | None = described(
        "缴费截止日（含当日；空表示仍在缴费）",
        "last day covered (inclusive); empty while contributions continue",
        default=None,
    )

    _end_after_start = field_validator("end")(ends_after("start", "insurance period"))


class Certificate(Strict):
    """A vocational qualification or skill-level certificate (职业资格证书/职业技能等级证书)."""

    kind: CertificateKind = described("证书类型", "certificate type")
    level: SkillLevel | None = described("等级", "level (level5 entry … level1)", default=None)
    occupation: StrictStr | None = described("职业（工种）", "occupation", default=None)
    issued_on: IsoDate = described("发证日期", "issue date")


class Venture(Strict):
    """A business the person founded or runs (创办的经营主体)."""

    kind: VentureKind = described("主体类型", "kind of venture")
    registered_on: IsoDate | None = described(
        "工商登记日期（空表示未登记）",
        "business registration date; empty if unregistered",
        default=None,
    )
    status: VentureStatus = described("经营状态", "operating status")
    first_venture: StrictBool | None = described(
        "是否首次创办", "whether this is the person's first venture", default=None
    )
    industry: StrictStr | None = described("所属行业", "industry", default=None)


class LoanRequest(Strict):
    """A request for a guaranteed start-up loan (创业担保贷款申请)."""

    amount: Money = described("申请金额（元）", "amount requested, yuan")
    requested_on: IsoDate = described("申请日期", "date of the request")


class JobRecommendation(Strict):
    """A job recommended to the person by the public employment service (推荐就业岗位)."""

    recommended_on: IsoDate = described("推荐日期", "date of the recommendation")
    employer: StrictStr | None = described("用人单位", "employer", default=None)
    post: StrictStr | None = described("岗位", "post", default=None)


class Training(Strict):
    """A vocational training or skill appraisal the person completed (职业培训/技能鉴定)."""

    course: StrictStr = described("培训项目", "course")
    in_catalogue: StrictBool | None = described(
        "是否列入指导目录", "listed in the published guidance catalogue", default=None
    )
    completed_on: IsoDate | None = described("结业日期", "completion date", default=None)
    passed_appraisal: StrictBool | None = described(
        "是否通过技能鉴定", "passed the skill appraisal", default=None
    )


class Person(Strict):
    """A natural person: applicant, household member or hired worker (劳动者)."""

    kind: Literal["person"] = described("申请主体类型", "applicant kind", default="person")
    id: StrictStr | None = described("身份标识（脱敏）", "identifier (pseudonymised)", default=None)
    name: StrictStr | None = described("姓名", "name", default=None)
    birth_date: IsoDate | None = described("出生日期", "date of birth", default=None)
    sex: Sex | None = described("性别", "sex", default=None)

    # Registration and residence
    hukou_type: HukouType | None = described("户籍类型", "hukou type", default=None)
    hukou_place: StrictStr | None = described("户籍地", "place of hukou", default=None)
    residence_area: AreaType | None = described(
        "常住地城乡类型", "whether the habitual residence is urban or rural", default=None
    )
    residence_place: StrictStr | None = described(
        "常住地", "place of habitual residence", default=None
    )
    has_land: StrictBool | None = described("是否有承包地", "holds contracted land", default=None)

    # Work
    able_to_work: StrictBool | None = described("是否有劳动能力", "able to work", default=None)
    willing_to_work: StrictBool | None = described(
        "是否有就业愿望", "willing to work", default=None
    )
    employment_status: EmploymentStatus | None = described(
        "就业状态", "current employment status", default=None
    )
    employed_since: IsoDate | None = described(
        "本次就业（含自主创业、灵活就业）起始日期",
        "first day of the current employment (incl. self-employment and flexible work)",
        default=None,
    )
    employer_type: EmployerType | None = described(
        "所在单位类型", "type of current employer", default=None
    )
    unemployment_registered: StrictBool | None = described(
        "是否已办理失业登记", "registered as unemployed", default=None
    )
    unemployment_registered_on: IsoDate | None = described(
        "失业登记日期", "date of unemployment registration", default=None
    )
    unemployment_registration_place: StrictStr | None = described(
        "失业登记地", "place of unemployment registration", default=None
    )

    # Poverty and social assistance
    poor_household_labor: StrictBool | None = described(
        "是否贫困家庭劳动力", "working-age able member of a poor household", default=None
    )
    poverty_registered: StrictBool | None = described(
        "是否建档立卡贫困人口", "in the official 建档立卡 poverty register", default=None
    )
    poverty_registered_on: IsoDate | None = described(
        "建档立卡日期", "date of poverty registration", default=None
    )
    poverty_exited: StrictBool | None = described(
        "是否已脱贫", "household already lifted out of poverty", default=None
    )
    relocated_poor: StrictBool | None = described(
        "是否易地扶贫搬迁贫困人口", "relocated for poverty alleviation", default=None
    )
    dibao_recipient: StrictBool | None = described("是否低保对象", "receives 低保", default=None)
    extreme_poverty: StrictBool | None = described(
        "是否特困人员", "person in extreme poverty", default=None
    )
    disabled: StrictBool | None = described(
        "是否持残疾人证", "holds a disability certificate", default=None
    )
    employment_difficulty_certified: StrictBool | None = described(
        "是否经认定的就业困难人员", "certified person with employment difficulty", default=None
    )
    employment_difficulty_certified_on: IsoDate | None = described(
        "就业困难人员认定日期", "date of the employment-difficulty certification", default=None
    )

    # Special groups
    graduate: StrictBool | None = described("是否高校毕业生", "university graduate", default=None)
    graduation_date: IsoDate | None = described("毕业日期", "graduation date", default=None)
    state_student_loan: StrictBool | None = described(
        "在校期间是否获得国家助学贷款",
        "received a state student loan (国家助学贷款) while studying",
        default=None,
    )
    veteran_soldier: StrictBool | None = described(
        "是否退役士兵", "discharged soldier", default=None
    )
    veteran_placement: VeteranPlacement | None = described(
        "退役士兵安置方式", "placement route of a discharged soldier", default=None
    )
    meets_assignment_conditions: StrictBool | None = described(
        "是否符合政府安排工作条件",
        "meets the conditions for a government-assigned job",
        default=None,
    )
    awaiting_placement_since: IsoDate | None = described(
        "待安排工作起始日期", "start of the waiting period before assignment", default=None
    )
    placed_on: IsoDate | None = described("安置到岗日期", "date of placement", default=None)
    self_placing_officer: StrictBool | None = described(
        "是否自主择业军队转业干部", "self-placing transferred officer", default=None
    )
    decap_worker: StrictBool | None = described(
        "是否去产能企业职工（含原职工）",
        "(former) employee of a capacity-reduction enterprise",
        default=None,
    )
    decap_unemployed: StrictBool | None = described(
        "是否去产能企业失业人员",
        "unemployed person from a capacity-reduction enterprise",
        default=None,
    )
    left_via_diversion: StrictBool | None = described(
        "是否分流安置解除劳动关系", "terminated as part of planned diversion", default=None
    )
    migrant_returnee: StrictBool | None = described(
        "是否返乡下乡农民工等人员",
        "migrant worker returning home or moving to the countryside",
        default=None,
    )
    new_form_worker: StrictBool | None = described(
        "是否新就业形态从业者", "works in a new employment form", default=None
    )
    has_platform_contract: StrictBool | None = described(
        "是否与新业态企业签订劳动合同或协议",
        "signed a labour contract or agreement with a new-business-form enterprise",
        default=None,
    )
    flexibly_insured: StrictBool | None = described(
        "是否以灵活就业人员身份参保缴费",
        "pays social insurance as a flexibly employed person",
        default=None,
    )
    community_corrections: StrictBool | None = described(
        "是否社区服刑人员", "under community corrections", default=None
    )
    drug_rehab: StrictBool | None = described(
        "是否戒毒康复人员", "in drug rehabilitation", default=None
    )
    released_prisoner: StrictBool | None = described(
        "是否刑满释放人员", "released prisoner", default=None
    )
    ethnic_area_resident: StrictBool | None = described(
        "是否民族地区群众", "resident of an ethnic-minority area", default=None
    )
    joined_organised_labor_export: StrictBool | None = described(
        "是否参加有组织劳务输出", "took part in organised labour export", default=None
    )
    labor_export_departed_on: IsoDate | None = described(
        "劳务输出出发日期", "date of departure in organised labour export", default=None
    )
    hard_to_employ: StrictBool | None = described(
        "是否经认定确实难以就业", "assessed as genuinely hard to employ", default=None
    )
    severance_lump_sum: Money | None = described(
        "一次性补偿收入（元）", "one-time severance compensation, yuan", default=None
    )

    # Records
    ui_periods: list[InsurancePeriod] = described(
        "失业保险缴费期间", "unemployment-insurance contribution periods", default_factory=list
    )
    certificates: list[Certificate] = described(
        "职业证书", "certificates held", default_factory=list
    )
    ventures: list[Venture] = described("创办的经营主体", "ventures founded", default_factory=list)
    loan_requests: list[LoanRequest] = described(
        "创业担保贷款申请", "guaranteed start-up loan requests", default_factory=list
    )
    job_recommendations: list[JobRecommendation] = described(
        "获得的岗位推荐", "job recommendations received", default_factory=list
    )
    trainings: list[Training] = described(
        "职业培训/技能鉴定", "trainings and appraisals", default_factory=list
    )

    # Household background read by person-level rules (a person's rules cannot see the household)
    poor_disabled_household: StrictBool | None = described(
        "是否来自贫困残疾人家庭（有残疾成员的贫困家庭）",
        "from a poor household with a disabled member (（十二）)",
        default=None,
    )
    dibao_household: StrictBool | None = described(
        "是否来自低保家庭",
        "from a household receiving 低保 (minimum living allowance) (（十二）)",
        default=None,
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

    _placed_after_wait = field_validator("placed_on")(
        ends_after("awaiting_placement_since", "veteran waiting period")
    )
