"""The four headline rules written by hand: the baseline the engine is measured against.

A programmer's plain Python for （十九） the hiring award and the start-up loan, （十四） the
stabilisation subsidy and （二十二） the skills-upgrading subsidy, on the same validated Case
objects, giving the same answers as a screening row: outcome, amount, the date it would first
hold (where only a duration is short) and the missing facts of an unknown outcome. Numbers are
constants here, as a hand-written screener would have them (the engine reads them from
parameters.yaml). ``agree`` checks the two give identical rows, so the ratio compares equal work.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from zyjob_rules.calendar import add_months, covered_months, whole_months_between
from zyjob_rules.model import Case, Organisation, Person

HEADLINE = (
    "poverty_hire_award",
    "poverty_startup_loan",
    "decapacity_stabilization_subsidy",
    "skills_upgrade_subsidy",
)

HIRE_AWARD = Decimal(1000)
HIRE_MIN_MONTHS = 6
LOAN_MAX = Decimal(100000)
DECAP_RATE = Decimal("0.70")
MAX_LAYOFF_RATE: Decimal | None = None  # unset: left to other regulations
SKILLS_MIN_MONTHS = 36
SKILLS_AMOUNT = {"level5": Decimal(1000), "level4": Decimal(1500), "level3": Decimal(2000)}
LISTED_KINDS = {"farmer_cooperative", "large_grower", "family_farm", "rural_ecommerce",
                "poverty_workshop"}
RETURNEE_KINDS = {"farmer_cooperative", "large_grower", "family_farm", "construction_micro_team",
                  "heritage_craft_workshop", "poverty_workshop"}
FEN = Decimal("0.01")

Row = tuple[str, str, str, Decimal | None, date | None, tuple[str, ...]]


def k_and(*values: bool | None) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def k_or(*values: bool | None) -> bool | None:
    if True in values:
        return True
    return None if None in values else False


def outcome(value: bool | None) -> str:
    return "unknown" if value is None else ("eligible" if value else "not_eligible")


def fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


# -- （十九） hiring award ------------------------------------------------------------------------
def small_micro(org: Organisation) -> bool | None:
    size = org.size_class
    by_size = None if size is None else size in ("small", "micro")
    returnee = k_and(org.org_kind in RETURNEE_KINDS, org.founder_migrant_returnee,
                     org.business_registered)
    return k_or(by_size, returnee)


def small_micro_missing(org: Organisation) -> list[str]:
    out = []
    if org.size_class is None:
        out.append("applicant.size_class")
    if org.founder_migrant_returnee is None:
        out.append("applicant.founder_migrant_returnee")
    if org.business_registered is None:
        out.append("applicant.business_registered")
    return out


def poor(person: Person) -> bool | None:
    return k_or(person.poor_household_labor, person.poverty_registered)


def poor_missing(person: Person, path: str) -> list[str]:
    out = []
    if person.poor_household_labor is None:
        out.append(f"{path}.poor_household_labor")
    if person.poverty_registered is None:
        out.append(f"{path}.poverty_registered")
    return out


def stable_on(hire: Any, day: date) -> bool:
    # end_date is the last day worked: a finished stint runs to the day after it.
    end = hire.end_date + timedelta(days=1) if hire.end_date is not None else day
    return whole_months_between(hire.start_date, min(end, day)) >= HIRE_MIN_MONTHS


def once_per_worker(org: Organisation, qualifying: list[bool | None]) -> list[bool | None]:
    """Each stint that qualifies, unless an earlier qualifying stint of the same worker does."""
    out: list[bool | None] = []
    for h, q in zip(org.hires, qualifying, strict=True):
        earlier = [
            k_and(None if None in (g.worker.id, h.worker.id) else g.worker.id == h.worker.id,
                  g.start_date < h.start_date, qg)
            for g, qg in zip(org.hires, qualifying, strict=True)
        ]
        seen = k_or(*earlier)
        out.append(k_and(q, None if seen is None else not seen))
    return out


def hire_award(org: Organisation, as_of: date) -> Row:
    operator = k_or(org.org_kind in LISTED_KINDS, small_micro(org))
    poor_of = [poor(h.worker) for h in org.hires]
    items = once_per_worker(
        org, [k_and(p, stable_on(h, as_of)) for p, h in zip(poor_of, org.hires, strict=True)]
    )
    overall = k_and(operator, k_or(*items))
    amount = eligible_from = None
    missing: list[str] = []
    if overall:
        amount = fen(HIRE_AWARD * sum(1 for v in items if v))
    elif overall is None:
        if operator is None:
            missing += small_micro_missing(org)
        for i, (v, h) in enumerate(zip(items, org.hires, strict=True)):
            if v is None:
                missing += poor_missing(h.worker, f"applicant.hires[{i}].worker")
    elif operator:  # every hire fails: the first day a poor worker's six months are complete
        def holds(day: date) -> bool:
            return any(p is True and stable_on(h, day)
                       for p, h in zip(poor_of, org.hires, strict=True))

        days = sorted({add_months(h.start_date, HIRE_MIN_MONTHS)
                       for p, h in zip(poor_of, org.hires, strict=True) if p is True})
        for day in days[:5]:
            if day > as_of and holds(day) and not holds(day - timedelta(days=1)):
                eligible_from = day
                break
    return ("poverty_hire_award", "applicant", outcome(overall), amount, eligible_from,
            tuple(dict.fromkeys(missing)))


# -- （十九） start-up loan -----------------------------------------------------------------------
def startup_loan(person: Person) -> Row:
    is_poor = poor(person)
    starting = any(v.status in ("planned", "operating") for v in person.ventures)
    overall = k_and(is_poor, starting)
    amount = None
    missing: tuple[str, ...] = ()
    if overall:
        requests = person.loan_requests
        amount = fen(min(max(r.amount for r in requests), LOAN_MAX) if requests else LOAN_MAX)
    elif overall is None:
        missing = tuple(poor_missing(person, "applicant"))
    return ("poverty_startup_loan", "applicant", outcome(overall), amount, None, missing)


# -- （十四） stabilisation subsidy ---------------------------------------------------------------
def stabilization(org: Organisation, as_of: date) -> Row:
    last_year = as_of.year - 1
    index, premium = next(((i, p) for i, p in enumerate(org.ui_premiums) if p.year == last_year),
                          (None, None))
    paid_in_full = premium.paid_in_full if premium is not None else None
    layoffs = sum(t.count for t in org.terminations
                  if t.reason == "layoff" and t.date.year == last_year)
    headcount = org.headcount_prior_year_end
    if layoffs == 0:
        few_layoffs: bool | None = True
    elif headcount is None or headcount == 0:
        few_layoffs = None if headcount is None else False  # nobody left: not "few"
    elif MAX_LAYOFF_RATE is None:
        few_layoffs = None
    else:
        few_layoffs = Decimal(layoffs) / Decimal(headcount) < MAX_LAYOFF_RATE
    overall = k_and(org.decapacity, org.ui_insured, paid_in_full, few_layoffs)
    amount = None
    missing: list[str] = []
    if overall and premium is not None:
        amount = fen(DECAP_RATE * (premium.enterprise_paid + premium.employees_paid
                                   - premium.back_paid_arrears))
    elif overall is None:
        if org.decapacity is None:
            missing.append("applicant.decapacity")
        if org.ui_insured is None:
            missing.append("applicant.ui_insured")
        if paid_in_full is None:
            if premium is not None:
                missing.append(f"applicant.ui_premiums[{index}].paid_in_full")
            missing.append("applicant.ui_premiums[where p.year == last_year]")
        if few_layoffs is None:
            if headcount is None:
                missing.append("applicant.headcount_prior_year_end")
            else:
                missing.append("decapacity_stabilization.max_layoff_rate")
    return ("decapacity_stabilization_subsidy", "applicant", outcome(overall), amount, None,
            tuple(dict.fromkeys(missing)))


# -- （二十二） skills-upgrading subsidy ----------------------------------------------------------
def skills_upgrade(person: Person, as_of: date) -> Row:
    employer = person.employer_type
    is_employee = None if employer is None else employer == "enterprise"
    periods = [(p.start, p.end) for p in person.ui_periods]
    certs = person.certificates
    valid = [
        k_and(
            c.kind in ("vocational_qualification", "skill_level"),
            None if c.level is None else c.level in SKILLS_AMOUNT,  # levels 5–3 (40号)
            c.issued_on <= as_of,
            c.issued_on.year == as_of.year,
            covered_months(periods, min(c.issued_on, as_of)) >= SKILLS_MIN_MONTHS,
        )
        for c in certs
    ]
    qualifying = []  # once per occupation and level: the earliest valid certificate is paid
    for c, v in zip(certs, valid, strict=True):
        earlier = [
            k_and(
                None if d.occupation is None or c.occupation is None
                else d.occupation == c.occupation,
                None if d.level is None or c.level is None else d.level == c.level,
                d.issued_on < c.issued_on
                or (d.issued_on == c.issued_on and d.kind == "vocational_qualification"
                    and c.kind == "skill_level"),
                w,
            )
            for d, w in zip(certs, valid, strict=True)
        ]
        seen = k_or(*earlier)
        qualifying.append(k_and(v, None if seen is None else not seen))
    amounts = [SKILLS_AMOUNT.get(c.level) if c.level is not None else None
               for c, ok in zip(certs, qualifying, strict=True) if ok]
    overall = k_and(is_employee, k_or(*qualifying))
    amount = None
    missing: list[str] = []
    if overall:
        amount = None if None in amounts else fen(sum(amounts, Decimal(0)))  # type: ignore[arg-type]
    elif overall is None:
        if is_employee is None:
            missing.append("applicant.employer_type")
        for i, (c, ok) in enumerate(zip(certs, qualifying, strict=True)):
            if ok is None and c.level is None:
                missing.append(f"applicant.certificates[{i}].level")
    return ("skills_upgrade_subsidy", "applicant", outcome(overall), amount, None,
            tuple(dict.fromkeys(missing)))


def decide(case: Case, as_of: date) -> list[Row]:
    """The four headline rules for one case, in the engine's order for its applicant kind."""
    applicant = case.applicant
    if isinstance(applicant, Organisation):
        return [stabilization(applicant, as_of), hire_award(applicant, as_of)]
    if isinstance(applicant, Person):
        return [startup_loan(applicant), skills_upgrade(applicant, as_of)]
    return []


def engine_rows(decisions: Iterable[Any]) -> list[Row]:
    """The engine's decisions in the same row shape."""
    return [(d.rule_id, d.subject, d.outcome.value, d.amount, d.eligible_from, tuple(d.missing))
            for d in decisions]


def disagreements(cases: list[Case], as_of: date, engine: Any) -> list[tuple[int, Any, Any]]:
    """(index, engine rows, hand-written rows) of every case where the two differ (by rule id)."""
    out = []
    for i, case in enumerate(cases):
        mine = sorted(decide(case, as_of))
        theirs = sorted(r for r in engine_rows(engine(case)) if r[0] in HEADLINE)
        if mine != theirs:
            out.append((i, theirs, mine))
    return out
