"""The typed case model (pydantic v2): who applies, with every fact the rules can read."""

from .base import IsoDate, Money
from .case import Applicant, Case
from .enums import (
    AreaType,
    CertificateKind,
    ContractType,
    EmployerType,
    EmploymentStatus,
    HukouType,
    OrganisationKind,
    Sex,
    SizeClass,
    SkillLevel,
    TerminationReason,
    VentureKind,
    VentureStatus,
    VeteranPlacement,
)
from .history import BenefitGrant
from .household import Household
from .organisation import (
    Hire,
    LaborExportEvent,
    Organisation,
    PremiumYear,
    Termination,
    TrainingCourse,
)
from .person import (
    Certificate,
    InsurancePeriod,
    JobRecommendation,
    LoanRequest,
    Person,
    Training,
    Venture,
)
from .validation import CaseValidationError, FieldProblem, parse_case

__all__ = [
    "Applicant",
    "AreaType",
    "BenefitGrant",
    "Case",
    "CaseValidationError",
    "Certificate",
    "CertificateKind",
    "ContractType",
    "EmployerType",
    "EmploymentStatus",
    "FieldProblem",
    "Hire",
    "Household",
    "HukouType",
    "InsurancePeriod",
    "IsoDate",
    "JobRecommendation",
    "LaborExportEvent",
    "LoanRequest",
    "Money",
    "Organisation",
    "OrganisationKind",
    "Person",
    "PremiumYear",
    "Sex",
    "SizeClass",
    "SkillLevel",
    "Termination",
    "TerminationReason",
    "Training",
    "TrainingCourse",
    "Venture",
    "VentureKind",
    "VentureStatus",
    "VeteranPlacement",
    "parse_case",
]
