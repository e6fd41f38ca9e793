"""`zyjob-rules screen` reads and writes Parquet; GBK and other encodings are decoded strictly."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

import pytest
from frame_helpers import AS_OF, decision_keys, synth_cases, write_registry_csv

from zyjob_rules.cli import main
from zyjob_rules.screening.encodings import LineDecoder, normalise_encoding

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pd = pytest.importorskip("pandas")


def _screen(*args: str) -> int:
    return main(["screen", *args, "--as-of", AS_OF.isoformat(), "--no-progress", "--quiet"])


def _result_keys(rows: list[dict[str, Any]], first_line: int) -> list[tuple[Any, ...]]:
    from decimal import Decimal

    return [(r["line"] - first_line, r["case_id"], r["rule_id"], r["subject"], r["outcome"],
             None if r["amount"] is None else Decimal(str(r["amount"])),
             None if r["eligible_from"] is None else str(r["eligible_from"]),
             tuple(r["missing"])) for r in rows]


def _expected(cases: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(*k[:6], None if k[6] is None else k[6].isoformat(), k[7])
            for k in decision_keys(cases)]


def test_parquet_in_parquet_out_gives_the_decisions_of_the_cases(tmp_path: Path) -> None:
    cases = synth_cases("enterprise", 60, 8) + synth_cases("person", 60, 9)
    frame = pd.read_csv(write_registry_csv(tmp_path / "r.csv", cases))
    frame.to_parquet(tmp_path / "r.parquet")
    assert _screen(str(tmp_path / "r.parquet"), "--out", str(tmp_path / "out.parquet")) == 0
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.schema.field("amount").type == pa.decimal128(18, 2)
    assert _result_keys(table.to_pylist(), 1) == _expected(cases)
    # Parquet in, JSON lines out; and two workers give the same rows
    assert _screen(str(tmp_path / "r.parquet"), "--out", str(tmp_path / "out.jsonl"),
                   "--workers", "2", "--chunk-size", "16") == 0
    rows = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert _result_keys(rows, 1) == _expected(cases)


def test_a_bad_parquet_cell_is_a_rejected_row(tmp_path: Path) -> None:
    table = pa.table({"kind": ["person", "person"], "birth_date": [None, "1990-13-01"],
                      "disabled": pa.array([1.0, 0.5])})
    pq.write_table(table, tmp_path / "bad.parquet")
    code = _screen(str(tmp_path / "bad.parquet"), "--out", str(tmp_path / "o.csv"))
    assert code == 3
    errors = [json.loads(x) for x in (tmp_path / "o.csv.errors.jsonl").read_text().splitlines()]
    assert [e["line"] for e in errors] == [2]
    messages = " ".join(p["message"] for p in errors[0]["problems"])
    assert "column 'disabled', row 2" in messages and "0.5" in messages
    assert "1990-13-01" in messages or any(
        p["path"] == "applicant.birth_date" for p in errors[0]["problems"])


def test_not_parquet_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.parquet").write_text("kind\nperson\n")
    assert _screen(str(tmp_path / "x.parquet"), "--out", str(tmp_path / "o.jsonl")) == 2
    assert "not a Parquet file" in capsys.readouterr().err


def test_a_gbk_csv_screens_like_its_utf8_original(tmp_path: Path) -> None:
    cases = synth_cases("person", 50, 21)
    utf8 = write_registry_csv(tmp_path / "u.csv", cases)
    gbk = write_registry_csv(tmp_path / "g.csv", cases, encoding="gbk")
    assert "雁江区".encode("gbk") in gbk.read_bytes()
    assert _screen(str(utf8), "--out", str(tmp_path / "u.jsonl")) == 0
    assert _screen(str(gbk), "--encoding", "gbk", "--out", str(tmp_path / "g.jsonl")) == 0
    assert (tmp_path / "g.jsonl").read_bytes() == (tmp_path / "u.jsonl").read_bytes()
    assert _screen(str(gbk), "--encoding", "gb18030", "--out", str(tmp_path / "h.jsonl")) == 0
    assert (tmp_path / "h.jsonl").read_bytes() == (tmp_path / "u.jsonl").read_bytes()


def test_a_corrupted_gbk_line_is_rejected_naming_the_line_never_mojibake(tmp_path: Path) -> None:
    cases = synth_cases("person", 6, 22)
    gbk = write_registry_csv(tmp_path / "g.csv", cases, encoding="gbk")
    lines = gbk.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b",", b",\xff", 1)  # a byte no GBK text holds, on line 4
    gbk.write_bytes(b"\n".join(lines))
    out = tmp_path / "g.jsonl"
    assert _screen(str(gbk), "--encoding", "gbk", "--out", str(out)) == 3
    errors = [json.loads(x) for x in Path(f"{out}.errors.jsonl").read_text().splitlines()]
    assert [e["line"] for e in errors] == [4]
    assert "line 4" in errors[0]["problems"][0]["message"]
    assert "not gbk text" in errors[0]["problems"][0]["message"]
    results = out.read_text("utf-8")
    assert "\ufffd" not in results
    assert len({json.loads(r)["line"] for r in results.splitlines()}) == 5  # the 5 other rows


def test_a_gbk_file_read_as_utf8_fails_naming_the_line_and_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gbk = write_registry_csv(tmp_path / "g.csv", synth_cases("person", 3, 23), encoding="gbk")
    out = tmp_path / "o.csv"
    assert _screen(str(gbk), "--out", str(out)) == 3
    errors = [json.loads(x) for x in Path(f"{out}.errors.jsonl").read_text().splitlines()]
    assert [e["line"] for e in errors] == [2, 3, 4]
    assert "--encoding gbk" in errors[0]["problems"][0]["message"]
    # a header that does not decode stops the run before any row
    (tmp_path / "h.csv").write_bytes("kind,姓名\n".encode("gbk"))
    assert _screen(str(tmp_path / "h.csv"), "--out", str(out)) == 2
    assert "line 1" in capsys.readouterr().err


def test_gbk_json_lines(tmp_path: Path) -> None:
    cases = synth_cases("person", 5, 24)
    text = "\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n"
    (tmp_path / "g.jsonl").write_bytes(text.encode("gbk"))
    (tmp_path / "u.jsonl").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert _screen(str(tmp_path / "g.jsonl"), "--encoding", "gbk", "--out",
                   str(tmp_path / "g.out")) == 0
    assert _screen(str(tmp_path / "u.jsonl"), "--encoding", "utf-8-sig", "--out",
                   str(tmp_path / "u.out")) == 0
    assert (tmp_path / "g.out").read_bytes() == (tmp_path / "u.out").read_bytes()


def test_excel_csv_has_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False)
                              for c in synth_cases("person", 3, 25)) + "\n", "utf-8")
    assert _screen(str(path), "--out", str(tmp_path / "x.csv"), "--excel") == 0
    assert _screen(str(path), "--out", str(tmp_path / "p.csv")) == 0
    excel, plain = (tmp_path / "x.csv").read_bytes(), (tmp_path / "p.csv").read_bytes()
    assert excel.startswith(codecs.BOM_UTF8) and not plain.startswith(codecs.BOM_UTF8)
    assert excel[len(codecs.BOM_UTF8):] == plain


def test_encoding_names() -> None:
    assert normalise_encoding("GBK") == "gbk" and normalise_encoding("utf8") == "utf-8"
    assert normalise_encoding("cp936") == "gbk"
    with pytest.raises(ValueError, match="unsupported encoding 'latin-1'"):
        normalise_encoding("latin-1")
    decoder = LineDecoder("gb18030")
    assert decoder.decode("资阳".encode("gb18030"), 1) == "资阳" and not decoder.bad
    decoder.decode(codecs.BOM_UTF8 + b"kind", 1)
    assert "byte-order mark" in decoder.problems(1, 1)[0].message
