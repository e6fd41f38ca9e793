"""Closed vocabularies of the case model: stable English identifiers used in rule files."""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    male = "male"
    female = "female"


class HukouType(StrEnum):
    """户籍类型 — household registration type."""

    urban = "urban"
    rural = "rural"


class AreaType(StrEnum):
    """常住地类型 — whether the habitual residence is urban or rural."""

    urban = "urban"
    rural = "rural"


class EmploymentStatus(StrEnum):
    """就业状态 — current employment status."""

    unemployed = "unemployed"  # 失业/无业
    employed = "employed"  # 受雇就业（劳动合同）
    self_employed = "self_employed"  # 自主创业/个体经营
    flexibly_employed = "flexibly_employed"  # 灵活就业


class EmployerType(StrEnum):
    """所在单位类型 — type of the person's current employer."""

    enterprise = "enterprise"  # 企业
    public_institution = "public_institution"  # 事业单位
    government = "government"  # 机关
    social_organisation = "social_organisation"  # 社会组织
    none = "none"  # 无单位（含灵活就业）


class VeteranPlacement(StrEnum):
    """退役士兵安置方式 — placement route of a discharged soldier."""

    government_assigned = "government_assigned"  # 政府安排工作
    self_employment = "self_employment"  # 自主就业
    other = "other"


class CertificateKind(StrEnum):
    """证书类型."""

    vocational_qualification = "vocational_qualification"  # 职业资格证书
    skill_level = "skill_level"  # 职业技能等级证书
    special_vocational_ability = "special_vocational_ability"  # 专项职业能力证书
    other = "other"


class SkillLevel(StrEnum):
    """职业资格/技能等级 (五级 entry … 一级 senior technician)."""

    level5 = "level5"  # 初级工（五级）
    level4 = "level4"  # 中级工（四级）
    level3 = "level3"  # 高级工（三级）
    level2 = "level2"  # 技师（二级）
    level1 = "level1"  # 高级技师（一级）


class VentureKind(StrEnum):
    """创办的经营主体类型."""

    small_micro_enterprise = "small_micro_enterprise"  # 小微企业
    individual_business = "individual_business"  # 个体工商户/个体经营
    farmer_cooperative = "farmer_cooperative"  # 农民专业合作社
    family_farm = "family_farm"  # 家庭农场
    other = "other"


class VentureStatus(StrEnum):
    planned = "planned"  # 筹备中
    operating = "operating"  # 正常经营
    suspended = "suspended"  # 停业/经营异常
    deregistered = "deregistered"  # 已注销


class OrganisationKind(StrEnum):
    """主体类型 — every entity type the policy names.

    Named in （八）（十二）（十七）（十九）（二十一）（二十四）.
    """

    enterprise = "enterprise"  # 企业（公司等）
    farmer_cooperative = "farmer_cooperative"  # 农民专业合作社
    large_grower = "large_grower"  # 种养大户
    family_farm = "family_farm"  # 家庭农场
    rural_ecommerce = "rural_ecommerce"  # 农村电商
    poverty_workshop = "poverty_workshop"  # 扶贫车间（合作社式/居家式，含手工绣特色编织）
    construction_micro_team = "construction_micro_team"  # 建筑业小微作业企业
    heritage_craft_workshop = "heritage_craft_workshop"  # 传统工艺（非遗产品）工作坊
    new_agri_operator = "new_agri_operator"  # 新型农业生产经营主体
    individual_business = "individual_business"  # 个体工商户
    social_organisation = "social_organisation"  # 社会组织（社会团体、社会服务机构、基金会）
    hr_service_agency = "hr_service_agency"  # 人力资源服务机构
    labor_broker = "labor_broker"  # 劳务经纪人
    incubator = "incubator"  # 创业孵化园区（基地）/众创空间运营主体
    public_employment_service = "public_employment_service"  # 公共就业创业服务机构
    university = "university"  # 高校
    training_institution = "training_institution"  # 培训机构
    other = "other"


class SizeClass(StrEnum):
    """企业规模 per 工信部联企业〔2011〕300号."""

    micro = "micro"
    small = "small"
    medium = "medium"
    large = "large"


class ContractType(StrEnum):
    """用工形式."""

    labor_contract = "labor_contract"  # 劳动合同
    service_agreement = "service_agreement"  # 劳务协议
    platform_agreement = "platform_agreement"  # 新业态平台协议
    none = "none"  # 无书面合同


class TerminationReason(StrEnum):
    """解除/终止劳动关系原因."""

    layoff = "layoff"  # 裁员（经济性裁员等用人单位原因）
    diversion = "diversion"  # 去产能分流安置解除劳动关系（不计入裁员，（十四））
    resignation = "resignation"  # 职工本人辞职
    contract_expiry = "contract_expiry"  # 合同期满终止
    retirement = "retirement"  # 退休
    death = "death"  # 死亡
    dismissal_for_cause = "dismissal_for_cause"  # 过失性辞退
