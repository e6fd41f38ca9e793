"""The four headline rules written by hand in polars: the baseline of the columnar engine.

What a competent analyst would write for a registry in the columnar layout
(``engine/columnar/layout.py``: one row per case, a struct column per applicant kind, money in
integer fen): （十九） the hiring award and the start-up loan, （十四） the stabilisation subsidy,
（二十二） the skills-upgrading subsidy, for one assessment date, outcomes and amounts only (the
what-if's output: no missing facts, no eligible_from). Three-valued where a fact may be missing
(polars' Kleene ``&``/``|`` on nullable booleans), exact integer fen rounded half-up, legal months
with month-end clamping (polars' ``offset_by("Nmo")`` clamps as relativedelta does). Numbers are
constants, as in ``handwritten.py`` (the engine reads them from parameters.yaml).

``decide(frame, as_of)`` returns ``case_index, rule_id, outcome, amount_fen`` for the cases of the
frame; ``bench_columnar.py`` checks it equal row for row to the engine before timing both.
"""

from __future__ import annotations

from datetime import date

import polars as pl

HIRE_AWARD_FEN = 1000_00
HIRE_MIN_MONTHS = 6
LOAN_MAX_FEN = 100000_00
DECAP_RATE_PERCENT = 70
SKILLS_MIN_MONTHS = 36
SKILLS_AMOUNT_FEN = {"level5": 1000_00, "level4": 1500_00, "level3": 2000_00}
SKILL_CERTIFICATES = ["vocational_qualification", "skill_level"]
STARTING = ["planned", "operating"]
LISTED_KINDS = ["farmer_cooperative", "large_grower", "family_farm", "rural_ecommerce",
                "poverty_workshop"]
RETURNEE_KINDS = ["farmer_cooperative", "large_grower", "family_farm",
                  "construction_micro_team", "heritage_craft_workshop", "poverty_workshop"]
SMALL_MICRO = ["small", "micro"]
C = pl.col


def outcome(verdict: pl.Expr) -> pl.Expr:
    return (pl.when(verdict.is_null()).then(pl.lit("unknown"))
            .when(verdict).then(pl.lit("eligible")).otherwise(pl.lit("not_eligible")))


def is_in(expr: pl.Expr, values: list[str]) -> pl.Expr:
    """Membership that stays unknown for a missing value."""
    return pl.when(expr.is_null()).then(None).otherwise(expr.is_in(values))


def poor(worker: pl.Expr) -> pl.Expr:
    return worker.struct.field("poor_household_labor") | worker.struct.field("poverty_registered")


def months_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Whole months from ``start`` to ``end``: the largest n with start + n months <= end."""
    n = (end.dt.year() * 12 + end.dt.month()) - (start.dt.year() * 12 + start.dt.month())
    n = n.cast(pl.Int64)
    reached = start.dt.offset_by(pl.format("{}mo", n))
    return pl.when(end <= start).then(0).when(reached > end).then(n - 1).otherwise(n)


def kleene_any(p: pl.Expr) -> pl.Expr:
    return pl.when(p.fill_null(False).any()).then(True).when(p.is_null().any()).then(None) \
        .otherwise(False)


def present(value: pl.Expr, joined: pl.Expr, otherwise: bool) -> pl.Expr:
    """``value`` where a left join found a row (``joined`` not null), else ``otherwise``: an
    aggregate's unknown (null) is not confused with "no items"."""
    return pl.when(joined.is_null()).then(otherwise).otherwise(value)


def items(frame: pl.DataFrame, column: str, name: str) -> pl.LazyFrame:
    """One row per item of a list column, with the case index and the item's position."""
    return (frame.lazy().select("case_index", C(column).alias(name),
                                pl.int_ranges(0, C(column).list.len()).alias("i"))
            .explode(name, "i", empty_as_null=False, keep_nulls=False).unnest(name))


def covered_months(periods: pl.LazyFrame, until: pl.LazyFrame) -> pl.LazyFrame:
    """Per (case_index, i) of ``until`` (a column ``until``): months covered by the case's
    insurance periods up to ``until``, overlapping periods merged."""
    spans = (until.join(periods, on="case_index")
             .with_columns(stop=(pl.min_horizontal(pl.coalesce(C("end"), C("until")), C("until"))
                                 + pl.duration(days=1)))
             .filter(C("stop") > C("start"))
             .sort("case_index", "i", "start", "stop"))
    key = ["case_index", "i"]
    reach = C("stop").cum_max().shift(1).over(key)
    spans = spans.with_columns(
        span=(reach.is_null() | (C("start") > reach)).cast(pl.Int64).cum_sum().over(key))
    merged = spans.group_by(*key, "span").agg(C("start").min(), C("stop").max())
    return (merged.group_by(key).agg(months_between(C("start"), C("stop")).sum().alias("months"))
            .join(until.select(key), on=key, how="right")
            .with_columns(C("months").fill_null(0)))


def persons(frame: pl.DataFrame, as_of: date) -> list[pl.LazyFrame]:
    p = frame.filter(C("kind") == "person").select(
        "case_index", *(C("person").struct.field(f) for f in (
            "employer_type", "poor_household_labor", "poverty_registered", "ventures",
            "loan_requests", "certificates", "ui_periods")))
    # （十九） start-up loan
    starting = C("ventures").list.eval(pl.element().struct.field("status").is_in(STARTING)) \
        .list.any()
    is_poor = C("poor_household_labor") | C("poverty_registered")
    largest = C("loan_requests").list.eval(pl.element().struct.field("amount")).list.max()
    loan = p.lazy().select(
        "case_index", pl.lit("poverty_startup_loan").alias("rule_id"),
        outcome(starting & is_poor).alias("outcome"),
        pl.when(starting & is_poor).then(
            pl.when(C("loan_requests").list.len() > 0)
            .then(pl.min_horizontal(largest, pl.lit(LOAN_MAX_FEN))).otherwise(LOAN_MAX_FEN)
        ).alias("amount_fen"))
    # （二十二） skills upgrade: each certificate, covered months up to its date, once per
    # occupation and level (the earliest; a qualification before a skill level the same day).
    certs = items(p, "certificates", "c")
    level = C("level")
    candidate = (C("kind").is_in(SKILL_CERTIFICATES) & (C("issued_on") <= as_of)
                 & (C("issued_on").dt.year() == as_of.year)
                 & (level.is_null() | level.is_in(list(SKILLS_AMOUNT_FEN))))
    certs = certs.filter(candidate)
    months = covered_months(items(p, "ui_periods", "u"),
                            certs.select("case_index", "i", C("issued_on").alias("until")))
    certs = certs.join(months, on=["case_index", "i"]).filter(C("months") >= SKILLS_MIN_MONTHS) \
        .with_columns(valid=pl.when(level.is_null()).then(None).otherwise(True))
    pairs = certs.join(certs, on="case_index", suffix="_d").filter(C("i") != C("i_d"))
    same = ((C("occupation") == C("occupation_d")) & (C("level") == C("level_d"))
            & ((C("issued_on_d") < C("issued_on"))
               | ((C("issued_on_d") == C("issued_on")) & (C("kind_d") == "vocational_qualification")
                  & (C("kind") == "skill_level")))
            & C("valid_d"))
    seen = pairs.group_by("case_index", "i").agg(kleene_any(same).alias("seen"),
                                                 pl.lit(True).alias("paired"))
    certs = certs.join(seen, on=["case_index", "i"], how="left").with_columns(
        ok=C("valid") & ~present(C("seen"), C("paired"), False))
    per_person = certs.group_by("case_index").agg(
        kleene_any(C("ok")).alias("any_ok"), pl.lit(True).alias("has"),
        level.replace_strict(SKILLS_AMOUNT_FEN, default=0).filter(C("ok").fill_null(False)).sum()
        .alias("total"))
    employer = C("employer_type")
    enterprise = pl.when(employer.is_null()).then(None).otherwise(employer == "enterprise")
    skills = (p.lazy().select("case_index", "employer_type")
              .join(per_person, on="case_index", how="left")
              .with_columns(verdict=enterprise & present(C("any_ok"), C("has"), False))
              .select("case_index", pl.lit("skills_upgrade_subsidy").alias("rule_id"),
                      outcome(C("verdict")).alias("outcome"),
                      pl.when(C("verdict").fill_null(False)).then(C("total"))
                      .alias("amount_fen")))
    return [loan, skills]


def organisations(frame: pl.DataFrame, as_of: date) -> list[pl.LazyFrame]:
    o = frame.filter(C("kind") == "organisation").select(
        "case_index", *(C("organisation").struct.field(f) for f in (
            "org_kind", "size_class", "founder_migrant_returnee", "business_registered",
            "decapacity", "ui_insured", "headcount_prior_year_end", "ui_premiums",
            "terminations", "hires")))
    last_year = as_of.year - 1
    # （十四） stabilisation: last year's premium record, layoffs of last year
    premium = (items(o, "ui_premiums", "p").filter(C("year") == last_year)
               .group_by("case_index").agg(C("paid_in_full").first(), (
                   C("enterprise_paid") + C("employees_paid") - C("back_paid_arrears"))
                   .first().alias("paid")))
    layoffs = (items(o, "terminations", "t")
               .filter((C("reason") == "layoff") & (C("date").dt.year() == last_year))
               .group_by("case_index").agg(C("count").sum().alias("layoffs")))
    headcount = C("headcount_prior_year_end")
    n = C("layoffs").fill_null(0)
    few = pl.when(n == 0).then(True).when(headcount.is_null()).then(None) \
        .when(headcount == 0).then(False).otherwise(None)  # no maximum rate set
    verdict = C("decapacity") & C("ui_insured") & C("paid_in_full") & few
    scaled = C("paid") * DECAP_RATE_PERCENT
    rounded = ((scaled.abs() + 50) // 100) * scaled.sign()
    stabilisation = (o.lazy().select("case_index", "decapacity", "ui_insured", headcount)
                     .join(premium, on="case_index", how="left")
                     .join(layoffs, on="case_index", how="left")
                     .select("case_index",
                             pl.lit("decapacity_stabilization_subsidy").alias("rule_id"),
                             outcome(verdict).alias("outcome"),
                             pl.when(verdict.fill_null(False)).then(rounded).alias("amount_fen")))
    # （十九） hiring award: the operator's kind, each poor worker hired six months, once per worker
    kind, size = C("org_kind"), C("size_class")
    returnee = (is_in(kind, RETURNEE_KINDS) & C("founder_migrant_returnee")
                & C("business_registered"))
    operator = is_in(kind, LISTED_KINDS) | is_in(size, SMALL_MICRO) | returnee
    hires = items(o, "hires", "h").select(
        "case_index", "i", C("worker").struct.field("id").alias("worker_id"), "start_date",
        poor(C("worker")).alias("poor"),
        (pl.min_horizontal(pl.coalesce(C("end_date") + pl.duration(days=1), pl.lit(as_of)),
                           pl.lit(as_of))
         >= C("start_date").dt.offset_by(f"{HIRE_MIN_MONTHS}mo")).alias("long_enough"))
    hires = hires.with_columns(q=C("poor") & C("long_enough"))
    pairs = hires.join(hires, on="case_index", suffix="_g")
    earlier = (C("worker_id_g") == C("worker_id")) & (C("start_date_g") < C("start_date")) \
        & C("q_g")
    seen = pairs.group_by("case_index", "i").agg(kleene_any(earlier).alias("seen"))
    per_org = (hires.join(seen, on=["case_index", "i"])
               .with_columns(ok=C("q") & ~C("seen"))
               .group_by("case_index")
               .agg(kleene_any(C("ok")).alias("any_ok"), pl.lit(True).alias("has"),
                    C("ok").fill_null(False).sum().alias("count")))
    award = (o.lazy().select("case_index", operator.alias("operator"))
             .join(per_org, on="case_index", how="left")
             .with_columns(verdict=C("operator") & present(C("any_ok"), C("has"), False))
             .select("case_index", pl.lit("poverty_hire_award").alias("rule_id"),
                     outcome(C("verdict")).alias("outcome"),
                     pl.when(C("verdict").fill_null(False))
                     .then(C("count") * HIRE_AWARD_FEN).alias("amount_fen")))
    return [stabilisation, award]


def decide(table: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """``case_index, rule_id, outcome, amount_fen`` of every headline rule for each case."""
    frame = table.with_row_index("case_index").with_columns(C("case_index").cast(pl.Int64))
    parts = persons(frame, as_of) + organisations(frame, as_of)
    out = pl.concat(pl.collect_all(
        [p.select("case_index", "rule_id", "outcome", C("amount_fen").cast(pl.Int64))
         for p in parts]))
    return out.sort("case_index", "rule_id")
