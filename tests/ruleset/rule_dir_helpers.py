"""A rules directory written for a test: one parameter file and one rule file."""

from __future__ import annotations

import textwrap
from pathlib import Path

PARAMS = """\
parameters:
  - id: award.amount
    label: {zh: 奖补标准, en: award}
    unit: yuan
    values:
      - from: "2017-12-12"
        value: "1000"
        source: （十九）
"""


def write_rules(
    directory: Path, rule_text: str, *, name: str = "demo.yaml", params: str = PARAMS
) -> Path:
    """``directory`` with ``parameters.yaml`` (``params``) and ``name`` (the rule, dedented)."""
    (directory / "parameters.yaml").write_text(params, encoding="utf-8")
    (directory / name).write_text(textwrap.dedent(rule_text), encoding="utf-8")
    return directory
