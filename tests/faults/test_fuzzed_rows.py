"""Fuzz: whatever the bytes of a registry, every non-blank input line ends up either in the
results or in the errors file, and the run never raises."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zyjob_rules.screening import synth_rows
from zyjob_rules.screening.pipeline import ScreenJob, run_screen
from zyjob_rules.screening.records import Source

VALID = [json.dumps(r, ensure_ascii=False).encode() for r in synth_rows("person", 4, seed=3)]
NASTY = [b"{", b"[" * 40, b'{"id": 1e999999}', b'{"a": 1, "a": 2}', "１０００".encode(),
         b"\xff\xfe", b"9" * 5000, b'{"applicant": {"kind": "person", "birth_date": "9999-01-01"}}']


@st.composite
def lines(draw: st.DrawFn) -> bytes:
    base = draw(st.sampled_from(VALID + NASTY))
    if draw(st.booleans()):
        return base
    at = draw(st.integers(0, len(base)))
    cut = draw(st.integers(0, 8))
    insert = draw(st.one_of(st.binary(max_size=6), st.sampled_from(NASTY)))
    return (base[:at] + insert + base[at + cut:]).replace(b"\n", b" ").replace(b"\r", b" ")


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(lines(), min_size=1, max_size=8))
def test_every_line_is_a_result_or_a_rejected_row(rows: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "r.jsonl"
        path.write_bytes(b"\n".join(rows) + b"\n")
        out, errors = io.StringIO(), io.StringIO()
        with Source(str(path)) as source:
            stats = run_screen(source, "jsonl", out, errors, ScreenJob(as_of=date(2018, 6, 30)),
                               chunk_size=3)
    decided = {json.loads(r)["line"] for r in out.getvalue().splitlines()}
    rejected = {json.loads(r)["line"] for r in errors.getvalue().splitlines()}
    expected = {i for i, r in enumerate(rows, start=1) if r.strip()}
    assert decided | rejected == expected and not decided & rejected
    assert stats.summary.complete and stats.summary.rejected == len(rejected)
    assert "\ufffd" not in out.getvalue()
