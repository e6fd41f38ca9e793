"""Errors of rule files: typed, carrying file, line, rule id and a plain message.

They are defined with the library's other errors in :mod:`zyjob_rules.errors` and importable
here too.
"""

from __future__ import annotations

from ..errors import RuleFileError as RuleFileError
from ..errors import RuleSetError as RuleSetError

__all__ = ["RuleFileError", "RuleSetError"]
