"""Reloading the rules: SIGHUP to ``serve`` loads the rules directory again (one process: in
place; ``--workers N``: uvicorn replaces the workers one by one). New rules decide the next
requests; rules that do not load leave the old ones in force and are logged."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from browser_support import free_port
from service_helpers import FAMILY_FARM, ROOT

from zyjob_rules.service.reload_signal import reload_now
from zyjob_rules.service.rules_state import RulesHolder

AWARD_1000 = 'value: "1000"\n        source: 资阳市实施意见（十九）'
AWARD_1200 = 'value: "1200"\n        source: 资阳市实施意见（十九）'


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", copy)
    return copy


def _raise_award(rules: Path) -> None:
    params = rules / "parameters.yaml"
    text = params.read_text(encoding="utf-8")
    assert text.count(AWARD_1000) == 1
    params.write_text(text.replace(AWARD_1000, AWARD_1200), encoding="utf-8")


def _break(rules: Path) -> None:
    (rules / "zz_broken.yaml").write_text("rules:\n  - id: broken\n    when: [\n",
                                          encoding="utf-8")


def test_reload_swaps_in_valid_rules_and_keeps_the_old_on_error(
    rules_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    holder = RulesHolder(str(rules_copy))
    first = holder.current
    _raise_award(rules_copy)
    with caplog.at_level("INFO", logger="zyjob_rules.service"):
        assert reload_now(holder)
        second = holder.current
        assert second.version != first.version
        _break(rules_copy)
        assert not reload_now(holder)
    assert holder.current is second  # the broken rules never took over
    events = [json.loads(r.getMessage()) for r in caplog.records]
    assert events[0] == {"event": "rules_reloaded", "from": first.version,
                         "to": second.version, "rules_dir": str(rules_copy)}
    assert events[1]["event"] == "rules_reload_failed" and "zz_broken.yaml" in events[1]["message"]


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def _award(base: str) -> str:
    request = urllib.request.Request(base + "/v1/evaluate", data=FAMILY_FARM.read_bytes())
    with urllib.request.urlopen(request, timeout=30) as r:
        report = json.loads(r.read())
    return str(next(d["amount"] for d in report["decisions"]
                    if d["rule_id"] == "poverty_hire_award"))


@contextmanager
def _serve(rules: Path, *extra: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    pytest.importorskip("uvicorn")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZYJOB_RULES_TOKEN")}
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen(
        [sys.executable, "-m", "zyjob_rules", "serve", "--rules", str(rules), "--port",
         str(port), *extra],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: _get(base + "/healthz")["status"] == "ok", proc)
        yield base, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _wait_for(check: Any, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if proc.poll() is not None:
            log = proc.stderr.read().decode() if proc.stderr else ""
            raise AssertionError(f"serve exited: {log}")
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


def test_sighup_reloads_the_rules_of_a_running_service(rules_copy: Path) -> None:
    with _serve(rules_copy) as (base, proc):
        before = _get(base + "/v1/version")
        assert _award(base) == "1000.00"
        _raise_award(rules_copy)
        proc.send_signal(signal.SIGHUP)
        _wait_for(lambda: _get(base + "/v1/version")["ruleset_version"]
                  != before["ruleset_version"], proc)
        assert _award(base) == "1200.00"  # the new rules decide
        reloaded = _get(base + "/v1/version")
        _break(rules_copy)
        proc.send_signal(signal.SIGHUP)
        time.sleep(3)  # a failed reload changes nothing: nothing to wait for but time
        assert _get(base + "/v1/version") == reloaded and _award(base) == "1200.00"
        proc.terminate()
        proc.wait(timeout=30)
        log = proc.stderr.read().decode() if proc.stderr else ""
    assert '"event": "rules_reloaded"' in log
    assert '"event": "rules_reload_failed"' in log and "zz_broken.yaml" in log


def test_sighup_replaces_the_workers_with_the_new_rules(rules_copy: Path) -> None:
    with _serve(rules_copy, "--workers", "2") as (base, proc):
        before = _get(base + "/v1/version")["ruleset_version"]
        _raise_award(rules_copy)
        proc.send_signal(signal.SIGHUP)

        def every_worker_reloaded() -> bool:  # a few requests reach both workers
            return all(_get(base + "/v1/version")["ruleset_version"] != before
                       for _ in range(8))

        _wait_for(every_worker_reloaded, proc, seconds=120)
        assert _award(base) == "1200.00"
