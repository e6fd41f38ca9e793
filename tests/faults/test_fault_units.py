"""The building blocks of safe runs: partial files, same-file checks, checkpoints, summaries."""

from __future__ import annotations

import errno
import os
from datetime import date
from pathlib import Path

import pytest
from fault_helpers import screen, write_registry

from zyjob_rules.model import CaseValidationError, parse_case
from zyjob_rules.screening import Screener
from zyjob_rules.screening.checkpoint import Checkpoint, ResumeError
from zyjob_rules.screening.outfiles import (
    OutputWriteError,
    PartialOutput,
    same_file,
    write_file_atomically,
)
from zyjob_rules.screening.summary import Summary


def test_partial_output_is_renamed_only_on_commit(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    target.write_text("old complete result\n", encoding="utf-8")
    out = PartialOutput(target)
    out.write("new ")
    out.flush()
    assert target.read_text(encoding="utf-8") == "old complete result\n"
    out.write("result\n")
    out.commit()
    assert target.read_text(encoding="utf-8") == "new result\n"
    assert not (tmp_path / "r.csv.partial").exists()


def test_resuming_a_partial_output_cuts_the_half_written_tail(tmp_path: Path) -> None:
    target = tmp_path / "r.jsonl"
    out = PartialOutput(target)
    out.write("row 1\n")
    good = out.size
    out.write("row 2 half-wri")
    out.close()
    again = PartialOutput(target, resume_at=good)
    again.write("row 2\n")
    again.commit()
    assert target.read_text(encoding="utf-8") == "row 1\nrow 2\n"


def test_same_file_sees_links_and_dots(tmp_path: Path) -> None:
    a = tmp_path / "a"
    a.write_text("x")
    os.link(a, tmp_path / "hard")
    (tmp_path / "soft").symlink_to(a)
    assert same_file(a, tmp_path / "hard") and same_file(a, tmp_path / "soft")
    assert same_file(a, tmp_path / "." / "a")
    assert not same_file(a, tmp_path / "b") and not same_file(tmp_path / "b", tmp_path / "c")


def test_atomic_small_files_leave_nothing_behind_on_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "s.json"
    target.write_text("old", encoding="utf-8")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputWriteError, match=r"cannot write .*s\.json: No space left"):
        write_file_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_summary_round_trips_through_a_checkpoint(tmp_path: Path) -> None:
    source = write_registry(tmp_path / "r.jsonl", 25, kind="enterprise")
    screener = Screener()
    summary = Summary()
    for i, line in enumerate(source.read_text(encoding="utf-8").splitlines()):
        summary.add(screener.screen_one(line, i, date(2018, 6, 30)))
    summary.last_line, summary.complete = 25, False
    state = Checkpoint({"path": "x"}, {"as_of": "2018-06-30"}, 25, 25, 10, 0, summary.to_dict())
    state.save(tmp_path / "c.json")
    back = Checkpoint.load(tmp_path / "c.json").summary_so_far()
    assert back.to_dict() == summary.to_dict()
    assert back.render() == summary.render()


def test_checkpoints_refuse_garbage_and_other_runs(tmp_path: Path) -> None:
    bad = tmp_path / "c.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ResumeError, match="unreadable checkpoint"):
        Checkpoint.load(bad)
    with pytest.raises(ResumeError, match="nothing to resume"):
        Checkpoint.load(tmp_path / "none.json")
    one = Checkpoint({"path": "a", "size": 1}, {"trace": False})
    with pytest.raises(ResumeError, match="setting 'trace'"):
        one.check_matches(Checkpoint({"path": "a", "size": 1}, {"trace": True}), bad)


def test_resume_without_a_partial_run_is_refused(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = write_registry(tmp_path / "r.jsonl", 2)
    assert screen(source, "--out", tmp_path / "o.jsonl", "--resume") == 2
    assert "nothing to resume" in capsys.readouterr().err
    assert screen(source, "--out", "-", "--errors", "-", "--resume") == 2
    assert "--resume needs a named input file" in capsys.readouterr().err


def test_a_deep_python_dict_is_a_validation_error() -> None:
    deep: dict[str, object] = {"kind": "person"}
    node = deep
    for _ in range(5000):
        child: dict[str, object] = {}
        node["x"] = child
        node = child
    with pytest.raises(CaseValidationError):
        parse_case({"applicant": deep})
