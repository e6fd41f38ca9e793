"""Decoding registry files strictly, line by line: a wrong byte names its line, never mojibake.

Chinese government systems usually export GBK (or GB 18030); Excel writes UTF-8 with a
byte-order mark. ``--encoding`` (``encoding=`` in the library) chooses one of ``ENCODINGS``.
Each physical line is decoded on its own (a newline byte never occurs inside a multi-byte
character of these encodings, so splitting on it is safe). A line whose bytes do not decode is
remembered with a problem naming the line, the byte offset and the bytes; the record holding it
is rejected (the errors file keeps it), and the text passed on carries U+FFFD only so the rest of
the file can still be read — it never reaches a result row.
"""

from __future__ import annotations

import codecs
from collections.abc import Generator
from typing import IO, Protocol

from ..model import FieldProblem

ENCODINGS = ("utf-8", "utf-8-sig", "gbk", "gb18030")
DEFAULT_ENCODING = "utf-8"
_ALIASES = {"utf8": "utf-8", "utf_8": "utf-8", "utf-8-sig": "utf-8-sig", "utf_8_sig": "utf-8-sig",
            "cp936": "gbk", "936": "gbk", "gb2312": "gbk"}


class Consumer(Protocol):
    """What the decoder reports progress to (a ``records.Source``): bytes consumed so far."""

    consumed: int


def normalise_encoding(name: str | None) -> str:
    """One of ``ENCODINGS`` for ``name`` (case and ``_``/``-`` ignored; ``gb2312``/``cp936`` are
    read as GBK, their superset). ValueError naming the supported ones otherwise."""
    if name is None:
        return DEFAULT_ENCODING
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in ENCODINGS:
        raise ValueError(f"unsupported encoding {name!r}; use one of {', '.join(ENCODINGS)}")
    return key


class LineDecoder:
    """Decodes the lines of one input strictly; ``problems(first, last)`` hands out the decoding
    problems of a record's lines (each problem is handed out once)."""

    def __init__(self, encoding: str | None = None) -> None:
        self.encoding = normalise_encoding(encoding)
        # utf-8-sig only strips a byte-order mark: decode the lines as plain UTF-8
        self.codec = "utf-8" if self.encoding.startswith("utf-8") else self.encoding
        self.bad: dict[int, FieldProblem] = {}

    def decode(self, data: bytes, number: int) -> str:
        """The text of line ``number`` (1-based); a bad byte is recorded for that line."""
        if number == 1 and data.startswith(codecs.BOM_UTF8):
            if self.codec == "utf-8":
                data = data[len(codecs.BOM_UTF8):]  # as Excel writes it
            else:
                self.bad[number] = FieldProblem("$", (
                    f"line {number}: the file starts with a UTF-8 byte-order mark but is read "
                    f"as {self.encoding}; use --encoding utf-8"))
                return data.decode(self.codec, errors="replace")
        try:
            return data.decode(self.codec)
        except UnicodeDecodeError as exc:
            self.bad[number] = FieldProblem("$", self._message(number, data, exc), data[:200])
            return data.decode(self.codec, errors="replace")

    def _message(self, number: int, data: bytes, exc: UnicodeDecodeError) -> str:
        hint = ""
        if self.codec == "utf-8":
            hint = "; a GBK export needs --encoding gbk (or gb18030)"
        elif _is_utf8(data):
            hint = "; the line is valid UTF-8: use --encoding utf-8"
        bad = data[exc.start:min(exc.end + 2, len(data))]
        return (f"line {number}: bytes {bad!r} at byte {exc.start + 1} are not valid "
                f"{self.encoding}{hint}")

    def lines(
        self, stream: IO[bytes], progress: Consumer | None = None
    ) -> Generator[str, None, None]:
        """The decoded lines of ``stream`` (line ends kept), counting bytes into ``progress``."""
        for number, data in enumerate(stream, start=1):
            if progress is not None:
                progress.consumed += len(data)
            yield self.decode(data, number)

    def problems(self, first: int, last: int) -> list[FieldProblem]:
        """The decoding problems of lines ``first``..``last`` (inclusive), removed once given."""
        if not self.bad:
            return []
        return [self.bad.pop(n) for n in range(first, last + 1) if n in self.bad]


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
