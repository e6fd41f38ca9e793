"""The Case: one applicant (person, household or organisation) with an optional as-of date."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictStr

from .base import IsoDate, Strict, described
from .household import Household
from .organisation import Organisation
from .person import Person

Applicant = Annotated[Person | Household | Organisation, Field(discriminator="kind")]


class Case(Strict):
    """What the engine evaluates: one applicant, an identifier, and the date of assessment."""

    id: StrictStr | None = described("案件编号", "case identifier", default=None)
    as_of: IsoDate | None = described(
        "评估基准日（空则取当日）", "assessment date; today when empty", default=None
    )
    applicant: Applicant = described("申请主体", "the applicant: person, household or organisation")
    note: StrictStr | None = described("说明", "free-text description", default=None)
