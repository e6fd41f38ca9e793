"""The checkpoint of a screening run, so that ``--resume`` continues it without losing or
repeating a row.

After each chunk of results is written, the run records (in ``OUTPUT.resume.json``, replaced
atomically) the last input line done, the byte sizes of the partial result and errors files at
that moment, the summary so far, and a fingerprint of the input and the settings. ``--resume``
refuses a checkpoint whose fingerprint differs (another input, changed file, other options or
rules), cuts the partial files back to the recorded sizes and skips the input lines done.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, ClassVar

from ..errors import ConfigurationError
from .outfiles import write_file_atomically
from .summary import Summary

CHECKPOINT_SUFFIX = ".resume.json"
FORMAT = 1


class ResumeError(ConfigurationError):
    """There is nothing to resume, or the checkpoint belongs to another run."""

    code: ClassVar[str] = "resume_refused"


def checkpoint_path(output: str | Path) -> Path:
    return Path(str(output) + CHECKPOINT_SUFFIX)


def input_fingerprint(path: str) -> dict[str, Any]:
    """What identifies the input file: its resolved path, size and modification time."""
    st = os.stat(path)
    return {"path": os.path.realpath(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


@dataclass
class Checkpoint:
    """Where a run stands. ``settings`` and ``input`` are compared on resume."""

    input: dict[str, Any]
    settings: dict[str, Any]
    last_line: int = 0
    records: int = 0
    out_bytes: int = 0
    errors_bytes: int = 0
    summary: dict[str, Any] | None = None
    format: int = FORMAT

    def save(self, path: str | Path) -> None:
        write_file_atomically(path, json.dumps(asdict(self), ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, path: str | Path) -> Checkpoint:
        p = Path(path)
        if not p.exists():
            raise ResumeError(f"nothing to resume: {p} does not exist (the run completed, or "
                              "never started)")
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ResumeError(f"{p}: checkpoint of another version")
            return cls(**data)
        except (OSError, ValueError, TypeError) as exc:
            if isinstance(exc, ResumeError):
                raise
            raise ResumeError(f"{p}: unreadable checkpoint ({exc})") from exc

    def check_matches(self, other: Checkpoint, path: str | Path) -> None:
        """Refuse to resume with another input or other settings than the checkpoint's."""
        if self.input != other.input:
            raise ResumeError(f"{path}: the input changed since the partial run "
                              f"(was {self.input['path']}, {self.input['size']:,} bytes)")
        for key in sorted(set(self.settings) | set(other.settings)):
            if self.settings.get(key) != other.settings.get(key):
                raise ResumeError(
                    f"{path}: setting {key!r} was {self.settings.get(key)!r} in the partial run,"
                    f" now {other.settings.get(key)!r}; resume with the same options")

    def summary_so_far(self) -> Summary:
        return Summary.from_dict(self.summary) if self.summary else Summary()
