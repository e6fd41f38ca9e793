"""The wheel carries the package, the model, the service's page files and every rule file (pip
users get the rules and the caseworker's page)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).parents[2]
RULES = REPO / "rules"
BUNDLED = "zyjob_rules/_bundled_rules/"


def _rule_files() -> set[str]:
    """Rule files in the source tree, as paths relative to rules/."""
    found = {p for pattern in ("*.yaml", "*.yml") for p in RULES.rglob(pattern) if p.is_file()}
    return {p.relative_to(RULES).as_posix() for p in found}


def test_wheel_contains_the_package_and_every_rule_file(tmp_path: Path) -> None:
    # No isolation and no dependencies: builds in a second or two with the installed hatchling
    # (in the test extra). A failure to build is a test failure, never a skip.
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--quiet",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert build.returncode == 0, f"pip wheel failed:\n{build.stdout}\n{build.stderr}"
    (wheel,) = tmp_path.glob("zyjob_rules-*.whl")

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = archive.read(entry_points).decode("utf-8")

    for module in (
        "zyjob_rules/__init__.py",
        "zyjob_rules/__main__.py",
        "zyjob_rules/model/case.py",
        "zyjob_rules/testing.py",
        "zyjob_rules/ruleset/paths.py",
        # the caseworker's page: package data the service serves (no external assets)
        "zyjob_rules/service/static/caseworker.html",
        "zyjob_rules/service/static/caseworker.js",
        "zyjob_rules/service/static/caseworker.css",
    ):
        assert module in names, module
    bundled = {
        n[len(BUNDLED) :] for n in names if n.startswith(BUNDLED) and n.endswith((".yaml", ".yml"))
    }
    assert bundled == _rule_files()
    assert "zyjob-rules = zyjob_rules.cli:main" in scripts
