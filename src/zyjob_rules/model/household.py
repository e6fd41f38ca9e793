"""The household (家庭) and its registry statuses."""

from __future__ import annotations

from typing import Literal

from pydantic import StrictBool, StrictStr

from .base import Strict, described
from .person import Person


class Household(Strict):
    """A household with its members (家庭)."""

    kind: Literal["household"] = described("申请主体类型", "applicant kind", default="household")
    id: StrictStr | None = described("家庭标识（脱敏）", "identifier (pseudonymised)", default=None)
    members: list[Person] = described("家庭成员", "members", default_factory=list)
    poverty_registered: StrictBool | None = described(
        "是否建档立卡贫困家庭", "registered poor household (建档立卡)", default=None
    )
    poverty_exited: StrictBool | None = described(
        "是否已脱贫", "already lifted out of poverty", default=None
    )
    dibao: StrictBool | None = described(
        "是否低保家庭", "receives 低保 (minimum living allowance)", default=None
    )
    zero_employment: StrictBool | None = described(
        "是否零就业家庭", "zero-employment household (就业促进法 §56)", default=None
    )
    has_disabled_member: StrictBool | None = described(
        "是否残疾人家庭", "household with a disabled member", default=None
    )
