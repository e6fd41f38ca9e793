"""Interruptions: SIGINT/SIGTERM stop a run with whole rows and a checkpoint, --resume finishes
it identically; a worker killed by SIGKILL is replaced and its chunk re-run, or the run fails
within seconds — never hangs."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import fault_workers
import pytest
from fault_helpers import AS_OF, screen, write_registry

from zyjob_rules.cli import screen_commands
from zyjob_rules.screening.pipeline import ScreenJob, WorkerLostError, chunked, screen_chunks
from zyjob_rules.screening.records import Source, read_records

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_registry(tmp_path_factory.mktemp("reg") / "reg.jsonl", 60, kind="enterprise",
                          extra=["{broken"])


@pytest.fixture(scope="module")
def whole(registry: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The uninterrupted run's files, to compare every interrupted-and-resumed run with."""
    d = tmp_path_factory.mktemp("whole")
    out, summary = d / "o.csv", d / "s.json"
    assert screen(registry, "--out", out, "--summary-json", summary, "--quiet",
                  "--allow-rejects") == 0
    return {"out": out.read_bytes(), "errors": (d / "o.csv.errors.jsonl").read_bytes(),
            "summary": summary.read_bytes()}


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, chunks: int, signals: int = 1) -> None:
    """Deliver real SIGINTs to this process after ``chunks`` chunks were written."""
    real = screen_commands._CheckpointSaver.maybe_save
    seen = [0]

    def maybe_save(self: screen_commands._CheckpointSaver, stats: object) -> None:
        real(self, stats)  # type: ignore[arg-type]
        seen[0] += 1
        if seen[0] == chunks:
            for _ in range(signals):
                os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(screen_commands._CheckpointSaver, "maybe_save", maybe_save)


def _same_as_whole(d: Path, whole: dict[str, bytes]) -> None:
    assert (d / "o.csv").read_bytes() == whole["out"]
    assert (d / "o.csv.errors.jsonl").read_bytes() == whole["errors"]
    assert (d / "s.json").read_bytes() == whole["summary"]
    assert not [p for p in d.iterdir() if p.name.endswith((".partial", ".resume.json"))]


@pytest.mark.parametrize("seed", range(4))
def test_interrupt_at_random_points_then_resume_gives_the_uninterrupted_result(
    registry: Path, whole: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], seed: int,
) -> None:
    rng = random.Random(seed)
    chunk, workers = rng.choice([3, 5, 8]), rng.choice([1, 2])
    args = [registry, "--out", tmp_path / "o.csv", "--summary-json", tmp_path / "s.json",
            "--chunk-size", chunk, "--workers", workers, "--allow-rejects"]
    stops = 0
    with monkeypatch.context() as m:
        _interrupt_after(m, rng.randint(1, 61 // chunk - 1), signals=1 + seed % 2)
        code = screen(*args)
    assert code == 130
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--resume" in err
    assert not (tmp_path / "o.csv").exists()
    partial = json.loads((tmp_path / "s.json").read_text())
    assert partial["complete"] is False and partial["last_line"] > 0
    while code == 130:  # interrupt the resumed run too, now and then
        stops += 1
        with monkeypatch.context() as m:
            if rng.random() < 0.5 and stops < 3:
                _interrupt_after(m, 1)
            code = screen(*args, "--resume", "--quiet")
    assert code == 0
    _same_as_whole(tmp_path, whole)


def test_resume_refuses_other_settings_or_a_changed_input(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "o.csv"
    with monkeypatch.context() as m:
        _interrupt_after(m, 2)
        assert screen(registry, "--out", out, "--chunk-size", "4", "--quiet") == 130
    assert screen(registry, "--out", out, "--resume", "--only", "eligible") == 2
    assert "setting 'only'" in capsys.readouterr().err
    assert screen(registry, "--out", tmp_path / "x.csv", "--resume") == 2
    assert "nothing to resume" in capsys.readouterr().err
    copy = write_registry(tmp_path / "reg.jsonl", 60, kind="enterprise", extra=["{broken"])
    with monkeypatch.context() as m:
        _interrupt_after(m, 2)
        assert screen(copy, "--out", out, "--chunk-size", "4", "--quiet") == 130
    copy.write_text(copy.read_text() + "\n", encoding="utf-8")  # the input changed
    assert screen(copy, "--out", out, "--resume") == 2
    assert "the input changed" in capsys.readouterr().err


def _run_slow(args: list[object], delay: float = 0.05) -> subprocess.Popen[str]:
    env = {**os.environ, "ZYJOB_TEST_CHUNK_DELAY": str(delay),
           "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(
        [sys.executable, str(HERE / "slow_cli.py"), "screen", *map(str, args), "--as-of", AS_OF,
         "--no-progress"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(path: Path, proc: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_real_signal_stops_cleanly_and_resume_finishes(
    registry: Path, whole: dict[str, bytes], tmp_path: Path, signum: int
) -> None:
    args = [registry, "--out", tmp_path / "o.csv", "--summary-json", tmp_path / "s.json",
            "--chunk-size", "2", "--allow-rejects"]
    proc = _run_slow(args)
    _wait_for(tmp_path / "o.csv.resume.json", proc)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    assert "Traceback" not in err and f"stopped by {signal.Signals(signum).name}" in err
    assert "INCOMPLETE: stopped after input line" in err
    assert not (tmp_path / "o.csv").exists() and (tmp_path / "o.csv.partial").exists()
    # every row in the partial file is whole
    assert (tmp_path / "o.csv.partial").read_bytes().endswith(b"\n")
    assert screen(*args, "--resume", "--quiet") == 0
    _same_as_whole(tmp_path, whole)


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_worker_killed_by_sigkill_does_not_hang_the_run(
    registry: Path, whole: dict[str, bytes], tmp_path: Path
) -> None:
    args = [registry, "--out", tmp_path / "o.csv", "--summary-json", tmp_path / "s.json",
            "--chunk-size", "2", "--workers", "2", "--allow-rejects"]
    proc = _run_slow(args, delay=0.1)
    _wait_for(tmp_path / "o.csv.resume.json", proc)
    deadline = time.monotonic() + 60
    while not (workers := _children(proc.pid)):
        assert proc.poll() is None and time.monotonic() < deadline, "no worker started"
        time.sleep(0.02)
    time.sleep(0.3)  # let the workers take chunks
    os.kill(workers[0], signal.SIGKILL)  # what the OOM killer does
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    _same_as_whole(tmp_path, whole)


def _chunks(registry: Path, size: int = 3):  # type: ignore[no-untyped-def]
    return chunked(read_records(Source(str(registry)), "jsonl"), size)


def test_a_chunk_whose_worker_died_is_re_run(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZYJOB_TEST_MARKER", str(tmp_path / "marker"))
    job = ScreenJob(as_of=None)
    results = list(screen_chunks(job, _chunks(registry), 2, work=fault_workers.die_once))
    assert (tmp_path / "marker").exists()  # a worker did die
    lines = [r.last_line for r in results]
    assert lines == sorted(lines) and lines[-1] == 61
    assert sum(r.records for r in results) == 61


def test_a_chunk_that_kills_every_worker_fails_the_run_within_seconds(registry: Path) -> None:
    job = ScreenJob(as_of=None)
    start = time.monotonic()
    with pytest.raises(WorkerLostError, match=r"died 4 times in a row") as info:
        list(screen_chunks(job, _chunks(registry), 2, work=fault_workers.always_die))
    assert time.monotonic() - start < 60
    # the lines in flight are named, and they hold the poison line
    first, last = map(int, re.search(r"input lines (\d+)-(\d+)", str(info.value)).groups())  # type: ignore[union-attr]
    assert first <= fault_workers.POISON_LINE <= last


def test_the_cli_reports_a_lost_worker_in_one_line_and_keeps_the_partial(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from zyjob_rules.screening import pipeline

    monkeypatch.setattr(pipeline, "_work", fault_workers.always_die)
    monkeypatch.setattr(screen_commands, "run_screen", _run_with(fault_workers.always_die))
    assert screen(registry, "--out", tmp_path / "o.csv", "--workers", "2", "--chunk-size",
                  "3") == 5
    err = capsys.readouterr().err
    assert "worker processes died" in err and "Traceback" not in err and "--resume" in err
    assert (tmp_path / "o.csv.partial").exists() and not (tmp_path / "o.csv").exists()


def _run_with(work):  # type: ignore[no-untyped-def]
    from zyjob_rules.screening.pipeline import run_screen

    def run(*args, **kwargs):  # type: ignore[no-untyped-def]
        return run_screen(*args, **kwargs, work=work)

    return run


def test_ctrl_c_before_the_run_starts_is_one_line(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(screen_commands, "load_ruleset", interrupted)
    assert screen(registry, "--out", tmp_path / "o.csv") == 130
    assert capsys.readouterr().err == "interrupted\n"
    assert list(tmp_path.iterdir()) == []


def test_a_refused_header_leaves_nothing_behind(tmp_path: Path) -> None:
    source = tmp_path / "x.csv"
    source.write_text("kind,kind\nperson,person\n", encoding="utf-8")
    assert screen(source, "--out", tmp_path / "o.csv") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]
