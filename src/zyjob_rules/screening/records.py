"""Reading a registry export record by record: JSON lines or flat CSV, streaming, with line numbers.

A reader yields ``Record``s and never holds more than one in memory. A record keeps its line
number (of its first line, 1-based, as an editor shows it), its raw text (for the errors file, so
a rejected row is never lost) and its payload: the JSON text of a JSON-lines record, or the
Case-shaped dict built from a CSV row, with the problems met while reading that row's cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from ..model import FieldProblem
from .csv_layout import check_header, row_to_case

InputFormat = Literal["jsonl", "csv"]

# A CSV cell may hold a whole JSON array of hires: allow large fields (but not unbounded ones).
csv.field_size_limit(64 * 1024 * 1024)


@dataclass(slots=True)
class Record:
    """One input record. ``problems`` are cells that could not be read (the payload lacks them);
    a record with problems is rejected, with the model's own problems of the rest of the row."""

    line: int
    raw: str
    payload: bytes | dict[str, Any] | None
    problems: list[FieldProblem] = field(default_factory=list)


def input_format_of(path: str, explicit: str | None = None) -> InputFormat:
    """``csv`` for ``*.csv`` (or when told), else JSON lines."""
    if explicit in ("jsonl", "csv"):
        return explicit  # type: ignore[return-value]
    return "csv" if path.lower().endswith(".csv") else "jsonl"


class Source:
    """An input file (or standard input for ``-``) opened for binary streaming, with its size."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.stream: IO[bytes] = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
        self.size: int | None = None if path == "-" else Path(path).stat().st_size
        self.consumed = 0

    def close(self) -> None:
        if self.stream is not sys.stdin.buffer:
            self.stream.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_jsonl(source: Source) -> Iterator[Record]:
    """One record per non-blank line; the payload is the line's bytes (parsed by the screener)."""
    for number, line in enumerate(source.stream, start=1):
        source.consumed += len(line)
        if number == 1 and line.startswith(codecs.BOM_UTF8):  # as some Windows tools write
            line = line[len(codecs.BOM_UTF8):]
        if not line.strip():
            continue
        raw = line.decode("utf-8", errors="replace").rstrip("\r\n")
        yield Record(number, raw, line)


def read_csv(source: Source) -> Iterator[Record]:
    """One record per CSV row (a quoted cell may span lines); the header must name known columns.

    Raises UnknownColumnsError (before any row is read) for a header with unknown columns.
    """
    text = io.TextIOWrapper(source.stream, encoding="utf-8-sig", errors="replace", newline="")
    try:
        reader = csv.reader(text)
        header = next(reader, None)
        if header is None:
            return
        header = [h.strip() for h in header]
        check_header(header)
        width = len(header)
        line = reader.line_num + 1
        for cells in reader:
            source.consumed = source.stream.tell() if source.size is not None else 0
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            raw = _csv_text(cells)
            if len(cells) != width:
                yield Record(start, raw, None, [FieldProblem(
                    "$", f"row has {len(cells)} cells but the header has {width} columns")])
                continue
            payload, problems = row_to_case(dict(zip(header, cells, strict=True)))
            yield Record(start, raw, payload, problems)
    finally:
        text.detach()


def _csv_text(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def read_records(source: Source, fmt: InputFormat) -> Iterator[Record]:
    return read_csv(source) if fmt == "csv" else read_jsonl(source)
