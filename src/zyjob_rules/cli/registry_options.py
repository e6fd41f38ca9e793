"""Options shared by the commands that read registries and write result rows: input encodings,
Excel-friendly CSV, Parquet results (docs/screening.md)."""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from typing import Literal, TextIO, cast

from ..screening.encodings import ENCODINGS

ResultFormat = Literal["jsonl", "csv", "parquet"]


def add_encoding_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--encoding", choices=ENCODINGS, default="utf-8",
        help="encoding of a CSV or JSON-lines input (default utf-8; a byte-order mark is "
        "skipped); a line that does not decode is a rejected row naming the line")
    parser.add_argument(
        "--excel", action="store_true",
        help="write a CSV result with a UTF-8 byte-order mark, so Excel shows Chinese correctly")


def result_format(path: str, explicit: str | None = None) -> ResultFormat:
    """``parquet`` for ``*.parquet``, ``csv`` for ``*.csv``, else JSON lines (or as told)."""
    if explicit in ("jsonl", "csv", "parquet"):
        return cast(ResultFormat, explicit)
    low = path.lower()
    return "parquet" if low.endswith(".parquet") else "csv" if low.endswith(".csv") else "jsonl"


def result_writer(stack: ExitStack, path: str, trace: bool) -> TextIO:
    """A text sink taking JSON-lines result rows and writing them to ``path`` as Parquet."""
    from ..screening.parquet_io import ParquetInputError, ParquetResultWriter

    if path == "-":
        raise ParquetInputError("Parquet results must go to a file, not standard output")
    return cast(TextIO, stack.enter_context(ParquetResultWriter(path, trace)))
