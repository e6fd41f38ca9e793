"""Reading a registry export record by record: JSON lines or flat CSV, streaming, with line numbers.

A reader yields ``Record``s and never holds more than one in memory. A record keeps its line
number (of its first line, 1-based, as an editor shows it), its raw text (for the errors file, so
a rejected row is never lost) and its payload: the JSON text of a JSON-lines record, or the
Case-shaped dict built from a CSV row, with the problems met while reading that row's cells.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from ..model import FieldProblem
from .csv_layout import check_header, row_to_case
from .encodings import LineDecoder

InputFormat = Literal["jsonl", "csv", "parquet"]

# A CSV cell may hold a whole JSON array of hires: allow large fields (but not unbounded ones).
csv.field_size_limit(64 * 1024 * 1024)


@dataclass(slots=True)
class Record:
    """One input record. ``problems`` are cells that could not be read (the payload lacks them);
    a record with problems is rejected, with the model's own problems of the rest of the row."""

    line: int
    raw: str
    payload: bytes | str | dict[str, Any] | None
    problems: list[FieldProblem] = field(default_factory=list)


def input_format_of(path: str, explicit: str | None = None) -> InputFormat:
    """``csv`` for ``*.csv`` (or when told), else JSON lines."""
    if explicit in ("jsonl", "csv", "parquet"):
        return explicit  # type: ignore[return-value]
    if path.lower().endswith(".parquet"):
        return "parquet"
    return "csv" if path.lower().endswith(".csv") else "jsonl"


class Source:
    """An input file (or standard input for ``-``) opened for binary streaming, with its size."""

    def __init__(self, path: str, encoding: str | None = None) -> None:
        self.path = path
        self.encoding = encoding  # of a text input (encodings.ENCODINGS); None: UTF-8
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
    """One record per non-blank line; the payload is the line's text (parsed by the screener).

    Lines are decoded strictly in ``source.encoding`` (a bad byte rejects its line)."""
    decoder = LineDecoder(source.encoding)
    for number, text in enumerate(decoder.lines(source.stream, source), start=1):
        if not text.strip():
            decoder.problems(number, number)
            continue
        raw = text.rstrip("\r\n")
        bad = decoder.problems(number, number)
        yield Record(number, raw, None if bad else raw, bad)


def read_csv(source: Source) -> Iterator[Record]:
    """One record per CSV row (a quoted cell may span lines); the header must name known columns.

    Raises UnknownColumnsError (before any row is read) for a header with unknown columns.
    """
    decoder = LineDecoder(source.encoding)
    text = decoder.lines(source.stream, source)
    try:
        reader = csv.reader(text)
        header = next(reader, None)
        if header is None:
            return
        bad_header = decoder.problems(1, reader.line_num)
        if bad_header:
            raise UndecodableHeaderError(bad_header[0].message)
        header = [h.strip() for h in header]
        check_header(header)
        width = len(header)
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            bad = decoder.problems(start, line - 1)
            if not any(c.strip() for c in cells):
                continue
            raw = _csv_text(cells)
            if bad:
                yield Record(start, raw, None, bad)
                continue
            if len(cells) != width:
                yield Record(start, raw, None, [FieldProblem(
                    "$", f"row has {len(cells)} cells but the header has {width} columns")])
                continue
            payload, problems = row_to_case(dict(zip(header, cells, strict=True)))
            yield Record(start, raw, payload, problems)
    finally:
        text.close()


def _csv_text(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


class UndecodableHeaderError(ValueError):
    """The CSV header's bytes are not valid in the input's encoding (no row can be read)."""


def read_records(source: Source, fmt: InputFormat) -> Iterator[Record]:
    if fmt == "parquet":
        from .parquet_io import read_parquet  # optional extra (pyarrow): imported when asked

        return read_parquet(source)
    return read_csv(source) if fmt == "csv" else read_jsonl(source)
