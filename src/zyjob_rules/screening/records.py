"""Reading a registry export record by record: JSON lines or flat CSV, streaming, with line numbers.

A reader yields ``Record``s and never holds more than one in memory. A record keeps its line
number (of its first line, 1-based, as an editor shows it), its raw text (for the errors file, so
a rejected row is never lost) and its payload: the decoded text of a JSON-lines record, or the
Case-shaped dict built from a CSV row, with the problems met while reading that row's cells.

Decoding is strict and happens in one place (``decode_line`` / ``text_reader``): bytes that are
not text in the input's encoding make that row a rejected row naming the line and the byte, never
U+FFFD replacement characters. The input encoding is UTF-8 unless a caller names another one.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar, Literal

from ..errors import InputOutputError
from ..model import FieldProblem
from ..model.limits import DEFAULT_LIMITS, InputLimits
from .csv_layout import InputHeaderError, check_header, row_to_case
from .encodings import normalise_encoding

InputFormat = Literal["jsonl", "csv", "parquet"]
DEFAULT_ENCODING = "utf-8"


@dataclass(slots=True)
class Record:
    """One input record. ``problems`` are cells that could not be read (the payload lacks them);
    a record with problems is rejected, with the model's own problems of the rest of the row."""

    line: int
    raw: str
    payload: str | dict[str, Any] | None
    problems: list[FieldProblem] = field(default_factory=list)


def input_format_of(path: str, explicit: str | None = None) -> InputFormat:
    """``csv`` for ``*.csv`` (or when told), else JSON lines."""
    if explicit in ("jsonl", "csv", "parquet"):
        return explicit  # type: ignore[return-value]
    if path.lower().endswith(".parquet"):
        return "parquet"
    return "csv" if path.lower().endswith(".csv") else "jsonl"


class Source:
    """An input file (or standard input for ``-``) opened for binary streaming, with its size.

    A file that cannot be opened is an InputOutputError naming it (``cannot read PATH: reason``).
    """

    def __init__(self, path: str, encoding: str | None = None) -> None:
        self.path = path
        self.encoding = encoding  # of a text input (encodings.ENCODINGS); None: UTF-8
        self.stream: IO[bytes] = sys.stdin.buffer
        self.size: int | None = None
        if path != "-":
            try:
                self.stream = open(path, "rb")  # noqa: SIM115
                self.size = os.fstat(self.stream.fileno()).st_size
            except OSError as exc:
                self.close()
                raise InputOutputError(path, f"cannot read {path}: {exc.strerror or exc}") from exc
        self.consumed = 0

    def close(self) -> None:
        if self.stream is not sys.stdin.buffer:
            self.stream.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class UndecodableError(ValueError):
    """Bytes of a row that are no text in the input's encoding; ``column`` is 1-based."""

    def __init__(self, encoding: str, byte: int, column: int) -> None:
        self.column = column
        super().__init__(
            f"not {encoding} text: byte 0x{byte:02x} at column {column} "
            f"({_encoding_hint(encoding)}; nothing was replaced)")


def decode_line(data: bytes, encoding: str = DEFAULT_ENCODING) -> str:
    """The text of one input line in ``encoding``, strictly; UndecodableError names the byte."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UndecodableError(encoding, exc.object[exc.start], exc.start + 1) from exc


def printable_raw(data: bytes, encoding: str = DEFAULT_ENCODING) -> str:
    """A row's text for the errors file: undecodable bytes appear as ``\\xNN`` escapes."""
    return data.decode(encoding, errors="backslashreplace")


def text_reader(stream: IO[bytes], encoding: str = DEFAULT_ENCODING) -> io.TextIOWrapper:
    """The input as text for the CSV reader. Undecodable bytes become lone surrogates
    (``surrogateescape``), which ``undecodable_cell`` finds so that their row is rejected."""
    codec = "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding
    return io.TextIOWrapper(stream, encoding=codec, errors="surrogateescape", newline="")


def _undecodable(cells: list[str], encoding: str) -> str | None:
    for number, cell in enumerate(cells, start=1):
        try:
            cell.encode("utf-8")
        except UnicodeEncodeError as exc:
            bad = ord(cell[exc.start]) - 0xDC00
            return (f"not {encoding} text: byte 0x{bad:02x} in cell {number} "
                    f"({_encoding_hint(encoding)}; nothing was replaced)")
    return None


def _encoding_hint(encoding: str) -> str:
    if encoding.startswith("utf-8"):
        return "a GBK export needs --encoding gbk (or gb18030)"
    return "use the right encoding, e.g. --encoding utf-8"


def _surrogate_free(cells: list[str], encoding: str) -> list[str]:
    """Cells fit for a UTF-8 errors file: escaped undecodable bytes as ``\\xNN``."""
    return [c.encode(encoding, "surrogateescape").decode(encoding, "backslashreplace")
            if _undecodable([c], encoding) else c for c in cells]


def read_jsonl(
    source: Source, skip_through: int = 0, encoding: str = DEFAULT_ENCODING,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Iterator[Record]:
    """One record per non-blank line; the payload is the line's text (parsed by the screener).

    Lines up to ``skip_through`` (a resumed run) are read but not yielded.
    """
    for number, line in enumerate(source.stream, start=1):
        source.consumed += len(line)
        if number <= skip_through:
            continue
        if number == 1 and line.startswith(codecs.BOM_UTF8):  # as some Windows tools write
            line = line[len(codecs.BOM_UTF8):]
        if not line.strip():
            continue
        if len(line) > limits.max_case_bytes:
            yield Record(number, printable_raw(line[:200], encoding) + "…", None, [FieldProblem(
                "$", f"row is larger than {limits.max_case_bytes:,} bytes")])
            continue
        try:
            text = decode_line(line, encoding)
        except UndecodableError as exc:
            yield Record(number, printable_raw(line, encoding).rstrip("\r\n"), None,
                         [FieldProblem("$", f"line {number}: {exc}")])
            continue
        yield Record(number, text.rstrip("\r\n"), text)


class DuplicateColumnsError(InputHeaderError):
    """The CSV header names a column twice (which cell would be the fact?)."""

    code: ClassVar[str] = "csv_duplicate_columns"

    def __init__(self, duplicates: list[str]) -> None:
        self.duplicates = duplicates
        super().__init__(f"duplicate CSV column(s): {', '.join(duplicates)}")


@contextmanager
def _field_limit(size: int) -> Iterator[None]:
    """csv's cell-size limit is global to the process: raise it only while reading, then
    restore it (importing this module changes nothing)."""
    previous = csv.field_size_limit()
    csv.field_size_limit(size)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_csv(
    source: Source, skip_through: int = 0, encoding: str = DEFAULT_ENCODING,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Iterator[Record]:
    """One record per CSV row (a quoted cell may span lines); the header must name known columns,
    each once.

    Raises UnknownColumnsError or DuplicateColumnsError (before any row is read). A row with a
    cell over ``limits.max_cell_bytes``, or with undecodable bytes, is a rejected record. Rows
    starting at or before line ``skip_through`` (a resumed run) are not yielded.
    """
    text = text_reader(source.stream, encoding)
    try:
        with _field_limit(limits.max_cell_bytes):
            yield from _csv_records(source, text, skip_through, encoding, limits)
    finally:
        text.close()


def _csv_records(
    source: Source, text: io.TextIOWrapper, skip_through: int, encoding: str,
    limits: InputLimits,
) -> Iterator[Record]:
    reader = csv.reader(text)
    header = next(reader, None)
    if header is None:
        return
    bad_header = _undecodable(header, encoding)
    if bad_header:
        raise UndecodableHeaderError(f"CSV header (line 1): {bad_header}")
    header = [h.strip() for h in header]
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise DuplicateColumnsError(duplicates)
    check_header(header)
    width = len(header)
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a cell over the size limit: that row only
            start, line = line, reader.line_num + 1
            if start > skip_through:
                yield Record(start, "", None, [FieldProblem(
                    "$", f"unreadable CSV row: {exc} (limit {limits.max_cell_bytes:,} bytes)")])
            continue
        source.consumed = source.stream.tell() if source.size is not None else 0
        start, line = line, reader.line_num + 1
        if start <= skip_through or not any(c.strip() for c in cells):
            continue
        bad = _undecodable(cells, encoding)
        if bad:
            yield Record(start, _csv_text(_surrogate_free(cells, encoding)), None,
                         [FieldProblem("$", f"line {start}: {bad}")])
            continue
        raw = _csv_text(cells)
        if len(cells) != width:
            yield Record(start, raw, None, [FieldProblem(
                "$", f"row has {len(cells)} cells but the header has {width} columns")])
            continue
        if len(raw) > limits.max_case_bytes:
            yield Record(start, raw[:200] + "…", None, [FieldProblem(
                "$", f"row is larger than {limits.max_case_bytes:,} bytes")])
            continue
        payload, problems = row_to_case(dict(zip(header, cells, strict=True)), limits)
        yield Record(start, raw, payload, problems)


def _csv_text(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


class UndecodableHeaderError(InputHeaderError):
    """The CSV header's bytes are not text in the input's encoding (no row can be read)."""

    code: ClassVar[str] = "csv_undecodable_header"


def read_records(
    source: Source, fmt: InputFormat, skip_through: int = 0, encoding: str | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Iterator[Record]:
    """The records of ``source``, after line ``skip_through`` (0: all of them), decoded in
    ``encoding`` (else the source's own, else UTF-8)."""
    if fmt == "parquet":
        from .parquet_io import read_parquet  # optional extra (pyarrow): imported when asked

        return (r for r in read_parquet(source) if r.line > skip_through)
    chosen = normalise_encoding(getattr(source, "encoding", None) or encoding)
    reader = read_csv if fmt == "csv" else read_jsonl
    return reader(source, skip_through, chosen, limits)
