"""The bundled rules carry a version; the package version moves when their content changes."""

from __future__ import annotations

import tomllib
from pathlib import Path

from zyjob_rules.cli.rules_diff import changelog_releases
from zyjob_rules.ruleset.loader import load_ruleset

ROOT = Path(__file__).resolve().parents[2]


def test_the_bundled_rules_hash_is_recorded_with_the_current_package_version() -> None:
    digest = load_ruleset(ROOT / "rules").version
    rows = changelog_releases(ROOT / "rules" / "CHANGELOG.md")
    assert rows, "rules/CHANGELOG.md has no table of releases"
    package = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    recorded = {h: (rules, pkg) for rules, h, pkg in rows}
    assert digest in recorded, (
        f"the bundled rules changed (content hash {digest}): add a row to the top of "
        "rules/CHANGELOG.md's table with a new rules version, this hash and a new package "
        "version, and set that version in pyproject.toml (the lead's)")
    assert recorded[digest][1] == package, (
        f"rules {digest} are recorded for package {recorded[digest][1]}, but pyproject.toml "
        f"says {package}")
    assert rows[0][1] == digest, "the newest row (the top one) must be the current rules"


def test_each_rules_release_has_its_own_package_and_rules_version() -> None:
    rows = changelog_releases(ROOT / "rules" / "CHANGELOG.md")
    for column in range(3):
        values = [r[column] for r in rows]
        assert len(values) == len(set(values)), f"a repeated value in column {column}: {values}"
