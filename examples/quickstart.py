"""Quick start: build a case in Python, evaluate it, print the explanation.

Run: python examples/quickstart.py
"""

from __future__ import annotations

from datetime import date

from zyjob_rules import Case, Organisation, evaluate
from zyjob_rules.explain.text import render_decision
from zyjob_rules.model import ContractType, Hire, OrganisationKind, Person, SizeClass


def main() -> None:
    worker = Person(poor_household_labor=True, poverty_registered=True)
    farm = Organisation(
        name="示例家庭农场",
        org_kind=OrganisationKind.family_farm,
        size_class=SizeClass.micro,
        hires=[
            Hire(worker=worker, start_date=start, contract_type=ContractType.labor_contract)
            for start in (date(2018, 1, 2), date(2018, 3, 1))
        ],
    )
    report = evaluate(Case(id="quickstart", applicant=farm), as_of=date(2018, 8, 1))
    award = report.decision("poverty_hire_award")
    print(f"{award.rule_id}: {award.outcome.value}, amount {award.amount}")
    print(render_decision(award, "en"))


if __name__ == "__main__":
    main()
