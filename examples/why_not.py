"""Why not? An ineligible case: every failed condition, the missing facts, and when it qualifies.

Run: python examples/why_not.py
"""

from __future__ import annotations

from datetime import date

from zyjob_rules import Case, Verdict, evaluate
from zyjob_rules.model import ContractType, Hire, Organisation, OrganisationKind, Person


def main() -> None:
    case = Case(
        id="why-not",
        applicant=Organisation(
            org_kind=OrganisationKind.farmer_cooperative,
            hires=[
                # Hired on Aug 31: six whole months end on Feb 28 (民法典 §§200–203).
                Hire(
                    worker=Person(id="W-01", poor_household_labor=True),
                    start_date=date(2017, 8, 31),
                    contract_type=ContractType.labor_contract,
                ),
                # Nothing is known about this worker's household: the award cannot be decided.
                Hire(
                    worker=Person(id="W-02"),
                    start_date=date(2017, 6, 1),
                    contract_type=ContractType.labor_contract,
                ),
            ],
        ),
    )
    report = evaluate(case, as_of=date(2018, 2, 1))
    award = report.decision("poverty_hire_award")
    print(f"outcome: {award.outcome.value}")
    for item in award.items:
        print(f"{item.path}: {item.verdict.value}")
        for cond in item.conditions:
            if cond.verdict is Verdict.not_met:
                print(f"  failed: {cond.label_en}")
                for k in cond.comparisons:
                    print(f"    {k.left} = {k.left_value} (needs {k.op} {k.right_value})")
            elif cond.verdict is Verdict.unknown:
                print(f"  unknown: {cond.label_en}; missing: {', '.join(cond.missing)}")
        if item.eligible_from:
            print(f"  qualifies on {item.eligible_from.isoformat()}")
    print(f"missing facts: {', '.join(award.missing) or 'none'}")


if __name__ == "__main__":
    main()
