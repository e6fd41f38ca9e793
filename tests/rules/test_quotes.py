"""Every rule and category quotes the policy verbatim (the policy text ships in docs/policy/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zyjob_rules import load_ruleset

POLICY_TEXT = (
    Path(__file__).resolve().parents[2] / "docs" / "policy" / "ziyang-2017-employment-policy.txt"
)
RULESET = load_ruleset()


def normalise(text: str) -> str:
    """Undo the transcription artefacts of NOTES §0: spaces, half-width commas and brackets,
    the literal ' and ' standing for 和, and the curly or straight quotes around names."""
    text = re.sub(r"\s+", "", text)
    text = text.replace(",", "，").replace("(", "（").replace(")", "）").replace("and", "和")
    return re.sub('[“”"]', "", text)


POLICY = normalise(POLICY_TEXT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("rule_id", RULESET.rule_ids())
def test_rule_quote_is_in_the_policy(rule_id: str) -> None:
    for version in RULESET.versions(rule_id):
        assert normalise(version.spec.quote) in POLICY


@pytest.mark.parametrize("category_id", sorted(RULESET.categories))
def test_category_quote_is_in_the_policy(category_id: str) -> None:
    assert normalise(RULESET.categories[category_id].spec.quote) in POLICY


def test_a_misquote_is_caught() -> None:
    assert normalise("按每人2000元的标准") not in POLICY
