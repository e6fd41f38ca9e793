"""Synthetic registries: realistic, deterministic cases for screening runs, benchmarks and examples.

``person`` registries mix poor-household workers (some starting a business, some asking for a
start-up loan), insured enterprise employees with unemployment-insurance records and
certificates, and other residents whose records are patchy (missing facts). ``enterprise``
registries mix small and micro firms, cooperatives, family farms, poverty workshops and
capacity-reduction enterprises with premiums, terminations and hires.

Everything comes from one ``random.Random(seed)``: the same seed gives the same rows, byte for
byte. Rows are plain JSON-ready dicts in the Case shape; generating one takes a few
microseconds, so a million rows take seconds, not minutes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any, Literal

from ..calendar import add_months

Kind = Literal["person", "enterprise"]
KINDS: tuple[Kind, ...] = ("person", "enterprise")
DEFAULT_REFERENCE = date(2018, 6, 30)

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜"
_GIVEN = ["芳", "伟", "静", "敏", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
          "秀英", "建华", "志强", "海燕", "国庆", "红梅", "德明", "春兰", "永刚", "小龙"]
_PLACES = ["雁江区", "安岳县", "乐至县", "高新区", "临空经济区"]
_OCCUPATIONS = ["电工", "焊工", "育婴员", "中式烹调师", "养老护理员", "汽车维修工", "美发师",
                "保育员"]
_INDUSTRIES = ["餐饮", "农产品加工", "电子商务", "零售", "种植", "养殖", "家政服务", "运输"]
_ORG_PREFIX = ["资阳", "安岳", "乐至", "雁江", "天府"]
_ORG_WORD = ["柠檬", "兴农", "红薯", "蜀绣", "机械", "建材", "服饰", "电商", "食品", "鑫源"]


def _pick(rng: random.Random, options: list[Any], weights: list[float]) -> Any:
    return rng.choices(options, weights)[0]


def _maybe(rng: random.Random, value: Any, p_missing: float) -> Any:
    """``value``, or None (a missing fact) with probability ``p_missing``."""
    return None if rng.random() < p_missing else value


def _day(rng: random.Random, start: date, end: date) -> date:
    span = (end - start).days
    return start + timedelta(days=rng.randint(0, max(span, 0)))


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    """Drop missing facts (None) so rows look like a registry export: absent, not null."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in d.items() if v is not None}


class RegistryGenerator:
    """Rows of one kind of registry, relative to a reference date (the screening's as-of)."""

    def __init__(self, kind: Kind, seed: int = 0, reference: date = DEFAULT_REFERENCE) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown registry kind {kind!r}; use one of {', '.join(KINDS)}")
        self.kind = kind
        self.seed = seed
        self.rng = random.Random(seed)
        self.ref = reference

    def rows(self, count: int) -> Iterator[dict[str, Any]]:
        make = self.person_case if self.kind == "person" else self.enterprise_case
        for n in range(count):
            yield make(n)

    # -- persons ------------------------------------------------------------------------------
    def _person_base(self, pid: str, rural_bias: float) -> dict[str, Any]:
        rng = self.rng
        return {
            "kind": "person",
            "id": pid,
            "name": _name(rng),
            "birth_date": _day(rng, date(1962, 1, 1), date(2000, 12, 31)),
            "sex": rng.choice(["male", "female"]),
            "hukou_type": "rural" if rng.random() < rural_bias else "urban",
            "hukou_place": rng.choice(_PLACES),
        }

    def poor_worker(self, pid: str) -> dict[str, Any]:
        rng, ref = self.rng, self.ref
        p = self._person_base(pid, 0.9)
        status = _pick(rng, ["unemployed", "self_employed", "employed", "flexibly_employed"],
                       [0.3, 0.3, 0.25, 0.15])
        p.update(
            able_to_work=_maybe(rng, True, 0.05),
            willing_to_work=_maybe(rng, rng.random() < 0.95, 0.05),
            employment_status=status,
            employer_type="enterprise" if status == "employed" else "none",
            poor_household_labor=_maybe(rng, rng.random() < 0.9, 0.08),
            poverty_registered=_maybe(rng, rng.random() < 0.8, 0.1),
            poverty_exited=_maybe(rng, rng.random() < 0.2, 0.2),
        )
        if status == "self_employed" or rng.random() < 0.15:
            registered = _day(rng, add_months(ref, -36), ref) if rng.random() < 0.7 else None
            p["ventures"] = [_compact({
                "kind": _pick(rng, ["individual_business", "small_micro_enterprise",
                                    "farmer_cooperative", "family_farm"], [0.5, 0.2, 0.15, 0.15]),
                "registered_on": registered,
                "status": "operating" if registered else _pick(
                    rng, ["planned", "operating", "suspended"], [0.6, 0.3, 0.1]),
                "first_venture": _maybe(rng, rng.random() < 0.85, 0.2),
                "industry": rng.choice(_INDUSTRIES),
            })]
            if rng.random() < 0.6:
                amount = rng.choice([20000, 30000, 50000, 80000, 100000, 120000, 150000])
                p["loan_requests"] = [{
                    "amount": f"{amount}.00",
                    "requested_on": _day(rng, add_months(ref, -6), ref).isoformat(),
                }]
        return _compact(p)

    def insured_employee(self, pid: str) -> dict[str, Any]:
        rng, ref = self.rng, self.ref
        p = self._person_base(pid, 0.35)
        employer = _pick(rng, ["enterprise", "public_institution", "government"], [0.85, 0.1, 0.05])
        months_insured = rng.randint(6, 96)
        first = add_months(ref, -months_insured - rng.randint(0, 6))
        periods = []
        start = first
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            length = rng.randint(6, 48)
            end = add_months(start, length) - timedelta(days=1)
            if end >= ref:
                periods.append({"start": start.isoformat()})
                break
            periods.append({"start": start.isoformat(), "end": end.isoformat()})
            start = add_months(end + timedelta(days=1), rng.randint(0, 8))
            if start >= ref:
                break
        certificates = []
        for _ in range(_pick(rng, [0, 1, 2], [0.3, 0.55, 0.15])):
            certificates.append(_compact({
                "kind": _pick(rng, ["skill_level", "vocational_qualification",
                                    "special_vocational_ability", "other"], [0.5, 0.3, 0.15, 0.05]),
                "level": _maybe(rng, _pick(rng, ["level5", "level4", "level3", "level2", "level1"],
                                           [0.35, 0.35, 0.2, 0.07, 0.03]), 0.05),
                "occupation": rng.choice(_OCCUPATIONS),
                "issued_on": _day(rng, date(ref.year - (rng.random() < 0.5), 1, 1), ref),
            }))
        p.update(
            employment_status="employed",
            employed_since=first,
            employer_type=_maybe(rng, employer, 0.05),
            ui_periods=periods,
            certificates=certificates,
            flexibly_insured=False,
        )
        return _compact(p)

    def other_resident(self, pid: str) -> dict[str, Any]:
        rng, ref = self.rng, self.ref
        p = self._person_base(pid, 0.5)
        graduate = rng.random() < 0.4
        p.update(
            employment_status=_maybe(rng, _pick(
                rng, ["unemployed", "employed", "flexibly_employed"], [0.5, 0.3, 0.2]), 0.3),
            employer_type=_maybe(rng, rng.choice(["enterprise", "none"]), 0.4),
            poor_household_labor=_maybe(rng, False, 0.6),
            poverty_registered=_maybe(rng, False, 0.6),
            unemployment_registered=_maybe(rng, rng.random() < 0.5, 0.3),
            graduate=graduate,
            graduation_date=_day(rng, date(ref.year - 3, 6, 30), ref) if graduate else None,
            veteran_soldier=_maybe(rng, rng.random() < 0.05, 0.5),
        )
        if rng.random() < 0.2:
            p["ventures"] = [{"kind": "individual_business", "status": "planned"}]
        if rng.random() < 0.2:
            p["certificates"] = [_compact({
                "kind": "skill_level", "level": "level5",
                "issued_on": _day(rng, date(ref.year, 1, 1), ref),
            })]
        return _compact(p)

    def person_case(self, n: int) -> dict[str, Any]:
        pid = f"P{self.seed}-{n:08d}"
        roll = self.rng.random()
        if roll < 0.35:
            applicant = self.poor_worker(pid)
        elif roll < 0.8:
            applicant = self.insured_employee(pid)
        else:
            applicant = self.other_resident(pid)
        return {"id": f"case-{pid}", "applicant": applicant}

    # -- enterprises --------------------------------------------------------------------------
    def hire(self, n: int, k: int, poor_share: float) -> dict[str, Any]:
        rng, ref = self.rng, self.ref
        poor = rng.random() < poor_share
        worker = _compact({
            "kind": "person",
            "id": f"W{self.seed}-{n:08d}-{k}",
            "name": _name(rng),
            "hukou_type": "rural" if poor or rng.random() < 0.5 else "urban",
            "poor_household_labor": _maybe(rng, poor, 0.1),
            "poverty_registered": _maybe(rng, poor and rng.random() < 0.8, 0.15),
        })
        start = _day(rng, add_months(ref, -24), ref)
        end = _day(rng, start, ref) if rng.random() < 0.2 else None
        return _compact({
            "worker": worker,
            "start_date": start,
            "end_date": end,
            "contract_type": _pick(rng, ["labor_contract", "service_agreement", "none"],
                                   [0.8, 0.15, 0.05]),
            "contract_term_months": rng.choice([6, 12, 24, 36]),
            "social_insurance_enrolled": _maybe(rng, rng.random() < 0.8, 0.1),
        })

    def enterprise_case(self, n: int) -> dict[str, Any]:
        rng, ref = self.rng, self.ref
        oid = f"E{self.seed}-{n:08d}"
        org_kind = _pick(rng, [
            "enterprise", "farmer_cooperative", "family_farm", "large_grower", "rural_ecommerce",
            "poverty_workshop", "individual_business", "social_organisation",
        ], [0.45, 0.12, 0.1, 0.08, 0.07, 0.08, 0.05, 0.05])
        is_enterprise = org_kind == "enterprise"
        size = _pick(rng, ["micro", "small", "medium", "large"], [0.4, 0.35, 0.18, 0.07])
        headcount = {"micro": (2, 9), "small": (10, 99), "medium": (100, 999),
                     "large": (1000, 5000)}[size]
        staff = rng.randint(*headcount)
        decap = is_enterprise and size in ("medium", "large", "small") and rng.random() < 0.3
        org: dict[str, Any] = {
            "kind": "organisation",
            "id": oid,
            "name": f"{rng.choice(_ORG_PREFIX)}{rng.choice(_ORG_WORD)}{n % 1000}号",
            "org_kind": org_kind,
            "size_class": _maybe(rng, size, 0.1) if is_enterprise else (
                "micro" if rng.random() < 0.6 else None),
            "business_registered": _maybe(rng, rng.random() < 0.9, 0.05),
            "registered_on": _day(rng, date(2005, 1, 1), add_months(ref, -3)),
            "founder_migrant_returnee": _maybe(rng, rng.random() < 0.3, 0.3),
            "decapacity": _maybe(rng, decap, 0.03),
            "ui_insured": _maybe(rng, rng.random() < (0.85 if is_enterprise else 0.3), 0.05),
            "headcount_prior_year_end": _maybe(rng, staff, 0.05),
        }
        if is_enterprise:
            premiums = []
            for year in (ref.year - 2, ref.year - 1):
                if rng.random() < 0.1:
                    continue  # a year with no premium record
                base = staff * rng.randint(180, 420)
                premiums.append(_compact({
                    "year": year,
                    "enterprise_paid": f"{base}.00",
                    "employees_paid": f"{base // 2}.{rng.randint(0, 99):02d}",
                    "paid_in_full": _maybe(rng, rng.random() < 0.85, 0.05),
                    "back_paid_arrears": (f"{rng.randint(100, base // 4 + 100)}.00"
                                          if rng.random() < 0.1 else None),
                }))
            org["ui_premiums"] = premiums
            terminations = []
            for _ in range(_pick(rng, [0, 1, 2, 3], [0.45, 0.3, 0.15, 0.1])):
                terminations.append({
                    "date": _day(rng, date(ref.year - 1, 1, 1), ref).isoformat(),
                    "reason": _pick(rng, ["layoff", "diversion", "resignation", "contract_expiry"],
                                    [0.25, 0.35 if decap else 0.0, 0.25, 0.15]),
                    "count": rng.randint(1, max(1, staff // 20)),
                })
            org["terminations"] = terminations
        poverty_employer = org_kind in (
            "farmer_cooperative", "family_farm", "large_grower", "rural_ecommerce",
            "poverty_workshop") or size in ("micro", "small")
        hires = rng.choice([0, 1, 2, 3, 4, 6]) if poverty_employer else rng.choice([0, 0, 1, 2])
        org["hires"] = [self.hire(n, k, 0.6 if poverty_employer else 0.2) for k in range(hires)]
        return {"id": f"case-{oid}", "applicant": _compact(org)}


def synth_rows(
    kind: Kind, rows: int, seed: int = 0, reference: date = DEFAULT_REFERENCE
) -> Iterator[dict[str, Any]]:
    """``rows`` synthetic cases (JSON-ready dicts) of a ``person`` or ``enterprise`` registry."""
    return RegistryGenerator(kind, seed, reference).rows(rows)
