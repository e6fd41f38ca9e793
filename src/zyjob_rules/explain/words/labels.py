"""The zh/en labels of the case model's enum values (家庭农场, not ``family_farm``).

Keyed by the enum's class name and value; a test checks every member of every enum in
``zyjob_rules.model.enums`` has a label here.
"""

from __future__ import annotations

from enum import Enum

ENUM_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "Sex": {"male": ("男", "male"), "female": ("女", "female")},
    "HukouType": {"urban": ("城镇户籍", "urban hukou"), "rural": ("农村户籍", "rural hukou")},
    "AreaType": {"urban": ("城镇", "urban"), "rural": ("农村", "rural")},
    "EmploymentStatus": {
        "unemployed": ("失业/无业", "unemployed"),
        "employed": ("受雇就业", "employed"),
        "self_employed": ("自主创业/个体经营", "self-employed"),
        "flexibly_employed": ("灵活就业", "flexibly employed"),
    },
    "EmployerType": {
        "enterprise": ("企业", "enterprise"),
        "public_institution": ("事业单位", "public institution"),
        "government": ("机关", "government body"),
        "social_organisation": ("社会组织", "social organisation"),
        "none": ("无单位", "no employer"),
    },
    "VeteranPlacement": {
        "government_assigned": ("政府安排工作", "job assigned by the government"),
        "self_employment": ("自主就业", "self-arranged employment"),
        "other": ("其他", "other"),
    },
    "CertificateKind": {
        "vocational_qualification": ("职业资格证书", "vocational qualification certificate"),
        "skill_level": ("职业技能等级证书", "skill-level certificate"),
        "special_vocational_ability": (
            "专项职业能力证书", "special vocational-ability certificate",
        ),
        "other": ("其他证书", "other certificate"),
    },
    "SkillLevel": {
        "level5": ("初级工（五级）", "level 5 (entry)"),
        "level4": ("中级工（四级）", "level 4 (intermediate)"),
        "level3": ("高级工（三级）", "level 3 (senior)"),
        "level2": ("技师（二级）", "level 2 (technician)"),
        "level1": ("高级技师（一级）", "level 1 (senior technician)"),
    },
    "VentureKind": {
        "small_micro_enterprise": ("小微企业", "small or micro enterprise"),
        "individual_business": ("个体工商户", "individual business"),
        "farmer_cooperative": ("农民专业合作社", "farmers' cooperative"),
        "family_farm": ("家庭农场", "family farm"),
        "other": ("其他", "other"),
    },
    "VentureStatus": {
        "planned": ("筹备中", "being set up"),
        "operating": ("正常经营", "operating"),
        "suspended": ("停业/经营异常", "suspended"),
        "deregistered": ("已注销", "deregistered"),
    },
    "OrganisationKind": {
        "enterprise": ("企业", "enterprise"),
        "farmer_cooperative": ("农民专业合作社", "farmers' cooperative"),
        "large_grower": ("种养大户", "large grower"),
        "family_farm": ("家庭农场", "family farm"),
        "rural_ecommerce": ("农村电商", "rural e-commerce business"),
        "poverty_workshop": ("扶贫车间", "poverty-alleviation workshop"),
        "construction_micro_team": ("建筑业小微作业企业", "small construction work team"),
        "heritage_craft_workshop": ("传统工艺（非遗产品）工作坊", "traditional-craft workshop"),
        "new_agri_operator": ("新型农业生产经营主体", "new agricultural operator"),
        "individual_business": ("个体工商户", "individual business"),
        "social_organisation": ("社会组织", "social organisation"),
        "hr_service_agency": ("人力资源服务机构", "human-resources service agency"),
        "labor_broker": ("劳务经纪人", "labour broker"),
        "incubator": ("创业孵化园区（基地）", "business incubator"),
        "public_employment_service": ("公共就业创业服务机构", "public employment service"),
        "university": ("高校", "university"),
        "training_institution": ("培训机构", "training institution"),
        "other": ("其他", "other"),
    },
    "SizeClass": {
        "micro": ("微型", "micro"),
        "small": ("小型", "small"),
        "medium": ("中型", "medium-sized"),
        "large": ("大型", "large"),
    },
    "ContractType": {
        "labor_contract": ("劳动合同", "labour contract"),
        "service_agreement": ("劳务协议", "service agreement"),
        "platform_agreement": ("新业态平台协议", "platform agreement"),
        "none": ("无书面合同", "no written contract"),
    },
    "TerminationReason": {
        "layoff": ("裁员", "layoff"),
        "diversion": ("去产能分流安置", "capacity-reduction redeployment"),
        "resignation": ("本人辞职", "resignation"),
        "contract_expiry": ("合同期满终止", "contract expiry"),
        "retirement": ("退休", "retirement"),
        "death": ("死亡", "death"),
        "dismissal_for_cause": ("过失性辞退", "dismissal for cause"),
    },
}

# A value seen only as a string (e.g. the right side of a comparison written in a rule): the
# first label found for it in any enum.
_BY_VALUE: dict[str, tuple[str, str]] = {}
for _table in ENUM_LABELS.values():
    for _value, _pair in _table.items():
        _BY_VALUE.setdefault(_value, _pair)


def enum_label(value: Enum | str, lang: str) -> str | None:
    """The label of an enum member (or of a bare enum value string), or None if unknown."""
    if isinstance(value, Enum):
        pair = ENUM_LABELS.get(type(value).__name__, {}).get(str(value.value))
    else:
        pair = _BY_VALUE.get(value)
    if pair is None:
        return None
    return pair[0] if lang == "zh" else pair[1]
