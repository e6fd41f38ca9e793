"""``zyjob-rules serve``: a clear message without the extra, 127.0.0.1 by default, a real
server answering on a fresh port."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from zyjob_rules.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]


def test_without_the_server_extra_serve_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if not installed
    assert main(["serve"]) == 3
    err = capsys.readouterr().err
    assert "pip install 'zyjob-rules[server]'" in err
    assert "Traceback" not in err


def test_serve_binds_loopback_by_default() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.workers) == ("127.0.0.1", 8000, 1)


def test_a_short_token_stops_serve_before_binding(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("uvicorn")
    monkeypatch.setenv("ZYJOB_RULES_TOKENS", "short")
    assert main(["serve"]) == 2
    assert "shorter than" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_127_0_0_1() -> None:
    pytest.importorskip("uvicorn")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZYJOB_RULES_TOKEN")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zyjob_rules", "serve", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    health = json.loads(r.read())
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert health["status"] == "ok"
        body = (ROOT / "examples/cases/family_farm_poor_hires.json").read_bytes()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/evaluate", data=body)
        with urllib.request.urlopen(request, timeout=30) as r:
            report = json.loads(r.read())
            assert r.headers["X-Ruleset-Version"] == report["audit"]["ruleset_version"]
        award = next(d for d in report["decisions"] if d["rule_id"] == "poverty_hire_award")
        assert award["amount"] == "1000.00"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert b"Traceback" not in err
    assert b'"route": "/v1/evaluate"' in err  # the service's own log line
