"""Where the bundled rule files are: inside the installed wheel, or the source tree's ``rules/``."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_rules_dir() -> Path:
    """The directory of the rule files shipped with the library.

    A wheel carries them as ``zyjob_rules/_bundled_rules``; an editable install or a source
    checkout reads the repository's top-level ``rules/``.
    """
    shipped = _PACKAGE_DIR / "_bundled_rules"
    if shipped.is_dir():
        return shipped
    source_tree = _PACKAGE_DIR.parent.parent / "rules"
    if source_tree.is_dir():
        return source_tree
    raise FileNotFoundError(
        f"no bundled rules found: looked in {shipped} and {source_tree}; reinstall zyjob-rules"
    )
