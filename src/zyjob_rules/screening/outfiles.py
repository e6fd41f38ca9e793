"""Output files that are never half-written under their final name, and checks made before a run.

Every result file is written to ``NAME.partial`` beside its target and renamed into place only
when the run is complete (``os.replace``: atomic on one file system). A run that stops early
(Ctrl-C, a full disk, a lost worker) leaves ``NAME.partial`` and a checkpoint for ``--resume``;
the file under the final name is then either absent or the previous complete result.

Paths are checked before anything is opened: an output that is a directory, in a missing or
read-only directory, or that is the same file as the input or another output (by name, through
symlinks and hard links) is refused, so no input is ever truncated.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from typing import BinaryIO, ClassVar, TextIO

from ..errors import InputOutputError, OutputConflictError

PARTIAL_SUFFIX = ".partial"


class OutputPathError(InputOutputError):
    """A path of the run that cannot be used (a missing or unreadable input, an output that is a
    directory or in a missing or read-only directory); raised before the run opens anything."""

    code: ClassVar[str] = "path_unusable"


class OutputWriteError(InputOutputError):
    """Writing an output failed (disk full, read-only file system, permission…): one line."""

    code: ClassVar[str] = "output_write_failed"

    def __init__(self, path: str | Path, cause: OSError) -> None:
        reason = cause.strerror or str(cause) or type(cause).__name__
        super().__init__(str(path), f"cannot write {path}: {reason}")
        self.errno = cause.errno
        self.reason = reason

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, OSError(self.errno, self.reason)))


def partial_path(path: str | Path) -> Path:
    return Path(str(path) + PARTIAL_SUFFIX)


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: the same resolved name, or (both existing) the same
    inode, which catches hard links and symlinks."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output_path(path: str | Path, role: str) -> None:
    """Refuse ``path`` as an output unless a file can be created or replaced there."""
    p = Path(path)
    if p.is_dir():
        raise OutputPathError(str(p), f"{role} {p} is a directory, not a file")
    if p.exists() and not p.is_file():
        raise OutputPathError(str(p), f"{role} {p} is not a regular file")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.exists():
        raise OutputPathError(str(p), f"{role} {p}: directory {parent} does not exist")
    if not parent.is_dir():
        raise OutputPathError(str(p), f"{role} {p}: {parent} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputPathError(str(p), f"{role} {p}: directory {parent} is not writable")


def check_input_path(path: str) -> None:
    """Refuse an input that is missing, a directory or unreadable (``-`` is standard input)."""
    if path == "-":
        return
    p = Path(path)
    if not p.exists():
        raise OutputPathError(path, f"cannot read {p}: no such file")
    if p.is_dir():
        raise OutputPathError(path, f"cannot read {p}: it is a directory")
    if not os.access(p, os.R_OK):
        raise OutputPathError(path, f"cannot read {p}: permission denied")


def check_distinct(paths: list[tuple[str, str]]) -> None:
    """Refuse two roles naming one file (``(role, path)`` pairs; ``-`` is never compared):
    OutputConflictError."""
    named = [(role, p) for role, p in paths if p != "-"]
    for i, (role_a, a) in enumerate(named):
        for role_b, b in named[i + 1:]:
            if same_file(a, b):
                raise OutputConflictError(
                    b, f"{role_a} {a} and {role_b} {b} are the same file: refusing to overwrite it"
                )


class PartialOutput:
    """A text output written as UTF-8 to ``PATH.partial``, renamed to ``PATH`` by ``commit``.

    ``resume_at`` reopens an existing partial file, cut back to that many bytes (the size the
    checkpoint recorded, so a chunk half-written when the run stopped is dropped). Every OSError
    becomes an OutputWriteError naming the path.
    """

    def __init__(self, path: str | Path, resume_at: int | None = None) -> None:
        self.path = Path(path)
        self.partial = partial_path(path)
        try:
            if resume_at is None:
                self.file: BinaryIO = open(self.partial, "wb")  # noqa: SIM115
            else:
                self.file = open(self.partial, "r+b")  # noqa: SIM115
                self.file.truncate(resume_at)
                self.file.seek(resume_at)
        except OSError as exc:
            raise OutputWriteError(self.partial, exc) from exc
        self.size = resume_at or 0

    def write(self, text: str) -> None:
        if not text:
            return
        data = text.encode("utf-8")
        try:
            self.file.write(data)
        except OSError as exc:
            raise OutputWriteError(self.partial, exc) from exc
        self.size += len(data)

    def flush(self) -> None:
        try:
            self.file.flush()
        except OSError as exc:
            raise OutputWriteError(self.partial, exc) from exc

    def commit(self) -> None:
        """Make the complete file durable, then give it its final name."""
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            os.replace(self.partial, self.path)
        except OSError as exc:
            raise OutputWriteError(self.path, exc) from exc
        _sync_directory(self.path.parent)

    def close(self) -> None:
        """Close without renaming (the run stopped): the partial file stays for ``--resume``."""
        with contextlib.suppress(OSError):  # the error that stopped the run was reported
            self.file.close()

    def discard(self) -> None:
        self.close()
        self.partial.unlink(missing_ok=True)


class StreamOutput:
    """Standard output or error as an output (no partial file: written as it comes)."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self.stream = stream
        self.path = Path(name)
        self.size = 0

    def write(self, text: str) -> None:
        try:
            self.stream.write(text)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise
            raise OutputWriteError(self.path, exc) from exc

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise
            raise OutputWriteError(self.path, exc) from exc

    def commit(self) -> None:
        self.flush()

    def close(self) -> None:
        pass

    def discard(self) -> None:
        pass


def write_file_atomically(path: str | Path, text: str) -> None:
    """Write a small file (a summary, a checkpoint) whole or not at all."""
    target = Path(path)
    temp = partial_path(target)
    try:
        with open(temp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise OutputWriteError(target, exc) from exc


def _sync_directory(directory: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - directories cannot be opened there
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems do not sync directories; the rename is done all the same
    finally:
        os.close(fd)
