"""The Dask partition function on a two-process LocalCluster equals the single-process screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from frame_helpers import AS_OF, synth_cases, write_registry_csv

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")


def _sorted(frame: object) -> list[tuple[object, ...]]:
    rows = frame.to_dict("records")  # type: ignore[attr-defined]
    return sorted((r["row"], r["case_id"], r["rule_id"], r["subject"], r["outcome"],
                   r["amount"], r["eligible_from"], tuple(r["missing"]), tuple(r["problems"]))
                  for r in rows)


def test_two_worker_processes_give_the_single_process_rows(tmp_path: Path) -> None:
    from zyjob_rules.screening.dask_partition import screen_parquet_dask, screen_partition
    from zyjob_rules.screening.frames import screen_frame

    cases = synth_cases("person", 120, 41) + synth_cases("enterprise", 120, 42)
    frame = pd.read_csv(write_registry_csv(tmp_path / "r.csv", cases))
    frame.loc[5, "headcount_prior_year_end"] = 2.5  # one rejected row travels too
    parts = tmp_path / "registry"
    parts.mkdir()
    for i, start in enumerate(range(0, len(frame), 60)):
        frame.iloc[start:start + 60].to_parquet(parts / f"part-{i}.parquet", index=True)
    expected = _sorted(screen_frame(frame, AS_OF))
    assert _sorted(screen_partition(frame, AS_OF)) == expected
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        n = screen_parquet_dask(parts, tmp_path / "results", AS_OF)
    assert n == 4
    results = pd.read_parquet(tmp_path / "results")
    assert len(list((tmp_path / "results").glob("*.parquet"))) == 4
    got = _sorted(results)
    assert got == expected
    assert any(r[4] == "rejected" for r in got)
