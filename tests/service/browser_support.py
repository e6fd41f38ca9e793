"""A real browser and a real server for the page tests (imported by name: tests/ is no package).

The browser is the system's chromium (Debian's package; nothing here downloads a browser build),
driven by Playwright. Without it the page tests cannot run: under CI (``CI`` set, as .ci/run
is run) or with ``ZYJOB_REQUIRE_BROWSER=1`` that is a failure of the run, elsewhere the tests are
skipped with the reason and the command that installs it.

The server is uvicorn serving ``create_app`` on 127.0.0.1 on a free port, in a thread of the
test process, for the module that uses it.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from service_helpers import ROOT

CHROMIUM = os.environ.get("ZYJOB_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Screenshots kept for a person to look at (git-ignored).
ARTIFACTS = Path(os.environ.get("ZYJOB_ARTIFACTS", ROOT / "tests" / "artifacts"))
INSTALL = "apt-get install chromium fonts-noto-cjk; pip install '.[test]'"


def browser_missing() -> str | None:
    """Why the page tests cannot drive a browser here (None when they can)."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no chromium at {CHROMIUM} (set ZYJOB_CHROMIUM, or: {INSTALL})"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"playwright is not importable ({exc}; {INSTALL})"
    return None


def require_browser() -> None:
    """Fail (CI, or ZYJOB_REQUIRE_BROWSER=1) or skip the calling test module without a browser."""
    why = browser_missing()
    if why is None:
        return
    if os.environ.get("CI") or os.environ.get("ZYJOB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"the browser tests must run here but cannot: {why}", pytrace=False)
    pytest.skip(f"browser tests not run: {why}", allow_module_level=True)


@contextmanager
def launched_browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1; yields its base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def keep_screenshot(page: Any, tmp_path: Path, name: str, selector: str | None = None) -> Path:
    """A full-page screenshot (or of the element ``selector``) in the test's tmp_path, copied to
    tests/artifacts/ to be kept."""
    out = tmp_path / name
    if selector is None:
        page.screenshot(path=str(out), full_page=True)
    else:
        page.locator(selector).screenshot(path=str(out))
    assert out.stat().st_size > 10_000  # a drawn page, not a blank one
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(out, ARTIFACTS / name)
    return ARTIFACTS / name
