"""Which optional engines this Python has (imported by name: tests/ is no package).

durable-rules 2.0.28 is not installed on Python 3.13 (the rete extra's marker: it does not import
there without a rebuild), so the tests that run it are left out there, said once at the end of
the run (tests/conftest.py), never failed or silently passed.
"""

from __future__ import annotations


def _durable_import_error() -> str | None:
    """Why durable_rules cannot be imported here (None when it can): a real import, because on
    Python 3.13 a build without the CPPFLAGS fix installs but fails to import."""
    try:
        import durable.engine  # noqa: F401
    except Exception as exc:  # ImportError, or the missing-symbol error of a bad build
        return f"{type(exc).__name__}: {exc}"
    return None


DURABLE_MISSING = _durable_import_error()

# The engines a differential check can run here: the default one, and durable where it imports.
BACKENDS: tuple[str, ...] = ("python",) if DURABLE_MISSING else ("python", "durable")
