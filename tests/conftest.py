"""Shared pytest configuration.

Hypothesis profiles: ``ci`` (the default: 100 examples, no deadline, so a slow CI machine never
fails a test on timing) and ``dev`` (20 examples, for quick local runs). Choose one with the
HYPOTHESIS_PROFILE environment variable, e.g. ``HYPOTHESIS_PROFILE=dev pytest``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings
from optional_extras import DURABLE_MISSING

settings.register_profile("ci", deadline=None, max_examples=100)
settings.register_profile("dev", deadline=None, max_examples=20)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if DURABLE_MISSING:
        terminalreporter.write_line(
            f"durable_rules is not importable on this Python ({DURABLE_MISSING}): the tests that "
            "run it were left out (the rete extra is not installed on Python 3.13; "
            "see docs/durable-backend.md)"
        )
