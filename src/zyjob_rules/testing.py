"""Hypothesis strategies that generate valid Cases, for property and differential tests.

Every strategy builds real model objects (so pydantic validates each one) and keeps to the
model's invariants: end dates never precede start dates, money is a ``Decimal`` of yuan with two
decimal places between 0 and 10,000,000, enums come from the model's enums, lists are short.

Dates are anchored on an assessment date (``as_of``, mostly 2015–2026, never outside 1950–2030).
Facts whose thresholds the policy states are drawn *near* those thresholds as seen from that date,
so both sides of every boundary turn up often:

- hires of about 6 months (（十九）, P41) on contracts of about 12 months (（十三）, P21);
- unemployment-insurance periods totalling about 36 months (（二十二）, P48) or 12 (the 2019 rule);
- loan requests of about ¥100,000 (（十九）, P42), down to the fen;
- ventures registered about a year ago (（八）, P07); certificates issued this year or about 12
  months ago (P48); job recommendations this year (（十八）, P40, lists of 0–4 around 3);
- last year's UI premiums, layoffs and diversions of capacity-reduction enterprises (（十四）, P24).

Requires the ``test`` extra (hypothesis). Usage::

    from hypothesis import given
    from zyjob_rules.testing import cases

    @given(cases(kind="organisation"))
    def test_something(case): ...
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal, TypeVar, overload

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from .calendar import add_months
from .model import (
    AreaType,
    BenefitGrant,
    Case,
    Certificate,
    CertificateKind,
    ContractType,
    EmployerType,
    EmploymentStatus,
    Hire,
    Household,
    HukouType,
    InsurancePeriod,
    JobRecommendation,
    LaborExportEvent,
    LoanRequest,
    Organisation,
    OrganisationKind,
    Person,
    PremiumYear,
    Sex,
    SizeClass,
    SkillLevel,
    Termination,
    TerminationReason,
    Training,
    TrainingCourse,
    Venture,
    VentureKind,
    VentureStatus,
    VeteranPlacement,
)

__all__ = [
    "EVENT_MAX",
    "EVENT_MIN",
    "MAX_DATE",
    "MAX_MONEY",
    "MIN_DATE",
    "ApplicantKind",
    "as_of_dates",
    "case_dicts",
    "cases",
    "hires",
    "households",
    "money",
    "near",
    "organisations",
    "persons",
]

T = TypeVar("T")
ApplicantKind = Literal["person", "household", "organisation"]
_KINDS = ("person", "household", "organisation")

MIN_DATE = date(1950, 1, 1)
MAX_DATE = date(2030, 12, 31)
EVENT_MIN = date(2015, 1, 1)
EVENT_MAX = date(2026, 12, 31)
MAX_MONEY = Decimal("10000000.00")
_MAX_FEN = int(MAX_MONEY * 100)

# Thresholds of the policy, as seen by the generators (the rules read theirs from rules/).
_HIRE_MONTHS = 6  # 稳定就业6个月以上 （十九）
_CONTRACT_MONTHS = 12  # 签订1年以上劳动合同 （十三）
_UI_MONTHS = 36  # 依法参加失业保险3年以上 （二十二）
_UI_MONTHS_RELAXED = 12  # the 2019 national relaxation of the same rule
_VENTURE_MONTHS = 12  # 正常经营1年以上 （八）
_LOAN_CAP = Decimal("100000")  # 最高不超过10万元 （十九）
_PREMIUM = Decimal("10000.05")  # a premium whose 70% needs rounding to the fen （十四）

_MAX_ITEMS = 4
_MAX_HIRES = 6


# --- public building blocks ------------------------------------------------------------------


@overload
def near(value: int, spread: int) -> SearchStrategy[int]: ...


@overload
def near(value: Decimal, spread: Decimal) -> SearchStrategy[Decimal]: ...


def near(value: int | Decimal, spread: int | Decimal) -> SearchStrategy[Any]:
    """Values within ``spread`` of ``value``, with ``value`` itself and its neighbours favoured.

    For ``int``: integers in ``[value - spread, value + spread]``, often exactly ``value`` or
    ``value ± 1``. For ``Decimal`` (money): amounts with two decimal places in the same range,
    clamped to ``[0, MAX_MONEY]``, often exactly ``value``, ``value ± 0.01`` or ``value ± 1``.
    Shrinks towards ``value``.
    """
    if spread < 0:
        raise ValueError(f"spread must be >= 0, got {spread}")
    if isinstance(value, Decimal) or isinstance(spread, Decimal):
        centre, width = _to_fen(Decimal(value)), _to_fen(Decimal(spread))
        lo, hi = max(0, centre - width), min(_MAX_FEN, centre + width)
        centre = min(max(centre, lo), hi)
        exact = (centre, centre + 1, centre - 1, centre + 100, centre - 100)
        return st.one_of(
            st.sampled_from([f for f in exact if lo <= f <= hi]), st.integers(lo, hi)
        ).map(_from_fen)
    lo_i, hi_i = value - spread, value + spread
    exact_i = [v for v in (value, value - 1, value + 1) if lo_i <= v <= hi_i]
    return st.one_of(st.sampled_from(exact_i), st.integers(lo_i, hi_i))


def money(max_value: Decimal = MAX_MONEY) -> SearchStrategy[Decimal]:
    """Yuan amounts with two decimal places in ``[0, max_value]``: whole yuan, or to the fen."""
    top = min(_to_fen(max_value), _MAX_FEN)
    return st.one_of(
        st.integers(0, top // 100).map(lambda y: _from_fen(y * 100)),
        st.integers(0, top).map(_from_fen),
    )


def as_of_dates() -> SearchStrategy[date]:
    """Assessment dates: mostly in the policy's first years, always within 2015–2026."""
    return _AS_OF


def _to_fen(amount: Decimal) -> int:
    return int(amount * 100)


def _from_fen(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def _opt(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.one_of(st.none(), strategy)


def _label(choices: Sequence[str]) -> SearchStrategy[str | None]:
    """An optional free-text field: usually a realistic value, sometimes arbitrary text."""
    return _opt(st.one_of(st.sampled_from(choices), st.sampled_from(choices), _TEXT))


# --- module-level strategies ------------------------------------------------------------------
# Strategies are built once here and only *drawn* from inside the generators: building and
# validating a fresh strategy per draw (e.g. st.dates(lo, hi) for each anchor) costs ten times
# more than the draw itself. Dates relative to an anchor are computed from drawn integers.

_AS_OF = st.one_of(
    st.dates(date(2017, 12, 12), date(2020, 12, 31)),  # the policy's first years
    st.dates(EVENT_MIN, EVENT_MAX),
)
_BOOL = st.booleans()
_FLAG: SearchStrategy[bool | None] = _opt(_BOOL)
_QUARTER = st.integers(0, 3)
_UNIT_MAX = 1_000_000
_UNIT = st.integers(0, _UNIT_MAX)  # a fraction of a span, in millionths
_SIZES = [st.integers(0, k) for k in range(_MAX_HIRES + 1)]
_JITTER = st.one_of(st.sampled_from([0, -1, 1]), st.integers(-20, 20))
"""Days added to a date drawn a whole number of months away, so month-end clamping shows up."""

_TEXT = st.text(max_size=8)
_ID = _opt(st.text(min_size=1, max_size=8))
_NOTE = _opt(_TEXT)
_NAME = _label(["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "Zhou Li"])
_PLACE = _label(["雁江区", "安岳县", "乐至县", "资阳高新区", "成都市", "广东省东莞市", "宁波市"])
_ORG_NAME = _label(["某家庭农场", "安岳县柠檬专业合作社", "雁江区某机械厂", "某人力资源公司"])
_INDUSTRY = _label(["大数据", "大健康", "电子商务", "现代农业", "餐饮", "机械制造", "手工编织"])
_COURSE_NAMES = ["电工", "焊工", "育婴员", "中式烹调师", "电子商务师", "柠檬种植技术"]
_COURSE = st.one_of(st.sampled_from(_COURSE_NAMES), _TEXT)
_OCCUPATION = _label(_COURSE_NAMES)
_INCUBATOR_LEVEL = _label(["国家级", "省级", "市级", "县级"])

_SEX = _opt(st.sampled_from(Sex))
_HUKOU = _opt(st.sampled_from(HukouType))
_AREA = _opt(st.sampled_from(AreaType))
_EMPLOYMENT = _opt(st.sampled_from(EmploymentStatus))
_EMPLOYER = _opt(st.sampled_from(EmployerType))
_PLACEMENT = _opt(st.sampled_from(VeteranPlacement))
_CERT_KIND = st.sampled_from(CertificateKind)
_SKILL = _opt(st.sampled_from(SkillLevel))
_VENTURE_KIND = st.sampled_from(VentureKind)
_VENTURE_STATUS = st.sampled_from(VentureStatus)
_ORG_KIND = st.sampled_from(OrganisationKind)
_SIZE_CLASS = _opt(st.sampled_from(SizeClass))
_CONTRACT = st.sampled_from(ContractType)
_REASON = st.sampled_from(TerminationReason)

_HIRE_SPAN = st.one_of(
    near(_HIRE_MONTHS, 2), near(_HIRE_MONTHS, 2), near(_CONTRACT_MONTHS, 2), st.integers(0, 60)
)
_TERM = _opt(st.one_of(near(_CONTRACT_MONTHS, 1), st.integers(0, 120)))
_UI_TOTAL = st.one_of(near(_UI_MONTHS, 3), near(_UI_MONTHS, 3), near(_UI_MONTHS_RELAXED, 2))
_UI_STOP = st.one_of(st.sampled_from([0, 1]), st.integers(0, 400))  # days before the as-of date
_UI_GAP = st.integers(0, 120)
_VENTURE_AGE = near(_VENTURE_MONTHS, 2)
_LOAN = st.one_of(near(_LOAN_CAP, Decimal(2)), near(_LOAN_CAP, Decimal(60000)), money())
_PAID = st.one_of(near(_PREMIUM, Decimal(50)), money(Decimal(2000000)))
_ARREARS = st.one_of(st.just(Decimal("0.00")), money(Decimal(100000)))
_SEVERANCE = _opt(money(Decimal(500000)))
_PREMIUM_YEAR = near(-1, 2)  # relative to the as-of year: last year, mostly
_HEADCOUNT = _opt(st.one_of(near(100, 5), st.integers(0, 5000)))
_LEAVERS = st.one_of(near(1, 1), st.integers(0, 60))
_EXPORTED = st.integers(0, 300)
_WAIT_DAYS = st.integers(0, 700)

_SPECIAL_FLAGS = (
    "migrant_returnee",
    "new_form_worker",
    "has_platform_contract",
    "flexibly_insured",
    "community_corrections",
    "drug_rehab",
    "released_prisoner",
    "ethnic_area_resident",
    "joined_organised_labor_export",
)


# --- dates relative to an anchor --------------------------------------------------------------


def _clamp(day: date) -> date:
    return min(max(day, MIN_DATE), MAX_DATE)


def _shift(day: date, months: int, days: int = 0) -> date:
    return _clamp(add_months(day, months) + timedelta(days=days))


def _size(draw: DrawFn, most: int) -> int:
    return draw(_SIZES[most] if most < len(_SIZES) else st.integers(0, most))


def _between(draw: DrawFn, lo: date, hi: date) -> date:
    """A day in ``[lo, hi]`` (clamped to 1950–2030); shrinks towards ``lo``."""
    lo, hi = _clamp(lo), _clamp(hi)
    if hi < lo:
        lo, hi = hi, lo
    return lo + timedelta(days=(hi - lo).days * draw(_UNIT) // _UNIT_MAX)


def _recent(draw: DrawFn, anchor: date, years: int = 3) -> date:
    """An event: mostly in the ``years`` before ``anchor``, one time in four any day 2015–2026."""
    if draw(_QUARTER) == 3:
        return _between(draw, EVENT_MIN, EVENT_MAX)
    return _between(draw, _shift(anchor, -12 * years), anchor)


def _months_before(draw: DrawFn, anchor: date, months: SearchStrategy[int]) -> date:
    """A date ``months`` (drawn) before ``anchor``, give or take a few days."""
    return _shift(anchor, -draw(months), draw(_JITTER))


def _this_year(draw: DrawFn, anchor: date) -> date:
    return _between(draw, date(anchor.year, 1, 1), anchor)


def _maybe(draw: DrawFn) -> bool:
    return draw(_BOOL)


def _anchor(draw: DrawFn, as_of: date | None) -> date:
    return as_of if as_of is not None else draw(_AS_OF)


# --- a person's records ----------------------------------------------------------------------


def _ui_periods(draw: DrawFn, anchor: date, max_items: int) -> list[InsurancePeriod]:
    """Contribution periods; mostly laid out to total about 36 (or 12) months by ``anchor``."""
    if max_items == 0:
        return []
    if draw(_QUARTER) == 3:  # anything in the last ten years
        periods = []
        for _ in range(_size(draw, max_items)):
            start = _between(draw, _shift(anchor, -12 * 10), anchor)
            end = _between(draw, start, _shift(anchor, 12)) if _maybe(draw) else None
            periods.append(InsurancePeriod(start=start, end=end))
        return periods
    total = draw(_UI_TOTAL)
    pieces = 1 + _size(draw, min(3, max_items) - 1)
    lengths = []
    remaining = total
    for placed in range(pieces - 1):
        room = remaining - (pieces - 1 - placed)  # leave at least a month for each later piece
        piece = 1 + (room - 1) * draw(_UNIT) // _UNIT_MAX
        lengths.append(piece)
        remaining -= piece
    lengths.append(remaining)
    # Lay the periods out backwards. A period whose last day is the day before ``stop`` and which
    # starts ``n`` months before ``stop`` covers n months. A period still running on the as-of
    # date counts up to and including it, so it "stops" the day after.
    ongoing = _maybe(draw)
    stop = anchor + timedelta(days=1) if ongoing else anchor - timedelta(days=draw(_UI_STOP))
    periods = []
    for length in reversed(lengths):
        start = add_months(stop, -length)
        periods.append(InsurancePeriod(start=_clamp(start), end=_clamp(stop - timedelta(days=1))))
        stop = start - timedelta(days=draw(_UI_GAP))
    periods.reverse()
    if ongoing:
        periods[-1] = InsurancePeriod(start=periods[-1].start, end=None)
    return periods


def _certificate(draw: DrawFn, anchor: date) -> Certificate:
    which = draw(_QUARTER)
    if which <= 1:
        issued = _this_year(draw, anchor)
    elif which == 2:  # about 12 months ago: the edge of the application window
        issued = _between(draw, _shift(anchor, -13), _shift(anchor, -11))
    else:
        issued = _recent(draw, anchor, 5)
    return Certificate(
        kind=draw(_CERT_KIND), level=draw(_SKILL), occupation=draw(_OCCUPATION), issued_on=issued
    )


def _venture(draw: DrawFn, anchor: date) -> Venture:
    registered: date | None = None
    if _maybe(draw):
        if _maybe(draw):
            registered = _months_before(draw, anchor, _VENTURE_AGE)
        else:
            registered = _recent(draw, anchor, 6)
    return Venture(
        kind=draw(_VENTURE_KIND),
        registered_on=registered,
        status=draw(_VENTURE_STATUS),
        first_venture=draw(_FLAG),
        industry=draw(_INDUSTRY),
    )


def _loan_request(draw: DrawFn, anchor: date) -> LoanRequest:
    requested = _between(draw, anchor - timedelta(days=120), anchor)
    return LoanRequest(amount=draw(_LOAN), requested_on=requested)


def _job_recommendation(draw: DrawFn, anchor: date) -> JobRecommendation:
    when = _recent(draw, anchor, 2) if draw(_QUARTER) == 3 else _this_year(draw, anchor)
    return JobRecommendation(recommended_on=when, employer=draw(_ORG_NAME), post=draw(_OCCUPATION))


def _training(draw: DrawFn, anchor: date) -> Training:
    return Training(
        course=draw(_COURSE),
        in_catalogue=draw(_FLAG),
        completed_on=_recent(draw, anchor) if _maybe(draw) else None,
        passed_appraisal=draw(_FLAG),
    )


# Rules whose once-only conditions read a benefit history (docs/decisions.md, benefit history).
_GRANT_RULES = st.sampled_from([
    "decap_labor_export_transport_subsidy",
    "poverty_hire_award",
    "skills_upgrade_subsidy",
    "job_search_subsidy_extension",
    "job_search_subsidy_base",
    "startup_subsidy_difficult",
    "incubator_award",
])
_COMPLETE = st.sampled_from([True, None])


def _grant(draw: DrawFn, anchor: date) -> BenefitGrant:
    return BenefitGrant(
        rule=draw(_GRANT_RULES),
        granted_on=_recent(draw, anchor, 2),
        worker_id=draw(_ID),
        occupation=draw(_OCCUPATION),
        level=draw(_SKILL),
    )


def _history(draw: DrawFn, anchor: date, max_items: int) -> dict[str, Any]:
    """A benefit history, checked against the ledger or not."""
    return {
        "benefit_history": _some(draw, max_items, _grant, anchor),
        "benefit_history_complete": draw(_COMPLETE),
    }


def _some(draw: DrawFn, most: int, item: Callable[[DrawFn, date], T], anchor: date) -> list[T]:
    return [item(draw, anchor) for _ in range(_size(draw, most))]


# --- the person ------------------------------------------------------------------------------


def _optional_date(draw: DrawFn, anchor: date, years: int = 3) -> date | None:
    return _recent(draw, anchor, years) if _maybe(draw) else None


def _person(draw: DrawFn, anchor: date, max_items: int) -> Person:
    fields: dict[str, Any] = {}
    # Each group of facts is present or absent as a whole: cheap, and the empty person shrinks.
    if _maybe(draw):  # identity
        fields["id"] = draw(_ID)
        fields["name"] = draw(_NAME)
        if _maybe(draw):
            if draw(_QUARTER) == 3:
                fields["birth_date"] = _between(draw, MIN_DATE, _shift(anchor, -12 * 15))
            else:  # of working age
                fields["birth_date"] = _between(
                    draw, _shift(anchor, -12 * 65), _shift(anchor, -12 * 16)
                )
        fields["sex"] = draw(_SEX)
    if _maybe(draw):  # registration and residence
        fields["hukou_type"] = draw(_HUKOU)
        fields["hukou_place"] = draw(_PLACE)
        fields["residence_area"] = draw(_AREA)
        fields["residence_place"] = draw(_PLACE)
        fields["has_land"] = draw(_FLAG)
    if _maybe(draw):  # work
        fields["able_to_work"] = draw(_FLAG)
        fields["willing_to_work"] = draw(_FLAG)
        fields["employment_status"] = draw(_EMPLOYMENT)
        if _maybe(draw):
            fields["employed_since"] = (
                _months_before(draw, anchor, _HIRE_SPAN)
                if _maybe(draw)
                else _recent(draw, anchor, 5)
            )
        fields["employer_type"] = draw(_EMPLOYER)
        fields["unemployment_registered"] = draw(_FLAG)
        fields["unemployment_registered_on"] = _optional_date(draw, anchor)
        fields["unemployment_registration_place"] = draw(_PLACE)
    if _maybe(draw):  # poverty and social assistance
        fields["poor_household_labor"] = draw(_FLAG)
        fields["poverty_registered"] = draw(_FLAG)
        fields["poverty_registered_on"] = _optional_date(draw, anchor, 4)
        fields["poverty_exited"] = draw(_FLAG)
        fields["relocated_poor"] = draw(_FLAG)
        fields["dibao_recipient"] = draw(_FLAG)
        fields["extreme_poverty"] = draw(_FLAG)
        fields["disabled"] = draw(_FLAG)
        fields["poor_disabled_household"] = draw(_FLAG)
        fields["employment_difficulty_certified"] = draw(_FLAG)
        fields["employment_difficulty_certified_on"] = _optional_date(draw, anchor, 4)
    if _maybe(draw):  # graduates
        fields["graduate"] = draw(_FLAG)
        if _maybe(draw):
            fields["graduation_date"] = (
                _this_year(draw, anchor) if _maybe(draw) else _recent(draw, anchor)
            )
    if _maybe(draw):  # veterans
        fields["veteran_soldier"] = draw(_FLAG)
        fields["veteran_placement"] = draw(_PLACEMENT)
        fields["meets_assignment_conditions"] = draw(_FLAG)
        since = _optional_date(draw, anchor, 2)
        fields["awaiting_placement_since"] = since
        if since is not None and _maybe(draw):
            fields["placed_on"] = _clamp(since + timedelta(days=draw(_WAIT_DAYS)))
        fields["self_placing_officer"] = draw(_FLAG)
    if _maybe(draw):  # capacity reduction
        fields["decap_worker"] = draw(_FLAG)
        fields["decap_unemployed"] = draw(_FLAG)
        fields["left_via_diversion"] = draw(_FLAG)
        fields["hard_to_employ"] = draw(_FLAG)
        fields["severance_lump_sum"] = draw(_SEVERANCE)
    if _maybe(draw):  # other special groups
        for flag in _SPECIAL_FLAGS:
            fields[flag] = draw(_FLAG)
        fields["labor_export_departed_on"] = _optional_date(draw, anchor, 1)
    if _maybe(draw):  # records
        fields["ui_periods"] = _ui_periods(draw, anchor, max_items)
        fields["certificates"] = _some(draw, max_items, _certificate, anchor)
        fields["ventures"] = _some(draw, max_items, _venture, anchor)
        fields["loan_requests"] = _some(draw, max_items, _loan_request, anchor)
        fields["job_recommendations"] = _some(draw, max_items, _job_recommendation, anchor)
        fields["trainings"] = _some(draw, max_items, _training, anchor)
    if _maybe(draw):  # benefits already granted
        fields.update(_history(draw, anchor, max_items))
    return Person(**fields)


@st.composite
def _persons(draw: DrawFn, as_of: date | None, max_items: int) -> Person:
    return _person(draw, _anchor(draw, as_of), max_items)


def persons(*, as_of: date | None = None, max_items: int = _MAX_ITEMS) -> SearchStrategy[Person]:
    """Natural persons; dates are placed relative to ``as_of`` (drawn when not given).

    ``max_items`` bounds each record list (insurance periods, certificates, ventures, ...).
    """
    return _persons(as_of, max_items)


# --- the household ---------------------------------------------------------------------------


def _household(draw: DrawFn, anchor: date, max_items: int) -> Household:
    return Household(
        id=draw(_ID),
        members=[_person(draw, anchor, max_items) for _ in range(_size(draw, max_items))],
        poverty_registered=draw(_FLAG),
        poverty_exited=draw(_FLAG),
        dibao=draw(_FLAG),
        zero_employment=draw(_FLAG),
        has_disabled_member=draw(_FLAG),
    )


@st.composite
def _households(draw: DrawFn, as_of: date | None, max_items: int) -> Household:
    return _household(draw, _anchor(draw, as_of), max_items)


def households(
    *, as_of: date | None = None, max_items: int = _MAX_ITEMS
) -> SearchStrategy[Household]:
    """Households of 0–``max_items`` members with their registry statuses."""
    return _households(as_of, max_items)


# --- the organisation ------------------------------------------------------------------------


def _hire(draw: DrawFn, anchor: date) -> Hire:
    if draw(_QUARTER) == 3:
        start = _recent(draw, anchor)
    else:  # about 6 (or 12) months before the as-of date
        start = _months_before(draw, anchor, _HIRE_SPAN)
    end: date | None = None
    if _maybe(draw):  # left: some months after starting, or any day up to shortly after as-of
        if _maybe(draw):
            end = max(_shift(start, draw(_HIRE_SPAN), draw(_JITTER)), start)
        else:
            end = _between(draw, start, max(start, _shift(anchor, 3)))
    return Hire(
        worker=_person(draw, anchor, 2),
        start_date=start,
        end_date=end,
        contract_type=draw(_CONTRACT),
        contract_term_months=draw(_TERM),
        open_ended=draw(_BOOL),
        social_insurance_enrolled=draw(_FLAG),
        housing_fund_paid=draw(_FLAG),
    )


@st.composite
def _hires(draw: DrawFn, as_of: date | None) -> Hire:
    return _hire(draw, _anchor(draw, as_of))


def hires(*, as_of: date | None = None) -> SearchStrategy[Hire]:
    """One hired worker: employed about 6 months (or 12, or any time), often still employed."""
    return _hires(as_of)


def _premium_years(draw: DrawFn, anchor: date, max_items: int) -> list[PremiumYear]:
    years = sorted({anchor.year + draw(_PREMIUM_YEAR) for _ in range(_size(draw, max_items))})
    return [
        PremiumYear(
            year=year,
            enterprise_paid=draw(_PAID),
            employees_paid=draw(_PAID),
            paid_in_full=draw(_FLAG),
            back_paid_arrears=draw(_ARREARS),
        )
        for year in years
    ]


def _termination(draw: DrawFn, anchor: date) -> Termination:
    if draw(_QUARTER) == 3:
        when = _recent(draw, anchor)
    else:  # last year, the year the layoff test looks at
        when = _between(draw, date(anchor.year - 1, 1, 1), date(anchor.year - 1, 12, 31))
    return Termination(date=when, reason=draw(_REASON), count=draw(_LEAVERS))


def _labor_export(draw: DrawFn, anchor: date) -> LaborExportEvent:
    workers = draw(_EXPORTED)
    rural = workers * draw(_UNIT) // _UNIT_MAX if _maybe(draw) else None
    return LaborExportEvent(
        date=_recent(draw, anchor, 2),
        workers=workers,
        rural_workers=rural,
        destination=draw(_PLACE),
    )


def _organisation(draw: DrawFn, anchor: date, max_items: int, max_hires: int) -> Organisation:
    fields: dict[str, Any] = {"org_kind": draw(_ORG_KIND), "size_class": draw(_SIZE_CLASS)}
    if _maybe(draw):  # identity and registration
        fields["id"] = draw(_ID)
        fields["name"] = draw(_ORG_NAME)
        fields["state_owned"] = draw(_FLAG)
        fields["new_business_form"] = draw(_FLAG)
        fields["business_registered"] = draw(_FLAG)
        fields["registered_on"] = _optional_date(draw, anchor, 8)
        fields["founder_migrant_returnee"] = draw(_FLAG)
    if _maybe(draw):  # capacity reduction and unemployment insurance
        fields["decapacity"] = draw(_FLAG)
        fields["ui_insured"] = draw(_FLAG)
        fields["ui_premiums"] = _premium_years(draw, anchor, max_items)
        fields["headcount_prior_year_end"] = draw(_HEADCOUNT)
        fields["terminations"] = _some(draw, max_items, _termination, anchor)
    if _maybe(draw):  # hiring
        fields["hires"] = _some(draw, max_hires, _hire, anchor)
        if _maybe(draw):  # awards already granted, some naming a hired worker
            history = _history(draw, anchor, max_items)
            ids = [h.worker.id for h in fields["hires"]]
            if ids:
                history["benefit_history"] = [
                    g.model_copy(update={"worker_id": draw(st.sampled_from(ids))})
                    if _maybe(draw) else g
                    for g in history["benefit_history"]
                ]
            fields.update(history)
    if _maybe(draw):  # services and recognitions
        fields["incubator_recognised"] = draw(_FLAG)
        fields["incubator_recognised_on"] = _optional_date(draw, anchor)
        fields["incubator_level"] = draw(_INCUBATOR_LEVEL)
        fields["labor_exports"] = _some(draw, max_items, _labor_export, anchor)
        fields["has_training_institution"] = draw(_FLAG)
        fields["training_institution_approved"] = draw(_FLAG)
        fields["training_nonprofit"] = draw(_FLAG)
        fields["trains_own_staff"] = draw(_FLAG)
        fields["training_courses"] = _some(draw, 2, _training_course, anchor)
    return Organisation(**fields)


def _training_course(draw: DrawFn, anchor: date) -> TrainingCourse:
    """A concentrated course with a few small trainees (target-group facts only)."""
    trainees = [
        Person(
            decap_unemployed=draw(_FLAG),
            poor_household_labor=draw(_FLAG),
            employment_difficulty_certified=draw(_FLAG),
            ethnic_area_resident=draw(_FLAG),
        )
        for _ in range(_size(draw, 3))
    ]
    return TrainingCourse(
        course=draw(_TEXT),
        start_date=_optional_date(draw, anchor, 1),
        block_purchased=draw(_FLAG),
        trainees=trainees,
    )


@st.composite
def _organisations(
    draw: DrawFn, as_of: date | None, max_items: int, max_hires: int
) -> Organisation:
    return _organisation(draw, _anchor(draw, as_of), max_items, max_hires)


def organisations(
    *, as_of: date | None = None, max_items: int = _MAX_ITEMS, max_hires: int = _MAX_HIRES
) -> SearchStrategy[Organisation]:
    """Enterprises and other organisations, with 0–``max_hires`` hires and their records."""
    return _organisations(as_of, max_items, max_hires)


# --- the case --------------------------------------------------------------------------------

_KIND_INDEX = st.integers(0, len(_KINDS) - 1)


def _applicant(draw: DrawFn, kind: ApplicantKind | None, anchor: date) -> Any:
    chosen = kind if kind is not None else _KINDS[draw(_KIND_INDEX)]
    if chosen == "person":
        return _person(draw, anchor, _MAX_ITEMS)
    if chosen == "household":
        return _household(draw, anchor, _MAX_ITEMS)
    return _organisation(draw, anchor, _MAX_ITEMS, _MAX_HIRES)


def _case(draw: DrawFn, kind: ApplicantKind | None, as_of: date | None) -> Case:
    anchor = _anchor(draw, as_of)
    return Case(
        id=draw(_ID),
        as_of=anchor,
        applicant=_applicant(draw, kind, anchor),
        note=draw(_NOTE),
    )


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in _KINDS:
        raise ValueError(f"kind must be one of {', '.join(_KINDS)} or None, got {kind!r}")


@st.composite
def _cases(draw: DrawFn, kind: ApplicantKind | None, as_of: date | None) -> Case:
    return _case(draw, kind, as_of)


def cases(kind: ApplicantKind | None = None, *, as_of: date | None = None) -> SearchStrategy[Case]:
    """Valid Cases of one applicant ``kind`` (``person``, ``household``, ``organisation``) or any.

    ``as_of`` is always set (drawn from :func:`as_of_dates` unless given), so evaluating a
    generated case never depends on today's date.
    """
    _check_kind(kind)
    return _cases(kind, as_of)


@st.composite
def _case_dicts(draw: DrawFn, kind: ApplicantKind | None, as_of: date | None) -> dict[str, Any]:
    case = _case(draw, kind, as_of)
    return case.model_dump(mode="json", exclude_none=_maybe(draw))


def case_dicts(
    kind: ApplicantKind | None = None, *, as_of: date | None = None
) -> SearchStrategy[dict[str, Any]]:
    """JSON-ready dicts of valid Cases: ISO dates, money as strings, nulls sometimes omitted."""
    _check_kind(kind)
    return _case_dicts(kind, as_of)
