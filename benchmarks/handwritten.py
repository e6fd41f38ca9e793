"""The four headline rules written by hand: the fair baseline the engine is measured against.

What a competent programmer would ship for （十九） the hiring award and the start-up
loan, （十四） the stabilisation subsidy and （二十二） the skills-upgrading subsidy, written
for speed but plainly: one function per rule over the same validated Case objects, exact
``Decimal`` money rounded half-up to the fen at the end, exact legal month arithmetic
(``zyjob_rules.calendar``: month-index arithmetic, proven equal to relativedelta),
three-valued answers where a fact may be missing, short-circuit evaluation wherever the answer
allows it, and the extras computed only when the row needs them (missing facts of an
``unknown`` outcome, ``eligible_from`` of a ``not_eligible`` one that only lacks time).
Numbers are constants here, as a hand-written screener would have them (the engine reads them
from parameters.yaml).

The benchmark's cases carry no benefit history (``bench_headline.make_cases``): of the
once-only conditions that read it, only the one that matters without a history is written here
(a skills certificate with an earlier one of its occupation and level waits for the history to
be checked); grants themselves are not read, and a case with some would show up in
``disagreements``.

A row is ``(rule_id, subject, outcome, amount, eligible_from, missing)``, the screening row's
fields; ``disagreements`` checks the engine gives the very same rows, so a ratio compares equal
work.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from zyjob_rules.calendar import add_months, covered_months
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
SKILL_CERTIFICATES = frozenset({"vocational_qualification", "skill_level"})
STARTING = frozenset({"planned", "operating"})
LISTED_KINDS = frozenset({"farmer_cooperative", "large_grower", "family_farm",
                          "rural_ecommerce", "poverty_workshop"})
RETURNEE_KINDS = frozenset({"farmer_cooperative", "large_grower", "family_farm",
                            "construction_micro_team", "heritage_craft_workshop",
                            "poverty_workshop"})
SMALL_MICRO = frozenset({"small", "micro"})
FEN = Decimal("0.01")
ONE_DAY = timedelta(days=1)
NO_MISSING: tuple[str, ...] = ()

Row = tuple[str, str, str, Decimal | None, date | None, tuple[str, ...]]
OUTCOME = {True: "eligible", False: "not_eligible", None: "unknown"}


def fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def poor(person: Person) -> bool | None:
    """贫困家庭劳动力: recorded as one, or in the poverty register (either suffices)."""
    a, b = person.poor_household_labor, person.poverty_registered
    if a or b:
        return True
    return None if a is None or b is None else False


def poor_missing(person: Person, path: str) -> list[str]:
    out = []
    if person.poor_household_labor is None:
        out.append(path + ".poor_household_labor")
    if person.poverty_registered is None:
        out.append(path + ".poverty_registered")
    return out


# -- （十九） hiring award ------------------------------------------------------------------------
def operator_kind(org: Organisation) -> bool | None:
    """A listed kind, a small or micro enterprise, or a registered returnee-founded entity."""
    if org.org_kind in LISTED_KINDS:
        return True
    size = org.size_class
    if size is not None and size in SMALL_MICRO:
        return True
    returnee: bool | None = False
    if org.org_kind in RETURNEE_KINDS:
        f, r = org.founder_migrant_returnee, org.business_registered
        if f is False or r is False:
            returnee = False
        elif f is None or r is None:
            returnee = None
        else:
            returnee = True
    if returnee:
        return True
    return None if size is None or returnee is None else False


def k_and(*values: bool | None) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def k_or(*values: bool | None) -> bool | None:
    if True in values:
        return True
    return None if None in values else False


def once_per_worker(hires: list[Any], qualifying: list[bool | None]) -> list[bool | None]:
    """Each stint that qualifies, unless an earlier qualifying stint of the same worker does
    (only needed when a worker id repeats or is missing)."""
    out: list[bool | None] = []
    for h, q in zip(hires, qualifying, strict=True):
        seen = k_or(*(
            k_and(None if None in (g.worker.id, h.worker.id) else g.worker.id == h.worker.id,
                  g.start_date < h.start_date, qg)
            for g, qg in zip(hires, qualifying, strict=True)
        ))
        out.append(k_and(q, None if seen is None else not seen))
    return out


def hire_award(org: Organisation, as_of: date) -> Row:
    operator = operator_kind(org)
    if operator is False:
        return ("poverty_hire_award", "applicant", "not_eligible", None, None, NO_MISSING)
    hires = org.hires
    items: list[bool | None] = []
    waiting: list[tuple[date, bool]] = []  # poor workers short of six months: (date, still on)
    for hire in hires:
        p = poor(hire.worker)
        if p is False:
            items.append(False)
            continue
        end = hire.end_date  # the last day worked: a finished stint runs to the day after it
        done = add_months(hire.start_date, HIRE_MIN_MONTHS)
        if (as_of if end is None or end >= as_of else end + ONE_DAY) >= done:
            items.append(p)
        else:
            items.append(False)
            if p:
                waiting.append((done, end is None or end + ONE_DAY >= done))
    ids = [h.worker.id for h in hires]
    if None in ids or len(set(ids)) < len(ids):
        items = once_per_worker(hires, items)
    qualifying = items.count(True)
    undecided: list[str] = []  # the facts of hires still unknown (listed even when eligible)
    for i, v in enumerate(items):
        if v is None:
            undecided += poor_missing(hires[i].worker, f"applicant.hires[{i}].worker")
    if qualifying and operator:
        return ("poverty_hire_award", "applicant", "eligible", fen(HIRE_AWARD * qualifying),
                None, tuple(dict.fromkeys(undecided)))
    if qualifying or None in items:  # may hold: the operator or a worker is unknown
        missing = []
        if operator is None:
            if org.size_class is None:
                missing.append("applicant.size_class")
            # the returnee-entity facts only while that condition is undecided
            f, r = org.founder_migrant_returnee, org.business_registered
            if org.org_kind in RETURNEE_KINDS and f is not False and r is not False:
                if f is None:
                    missing.append("applicant.founder_migrant_returnee")
                if r is None:
                    missing.append("applicant.business_registered")
        missing += undecided
        return ("poverty_hire_award", "applicant", "unknown", None, None,
                tuple(dict.fromkeys(missing)))
    eligible_from = None
    if operator and waiting:  # the first day a poor worker still employed completes six months
        on_that_day: dict[date, bool] = {}
        for done, still_on in waiting:
            on_that_day[done] = on_that_day.get(done, False) or still_on
        for day in sorted(on_that_day)[:5]:  # the engine looks at five candidate dates
            if on_that_day[day]:
                eligible_from = day
                break
    return ("poverty_hire_award", "applicant", "not_eligible", None, eligible_from, NO_MISSING)


# -- （十九） start-up loan -----------------------------------------------------------------------
def startup_loan(person: Person) -> Row:
    starting = False
    for v in person.ventures:
        if v.status in STARTING:
            starting = True
            break
    if not starting:
        return ("poverty_startup_loan", "applicant", "not_eligible", None, None, NO_MISSING)
    is_poor = poor(person)
    if is_poor is None:
        return ("poverty_startup_loan", "applicant", "unknown", None, None,
                tuple(poor_missing(person, "applicant")))
    if not is_poor:
        return ("poverty_startup_loan", "applicant", "not_eligible", None, None, NO_MISSING)
    requests = person.loan_requests
    amount = LOAN_MAX
    if requests:
        largest = max(r.amount for r in requests)
        if largest < amount:
            amount = largest
    return ("poverty_startup_loan", "applicant", "eligible", fen(amount), None, NO_MISSING)


# -- （十四） stabilisation subsidy ---------------------------------------------------------------
def stabilization(org: Organisation, as_of: date) -> Row:
    last_year = as_of.year - 1
    index = None
    premium = None
    for i, p in enumerate(org.ui_premiums):
        if p.year == last_year:
            index, premium = i, p
            break
    paid_in_full = premium.paid_in_full if premium is not None else None
    layoffs = 0
    for t in org.terminations:
        if t.reason == "layoff" and t.date.year == last_year:
            layoffs += t.count
    headcount = org.headcount_prior_year_end
    few_layoffs: bool | None
    if layoffs == 0:
        few_layoffs = True
    elif headcount is None:
        few_layoffs = None
    elif headcount == 0:
        few_layoffs = False  # layoffs and nobody left at year end: not "few"
    elif MAX_LAYOFF_RATE is None:
        few_layoffs = None
    else:
        few_layoffs = Decimal(layoffs) / Decimal(headcount) < MAX_LAYOFF_RATE
    values = (org.decapacity, org.ui_insured, paid_in_full, few_layoffs)
    if False in values:
        return ("decapacity_stabilization_subsidy", "applicant", "not_eligible", None, None,
                NO_MISSING)
    if None not in values:
        assert premium is not None  # paid_in_full is known only with a premium record
        amount = fen(DECAP_RATE * (premium.enterprise_paid + premium.employees_paid
                                   - premium.back_paid_arrears))
        return ("decapacity_stabilization_subsidy", "applicant", "eligible", amount, None,
                NO_MISSING)
    missing = []
    if org.decapacity is None:
        missing.append("applicant.decapacity")
    if org.ui_insured is None:
        missing.append("applicant.ui_insured")
    if paid_in_full is None:
        if premium is not None:
            missing.append(f"applicant.ui_premiums[{index}].paid_in_full")
        missing.append("applicant.ui_premiums[where p.year == last_year]")
    if few_layoffs is None:
        missing.append("applicant.headcount_prior_year_end" if headcount is None
                       else "decapacity_stabilization.max_layoff_rate")
    return ("decapacity_stabilization_subsidy", "applicant", "unknown", None, None,
            tuple(dict.fromkeys(missing)))


# -- （二十二） skills-upgrading subsidy ----------------------------------------------------------
def once_per_occupation_level(certs: list[Any], valid: list[bool | None]) -> list[bool | None]:
    """The earliest valid certificate of each occupation and level is paid (人社部发〔2017〕40号);
    a vocational qualification before a skill-level certificate of the same day."""
    out: list[bool | None] = []
    for c, v in zip(certs, valid, strict=True):
        seen = k_or(*(
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
        ))
        out.append(k_and(v, None if seen is None else not seen))
    return out


def skills_upgrade(person: Person, as_of: date) -> Row:
    employer = person.employer_type
    if employer is not None and employer != "enterprise":
        return ("skills_upgrade_subsidy", "applicant", "not_eligible", None, None, NO_MISSING)
    this_year = as_of.year
    certs = person.certificates
    valid: list[bool | None] = []
    periods = None
    for c in certs:
        level = c.level
        if (c.kind not in SKILL_CERTIFICATES or c.issued_on > as_of
                or c.issued_on.year != this_year
                or (level is not None and level not in SKILLS_AMOUNT)):  # levels 5–3 only
            valid.append(False)
            continue
        if periods is None:
            periods = [(p.start, p.end) for p in person.ui_periods]
        if covered_months(periods, c.issued_on) < SKILLS_MIN_MONTHS:
            valid.append(False)
        else:
            valid.append(None if level is None else True)
    candidates = len(valid) - valid.count(False)
    if candidates == 0:
        return ("skills_upgrade_subsidy", "applicant", "not_eligible", None, None, NO_MISSING)
    qualifying = valid if candidates == 1 else once_per_occupation_level(certs, valid)
    # 同一职业同一等级只能享受一次 against the benefit history: with an earlier certificate of the
    # same occupation and level (paid, perhaps, in its year), an unchecked history is unknown.
    waits: list[list[str]] = [[] for _ in certs]  # per certificate: the facts it waits for
    if person.benefit_history_complete is not True:
        for i, c in enumerate(certs):
            if qualifying[i] is False:
                continue
            matches = [
                (j, k_and(None if d.occupation is None or c.occupation is None
                          else d.occupation == c.occupation,
                          None if d.level is None or c.level is None else d.level == c.level,
                          d.issued_on < c.issued_on))
                for j, d in enumerate(certs)]
            earlier = k_or(*(m for _, m in matches))
            if earlier is False:
                continue
            qualifying[i] = k_and(qualifying[i], None)
            facts = ["applicant.benefit_history_complete"]
            if earlier is None:  # whether an earlier one is of the same occupation and level
                for j, m in matches:
                    if m is None:
                        for who, k in ((j, "occupation"), (i, "occupation"),
                                       (j, "level"), (i, "level")):
                            if getattr(certs[who], k) is None:
                                facts.append(f"applicant.certificates[{who}].{k}")
            waits[i] = facts
    if True not in qualifying and None not in qualifying:
        return ("skills_upgrade_subsidy", "applicant", "not_eligible", None, None, NO_MISSING)
    undecided: list[str] = []  # the facts of certificates still unknown
    for i, (c, ok) in enumerate(zip(certs, qualifying, strict=True)):
        if ok is None:
            if c.level is None:
                undecided.append(f"applicant.certificates[{i}].level")
            undecided += waits[i]
    if employer is None or True not in qualifying:
        missing = [] if employer is not None else ["applicant.employer_type"]
        return ("skills_upgrade_subsidy", "applicant", "unknown", None, None,
                tuple(dict.fromkeys(missing + undecided)))
    total = sum((SKILLS_AMOUNT[c.level] for c, ok in zip(certs, qualifying, strict=True)
                 if ok and c.level is not None), Decimal(0))
    return ("skills_upgrade_subsidy", "applicant", "eligible", fen(total), None,
            tuple(dict.fromkeys(undecided)))


def decide(case: Case, as_of: date) -> list[Row]:
    """The four headline rules for one case."""
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
