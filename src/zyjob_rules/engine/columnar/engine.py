"""The columnar engine: a batch of cases (an Arrow table in the registry layout) in, one row per
case, subject and rule out — outcome, amount (fen), eligible_from, missing facts.

Each subject kind gets a frame (persons: applicants and household members; households;
organisations), every rule in force on the as-of date compiles to columns of its frame
(rules.py), and polars runs the whole plan. Rows whose answer needs a trace or a date search are
finished by the scalar engine, rule by rule (``RuleColumns.delegate``); a rule the compiler
cannot express is decided by the scalar engine for every subject, and :attr:`ColumnarPlan.
fallbacks` says which and why. A delegated row whose scalar outcome differs from the columnar
one raises :class:`ColumnarMismatchError`: the two engines are never silently different.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ...model import Household, Organisation, Person
from ...ruleset.checked import CheckedRule, RuleSet
from ..program import Program, compile_ruleset
from ..scalar.context import Subject
from ..scalar.evaluator import evaluator_for
from ..scalar.runtime import EvaluationError
from .errors import ColumnarMismatchError, ColumnarUnavailableError
from .expressions import Unsupported
from .layout import APPLICANT_MODELS, arrow, model_input
from .levels import Level, run_level
from .rules import RuleColumns, RuleCompiler, in_force
from .usage import Usage, pruned

if TYPE_CHECKING:
    import polars as pl

SUBJECT_MODELS: dict[str, type[BaseModel]] = {
    "person": Person,
    "household": Household,
    "organisation": Organisation,
}
FINISHED = (
    "outcome",
    "amount_fen",
    "eligible_from",
    "missing",
    "amount_reason_zh",
    "amount_reason_en",
    "error",
    "engine",
)
"""The output columns the scalar engine fills for a row it finishes."""
OUTPUT_COLUMNS = ("case_index", "case_id", "subject", "rule_id", *FINISHED)
"""The columns of a decided batch (types: :func:`output_types`)."""


def load_polars() -> Any:
    try:
        import polars as pl

        arrow()
    except ImportError as exc:
        raise ColumnarUnavailableError(exc.name or "polars and pyarrow") from exc
    return pl


@dataclass
class ColumnarPlan:
    """Every version of every rule compiled per subject kind (each row picks the versions in
    force on its as-of date); ``fallbacks`` maps each rule version the compiler could not
    express to the reason (those are decided by the scalar engine)."""

    compiled: dict[str, tuple[Level, list[RuleColumns]]]
    fallbacks: dict[int, tuple[CheckedRule, str]] = field(default_factory=dict)
    usage: dict[str, Usage] = field(default_factory=dict)  # what the compiled rules read


class ColumnarEngine:
    """A rule set compiled to polars expressions (once; cached on the rule set)."""

    def __init__(self, ruleset: RuleSet) -> None:
        load_polars()
        self.ruleset = ruleset
        self.program: Program = compile_ruleset(ruleset)
        self._plan: ColumnarPlan | None = None
        self._order = {id(cr.rule): i for i, cr in enumerate(self.program.rules)}

    @property
    def plan(self) -> ColumnarPlan:
        if self._plan is None:
            self._plan = self._compile()
        return self._plan

    @property
    def fallbacks(self) -> dict[str, str]:
        """Rules decided by the scalar engine, and why (the construct the compiler lacks)."""
        return {rule.id: reason for rule, reason in self.plan.fallbacks.values()}

    def _compile(self) -> ColumnarPlan:
        plan = ColumnarPlan({})
        for kind in SUBJECT_MODELS:
            level0 = Level(0)
            compiler = RuleCompiler(self.ruleset.parameters, self.ruleset.categories, level0)
            columns = []
            usage = Usage(self.ruleset.categories)
            for cr in self.program.rules:
                rule: CheckedRule = cr.rule
                if rule.spec.beneficiary != kind:
                    continue
                try:
                    columns.append(compiler.compile(rule))
                except Unsupported as exc:
                    plan.fallbacks[self._order[id(rule)]] = (rule, str(exc))
                else:
                    usage.add_rule(rule)
            plan.compiled[kind] = (level0, columns)
            plan.usage[kind] = usage
        return plan

    # -- frames ---------------------------------------------------------------------------
    def subject_frames(self, registry: pl.DataFrame) -> dict[str, pl.LazyFrame]:
        """One lazy frame per subject kind: ``__case``, ``__sub`` (0 for the applicant, i+1 for
        household member i), ``__path``, ``__as_of``, ``s`` and the fields as ``r.<field>``."""
        import polars as pl

        base = registry.lazy()
        frames: dict[str, pl.LazyFrame] = {}
        for kind in APPLICANT_MODELS:
            frames[kind] = base.filter(pl.col("kind") == kind).select(
                "__case",
                pl.lit(0, dtype=pl.Int64).alias("__sub"),
                pl.lit("applicant").alias("__path"),
                "__as_of",
                pl.col(kind).alias("s"),
            )
        members = (
            base.filter(pl.col("kind") == "household")
            .select("__case", "__as_of", pl.col("household").struct.field("members").alias("s"))
            .filter(pl.col("s").list.len() > 0)
            .with_columns(pl.int_ranges(0, pl.col("s").list.len(), dtype=pl.Int64).alias("__i"))
            .explode("s", "__i")
            .select(
                "__case",
                (pl.col("__i") + 1).alias("__sub"),
                pl.format("applicant.members[{}]", pl.col("__i")).alias("__path"),
                "__as_of",
                "s",
            )
        )
        frames["person"] = pl.concat([frames["person"], members])
        out = {}
        for kind, lf in frames.items():
            names = APPLICANT_MODELS[kind].model_fields
            out[kind] = lf.with_columns(
                [pl.col("s").struct.field(n).alias(f"r.{n}") for n in names]
            ).with_row_index("__r0")
        return out

    # -- deciding -------------------------------------------------------------------------
    def decide(self, table: Any, as_of: date | None = None, details: bool = True) -> pl.DataFrame:
        """Decide a registry batch: one row per case, subject and rule in force (OUTPUT_COLUMNS),
        in the scalar engine's order. ``as_of`` None uses each case's own ``as_of`` column.

        ``details=False`` (what-if, totals) skips what only the scalar engine adds to a row the
        columnar engine decided: missing facts, amount reasons and eligible_from stay empty;
        outcomes and amounts are the same.
        """
        import polars as pl

        registry = table if isinstance(table, pl.DataFrame) else pl.from_arrow(table)
        assert isinstance(registry, pl.DataFrame)
        registry = registry.with_row_index("__case").with_columns(
            pl.col("__case").cast(pl.Int64),
            (pl.lit(as_of, dtype=pl.Date) if as_of is not None else pl.col("as_of")).alias(
                "__as_of"
            ),
        )
        missing_day = registry.filter(pl.col("__as_of").is_null())
        if missing_day.height:
            first = missing_day.row(0, named=True)
            raise ValueError(
                f"case {first['id'] or first['__case']} has no as_of date and none was given"
            )
        plan = self.plan
        frames = self.subject_frames(registry)
        kinds = [
            kind
            for kind in frames
            if plan.compiled[kind][1]
            or any(rule.spec.beneficiary == kind for rule, _ in plan.fallbacks.values())
        ]
        # The subjects' fields as columns (nested "s" kept out of every step), then every rule
        # of every kind in one lazy plan per kind, collected together.
        bases = pl.collect_all(
            [
                frames[kind].drop("s").with_columns(
                    pruned(plan.usage[kind], model, model.model_fields)
                )
                for kind in kinds
                for model in (SUBJECT_MODELS[kind],)
            ]
        )
        keep = ["__case", "__sub", "__path", "__as_of"]
        plans = []
        for kind, base in zip(kinds, bases, strict=True):
            level0, columns = plan.compiled[kind]
            wide = run_level(level0, base.lazy(), base.columns, base.height)
            plans.append(
                wide.select(
                    *keep,
                    *(n for c in columns
                      for n in (c.outcome, c.amount, c.error, c.in_force)),
                    # without details, what only the scalar engine's finishing needs (the
                    # eligible_from candidates, the missing facts) is never computed
                    *(c.delegate for c in columns if details),
                )
            )
        out = []
        for kind, table in zip(kinds, pl.collect_all(plans), strict=True):
            if table.height == 0:
                continue
            _, columns = plan.compiled[kind]
            fallbacks = [
                (order, rule)
                for order, (rule, _) in plan.fallbacks.items()
                if rule.spec.beneficiary == kind
            ]
            long = [
                table.filter(pl.col(c.in_force)).select(
                    "__case",
                    "__sub",
                    "__path",
                    "__as_of",
                    pl.lit(c.rule.id).alias("rule_id"),
                    pl.lit(self._order[id(c.rule)], dtype=pl.Int64).alias("__order"),
                    pl.col(c.outcome).alias("outcome"),
                    pl.col(c.amount).alias("amount_fen"),
                    (pl.col(c.delegate) if details
                     else pl.col(c.outcome).is_null() | pl.col(c.error))
                    .alias("__delegate"),
                    pl.col(c.error).alias("__error"),
                )
                for c in columns
            ]
            long += [
                table.filter(in_force(rule.spec.effective)).select(
                    "__case",
                    "__sub",
                    "__path",
                    "__as_of",
                    pl.lit(rule.id).alias("rule_id"),
                    pl.lit(order, dtype=pl.Int64).alias("__order"),
                    pl.lit(None, dtype=pl.String).alias("outcome"),
                    pl.lit(None, dtype=pl.Int64).alias("amount_fen"),
                    pl.lit(True).alias("__delegate"),
                    pl.lit(False).alias("__error"),
                )
                for order, rule in fallbacks
            ]
            rows = pl.concat(long)
            if not details:  # only fallback rules and rows the scalar engine would refuse
                rows = rows.with_columns(
                    (pl.col("__delegate") & (pl.col("outcome").is_null() | pl.col("__error")))
                    .alias("__delegate")
                )
            subjects = frames[kind].select("__case", "__sub", "s")
            out.append(self._finish(rows.drop("__error"), subjects, kind))
        if not out:
            return _empty_output()
        ids = registry.select(pl.col("__case"), pl.col("id").alias("case_id"))
        result = pl.concat(out).join(ids, on="__case", how="left")
        return result.sort("__case", "__sub", "__order").select(
            pl.col("__case").alias("case_index"),
            "case_id",
            pl.col("__path").alias("subject"),
            *OUTPUT_COLUMNS[3:],
        )

    def _finish(self, rows: pl.DataFrame, subjects: pl.LazyFrame, kind: str) -> pl.DataFrame:
        """The scalar engine's answers for the delegated rows, merged in."""
        import polars as pl

        delegated = rows.filter(pl.col("__delegate"))
        rest = rows.filter(~pl.col("__delegate")).drop("__delegate").with_columns(
            pl.lit(None, dtype=pl.Date).alias("eligible_from"),
            pl.lit([], dtype=pl.List(pl.String)).alias("missing"),
            pl.lit(None, dtype=pl.String).alias("amount_reason_zh"),
            pl.lit(None, dtype=pl.String).alias("amount_reason_en"),
            pl.lit(None, dtype=pl.String).alias("error"),
            pl.lit("columnar").alias("engine"),
        )
        if delegated.height == 0:
            return rest
        wanted = subjects.join(
            delegated.select("__case", "__sub").unique().lazy(), on=["__case", "__sub"]
        ).collect()
        model = SUBJECT_MODELS[kind]
        columns = wanted.to_arrow()  # nested rows to Python: pyarrow's is ~4x polars' here
        objects: dict[tuple[int, int], Any] = {
            (case, sub): model.model_validate(model_input(s, model))
            for case, sub, s in zip(
                columns.column("__case").to_pylist(),
                columns.column("__sub").to_pylist(),
                columns.column("s").to_pylist(),
                strict=True,
            )
        }
        fixed: dict[str, list[Any]] = {k: [] for k in FINISHED}
        for r in delegated.iter_rows(named=True):
            day = r["__as_of"]
            cr = self.program.version_at(r["rule_id"], day)
            assert cr is not None
            subject = Subject(kind, objects[(r["__case"], r["__sub"])], r["__path"])
            try:
                d = evaluator_for(self.program, day).decide(cr, subject, False)
            except EvaluationError as exc:
                values: tuple[Any, ...] = (
                    r["outcome"], None, None, [], None, None, f"evaluation failed: {exc}", "scalar"
                )
            else:
                if r["outcome"] is not None and r["outcome"] != d.outcome.value:
                    raise ColumnarMismatchError(
                        r["rule_id"], None, r["__path"], r["outcome"], d.outcome.value
                    )
                values = (
                    d.outcome.value,
                    None if d.amount is None else _fen(d.amount),
                    d.eligible_from,
                    list(d.missing),
                    d.amount_reason_zh,
                    d.amount_reason_en,
                    None,
                    "scalar",
                )
            for k, v in zip(FINISHED, values, strict=True):
                fixed[k].append(v)
        finished = delegated.drop("outcome", "amount_fen", "__delegate").with_columns(
            pl.Series(k, fixed[k], dtype=output_types()[k]) for k in FINISHED
        )
        return pl.concat([rest, finished.select(rest.columns)])



def output_types() -> dict[str, Any]:
    """The polars type of every output column (OUTPUT_COLUMNS, in order)."""
    import polars as pl

    return {
        "case_index": pl.Int64,
        "case_id": pl.String,
        "subject": pl.String,
        "rule_id": pl.String,
        "outcome": pl.String,
        "amount_fen": pl.Int64,
        "eligible_from": pl.Date,
        "missing": pl.List(pl.String),
        "amount_reason_zh": pl.String,
        "amount_reason_en": pl.String,
        "error": pl.String,
        "engine": pl.String,
    }


def _fen(amount: Decimal) -> int:
    return int(amount * 100)


def _empty_output() -> pl.DataFrame:
    import polars as pl

    return pl.DataFrame(schema=output_types())


def columnar_engine(ruleset: RuleSet) -> ColumnarEngine:
    """The rule set's columnar engine, compiled once and cached by the engine registry."""
    from .backend import columnar_backend

    return columnar_backend(ruleset).columnar


def decide_cases(engine: ColumnarEngine, cases: Iterable[Any], as_of: date | None) -> pl.DataFrame:
    """Decide Case objects (one pass to Arrow, then columnar)."""
    from .layout import cases_table

    return engine.decide(cases_table(cases), as_of)
