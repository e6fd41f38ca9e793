"""Outputs: refused before anything is opened when they would destroy an input or each other,
and never half-written under their final name (docs/operations.md)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from fault_helpers import read_jsonl, screen, write_registry

from zyjob_rules.screening import outfiles


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    return write_registry(tmp_path / "reg.jsonl", 30)


def test_output_equal_to_the_input_is_refused_and_the_input_kept(
    registry: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = registry.read_bytes()
    assert screen(registry, "--out", registry) == 2
    assert registry.read_bytes() == before
    assert "same file" in capsys.readouterr().err
    assert screen(registry, "--out", registry.parent / "o.jsonl", "--errors", registry) == 2
    assert registry.read_bytes() == before
    assert not (registry.parent / "o.jsonl").exists()


def test_output_equal_to_the_input_through_links_is_refused(
    registry: Path, tmp_path: Path
) -> None:
    before = registry.read_bytes()
    hard = tmp_path / "hard.jsonl"
    os.link(registry, hard)
    soft = tmp_path / "soft.jsonl"
    soft.symlink_to(registry)
    dotted = tmp_path / "sub" / ".." / "reg.jsonl"
    (tmp_path / "sub").mkdir()
    for alias in (hard, soft, dotted):
        assert screen(registry, "--out", alias) == 2, alias
    assert registry.read_bytes() == before


def test_two_outputs_naming_one_file_are_refused(registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    assert screen(registry, "--out", out, "--errors", out) == 2
    assert screen(registry, "--out", out, "--summary-json", out) == 2
    assert not out.exists()


def test_errors_in_a_missing_directory_keeps_the_previous_result(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o.jsonl"
    out.write_text("previous result\n", encoding="utf-8")
    assert screen(registry, "--out", out, "--errors", tmp_path / "nope" / "e.jsonl") == 2
    assert out.read_text(encoding="utf-8") == "previous result\n"
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


def test_a_directory_as_output_is_refused(registry: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert screen(registry, "--out", tmp_path) == 2
    assert "is a directory" in capsys.readouterr().err


def test_a_read_only_directory_is_refused_before_the_run(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    real_access = os.access
    # Injected: the tests may run as root, for whom chmod does not make a directory read-only.
    monkeypatch.setattr(outfiles.os, "access",
                        lambda p, mode: False if Path(p) == ro else real_access(p, mode))
    assert screen(registry, "--out", ro / "o.jsonl") == 2
    assert "not writable" in capsys.readouterr().err
    assert list(ro.iterdir()) == []


def test_missing_and_directory_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert screen(tmp_path / "nope.jsonl", "--out", tmp_path / "o.jsonl") == 2
    assert screen(tmp_path, "--out", tmp_path / "o.jsonl") == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "no such file" in err and "it is a directory" in err
    assert not (tmp_path / "o.jsonl").exists()


def _failing_write(after_bytes: int, code: int):  # type: ignore[no-untyped-def]
    """A PartialOutput.write that fails like a full (or read-only) disk after some bytes."""
    real = outfiles.PartialOutput.write

    def write(self: outfiles.PartialOutput, text: str) -> None:
        if self.size + len(text.encode()) > after_bytes and self.path.suffix == ".jsonl" \
                and not self.path.name.endswith(".errors.jsonl"):
            half = text[: len(text) // 2]
            self.file.write(half.encode())  # the disk took half of it, then filled up
            raise outfiles.OutputWriteError(self.partial, OSError(code, os.strerror(code)))
        real(self, text)

    return write


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_write_error_mid_run_is_one_line_and_leaves_no_final_file(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], code: int,
) -> None:
    out = tmp_path / "o.jsonl"
    monkeypatch.setattr(outfiles.PartialOutput, "write", _failing_write(6000, code))
    assert screen(registry, "--out", out, "--chunk-size", "4") == 4
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"cannot write {out}.partial: {os.strerror(code)}" in err
    assert not out.exists() and not (tmp_path / "o.jsonl.errors.jsonl").exists()
    assert (tmp_path / "o.jsonl.partial").exists()
    assert (tmp_path / "o.jsonl.resume.json").exists()
    assert "--resume" in err


def test_after_a_full_disk_resume_completes_the_same_result(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = tmp_path / "whole.jsonl"
    assert screen(registry, "--out", whole, "--quiet") == 0
    out = tmp_path / "o.jsonl"
    with monkeypatch.context() as m:
        m.setattr(outfiles.PartialOutput, "write", _failing_write(9000, errno.ENOSPC))
        assert screen(registry, "--out", out, "--chunk-size", "3", "--quiet") == 4
    assert screen(registry, "--out", out, "--chunk-size", "3", "--quiet", "--resume") == 0
    assert out.read_bytes() == whole.read_bytes()
    assert not (tmp_path / "o.jsonl.partial").exists()
    assert not (tmp_path / "o.jsonl.resume.json").exists()


def test_an_open_error_is_one_line(registry: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(outfiles, "open", refuse, raising=False)
    assert screen(registry, "--out", tmp_path / "o.jsonl") == 4
    err = capsys.readouterr().err
    assert "Read-only file system" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_out_dash_needs_an_errors_file_and_writes_nothing_in_the_cwd(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    assert screen(registry, "--out", "-") == 2
    assert "--errors" in capsys.readouterr().err
    assert list(work.iterdir()) == []
    registry.write_text(registry.read_text(encoding="utf-8") + "{bad\n", encoding="utf-8")
    assert screen(registry, "--out", "-", "--errors", "-", "--quiet") == 3
    captured = capsys.readouterr()
    assert '"line":31' in captured.err.replace(" ", "")
    assert len(captured.out.splitlines()) > 30
    assert list(work.iterdir()) == []


def test_summary_json_failure_is_one_line(registry: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.jsonl"
    assert screen(registry, "--out", out, "--summary-json", tmp_path / "no" / "s.json") == 2
    assert "does not exist" in capsys.readouterr().err and not out.exists()


def test_synth_writes_safely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    from zyjob_rules.cli import main

    assert main(["synth", "--kind", "person", "--rows", "5",
                 "--out", str(tmp_path / "no" / "x.jsonl")]) == 2
    assert "does not exist" in capsys.readouterr().err
    target = tmp_path / "x.jsonl"
    monkeypatch.setattr(outfiles.PartialOutput, "write", _failing_write(500, errno.ENOSPC))
    assert main(["synth", "--kind", "person", "--rows", "50", "--out", str(target)]) == 4
    assert "No space left on device" in capsys.readouterr().err
    assert not target.exists()
    monkeypatch.undo()
    assert main(["synth", "--kind", "person", "--rows", "5", "--out", str(target)]) == 0
    assert len(read_jsonl(target)) == 5 and not (tmp_path / "x.jsonl.partial").exists()
