"""Shared pytest configuration.

Hypothesis profiles: ``ci`` (the default: 100 examples, no deadline, so a slow CI machine never
fails a test on timing) and ``dev`` (20 examples, for quick local runs). Choose one with the
HYPOTHESIS_PROFILE environment variable, e.g. ``HYPOTHESIS_PROFILE=dev pytest``.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", deadline=None, max_examples=100)
settings.register_profile("dev", deadline=None, max_examples=20)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
