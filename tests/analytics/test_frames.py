"""screen_frame: pandas, polars and Arrow frames in, result frames out, exactly."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from frame_helpers import AS_OF, decision_keys, frame_keys, synth_cases, write_registry_csv

from zyjob_rules.screening.csv_layout import UnknownColumnsError
from zyjob_rules.screening.frames import REJECTED, screen_frame

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def registry() -> list[dict[str, Any]]:
    return synth_cases("person", 150, 3) + synth_cases("enterprise", 150, 4)


def test_pandas_csv_round_trip_loses_no_row_and_changes_no_decision(
    registry: list[dict[str, Any]], tmp_path: Path
) -> None:
    path = write_registry_csv(tmp_path / "registry.csv", registry)
    frame = pd.read_csv(path)  # NaN gaps, 2.0 for whole numbers, 1000.5 floats for money
    assert frame["headcount_prior_year_end"].dtype == "float64"  # the gaps made it float
    result = screen_frame(frame, AS_OF)
    assert isinstance(result, pd.DataFrame)
    assert REJECTED not in set(result["outcome"])
    expected = decision_keys(registry)
    assert frame_keys(result.to_dict("records")) == expected
    assert result["row"].nunique() == len(registry)
    # and once more through pandas' own CSV writer
    again = pd.read_csv(_to_csv(frame, tmp_path / "again.csv"))
    assert frame_keys(screen_frame(again, AS_OF).to_dict("records")) == expected


def _to_csv(frame: Any, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def test_polars_and_arrow_give_frames_of_their_kind_with_the_same_decisions(
    registry: list[dict[str, Any]], tmp_path: Path
) -> None:
    pl = pytest.importorskip("polars")
    path = write_registry_csv(tmp_path / "registry.csv", registry[:40] + registry[150:190])
    expected = decision_keys(registry[:40] + registry[150:190])
    table = pa.csv.read_csv(path) if hasattr(pa, "csv") else None
    import pyarrow.csv as pacsv

    table = pacsv.read_csv(path)
    result = screen_frame(table, AS_OF)
    assert isinstance(result, pa.Table)
    assert result.schema.field("amount").type == pa.decimal128(18, 2)
    assert frame_keys(result.to_pylist()) == expected
    polars_frame = pl.read_csv(path, infer_schema_length=None)
    presult = screen_frame(polars_frame, AS_OF)
    assert isinstance(presult, pl.DataFrame)
    assert frame_keys(presult.to_dicts()) == expected


def _person(**cells: Any) -> dict[str, Any]:
    return {"case_id": "c1", "kind": "person", "poor_household_labor": True,
            "hukou_type": "rural", **cells}


def _one(frame: Any, rule: str = "poverty_startup_loan") -> dict[str, Any]:
    rows: list[dict[str, Any]] = screen_frame(frame, AS_OF).to_dict("records")
    rejected = [r for r in rows if r["outcome"] == REJECTED]
    if rejected:
        return rejected[0]
    return next(r for r in rows if r["rule_id"] == rule)


def test_numpy_scalars_are_accepted_exactly() -> None:
    frame = pd.DataFrame([_person(
        severance_lump_sum=np.float64(1000.1), disabled=np.bool_(False),
        birth_date=np.datetime64("1990-05-01"))], dtype=object)
    result = screen_frame(frame, AS_OF)
    assert REJECTED not in set(result["outcome"])
    frame = pd.DataFrame([_person(severance_lump_sum=np.float64(0.1) + np.float64(0.2))])
    row = _one(frame)
    assert row["outcome"] == REJECTED
    assert any("severance_lump_sum" in p and "0.30000000000000004" in p for p in row["problems"])


@pytest.mark.parametrize(("column", "value", "words"), [
    ("headcount_prior_year_end", 2.5, "not a whole number: 2.5"),
    ("birth_date", pd.Timestamp("1990-05-01 08:30"), "time of day"),
    ("birth_date", 19900501, "where a date"),
    ("disabled", 2, "not a boolean"),
    ("hukou_place", 3.0, "where text is expected"),
    ("severance_lump_sum", float("inf"), "not a finite amount"),
    ("ui_periods", 7, "where a list"),
])
def test_a_bad_cell_is_a_rejected_row_naming_column_row_and_value(
    column: str, value: Any, words: str
) -> None:
    good = _person() if column != "headcount_prior_year_end" else {
        "kind": "organisation", "org_kind": "enterprise"}
    frame = pd.DataFrame([good, good, {**good, column: value}], dtype=object)
    rows = screen_frame(frame, AS_OF).to_dict("records")
    rejected = [r for r in rows if r["outcome"] == REJECTED]
    assert [r["row"] for r in rejected] == [2]
    assert {r["row"] for r in rows} == {0, 1, 2}  # no row lost
    text = " | ".join(rejected[0]["problems"])
    assert f"column '{column}', row 2" in text and words in text, text


def test_missing_values_are_missing_facts_never_false() -> None:
    for gap in (None, float("nan"), pd.NA, pd.NaT, np.nan):
        frame = pd.DataFrame([_person(poverty_registered=gap, relocated_poor=gap)], dtype=object)
        rows = screen_frame(frame, AS_OF).to_dict("records")
        assert REJECTED not in {r["outcome"] for r in rows}
        assert all("applicant.poverty_registered" not in r["problems"] for r in rows)


def test_a_model_error_shows_the_value() -> None:
    row = _one(pd.DataFrame([_person(sex="robot")]))
    assert row["outcome"] == REJECTED
    assert any("applicant.sex" in p and "robot" in p for p in row["problems"])


def test_money_floats_use_their_shortest_repr_and_integers_stay_integers() -> None:
    hires = [{"worker": {"kind": "person", "poor_household_labor": True},
              "start_date": date(2017, 12, 20), "contract_type": "labor_contract"}]
    table = pa.table({
        "kind": ["organisation"], "org_kind": ["enterprise"], "size_class": ["small"],
        "business_registered": [True], "founder_migrant_returnee": [False],
        "headcount_prior_year_end": pa.array([12], pa.int64()),
        "registered_on": pa.array([date(2010, 1, 1)], pa.date32()),
        "hires": [hires],
    })
    result = screen_frame(table, AS_OF).to_pylist()
    award = next(r for r in result if r["rule_id"] == "poverty_hire_award")
    assert award["outcome"] == "eligible" and award["amount"] == Decimal("1000.00")


def test_unknown_and_duplicate_columns_are_refused_before_any_row() -> None:
    with pytest.raises(UnknownColumnsError, match="Unnamed: 0"):
        screen_frame(pd.DataFrame([{"Unnamed: 0": 1, "kind": "person"}]), AS_OF)
    frame = pd.DataFrame([["person", "a", "b"]], columns=["kind", "name", "name"])
    with pytest.raises(ValueError, match="duplicate column"):
        screen_frame(frame, AS_OF)
    with pytest.raises(TypeError, match="DataFrame"):
        screen_frame([{"kind": "person"}], AS_OF)
    with pytest.raises(ValueError, match="unknown backend"):
        screen_frame(pd.DataFrame([_person()]), AS_OF, backend="nope")


def test_timestamps_at_midnight_are_dates() -> None:
    frame = pd.DataFrame([_person(birth_date=datetime(1990, 5, 1))])
    assert frame["birth_date"].dtype.kind == "M"
    assert _one(frame)["outcome"] != REJECTED
