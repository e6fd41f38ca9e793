"""Generated function names never collide: one per (category, plain | traced).

(The rule-file schema also refuses category ids starting with ``t_``; the names below would
not collide even without that.)
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from zyjob_rules import Verdict, evaluate, load_ruleset
from zyjob_rules.engine.scalar.codegen import category_function

CATEGORIES = """\
categories:
  - id: x
    title: {zh: 甲, en: x}
    clause: （十三）
    quote: 测试
    subject: person
    combine: all
    conditions:
      - {id: disabled, label: {zh: 残疾, en: disabled}, when: person.disabled}
  - id: t_x
    title: {zh: 乙, en: t_x}
    clause: （十三）
    quote: 测试
    subject: person
    combine: all
    conditions:
      - {id: graduate, label: {zh: 毕业, en: graduate}, when: person.graduate}
"""

RULE = """\
rules:
  - id: r
    title: {zh: 规则, en: rule}
    clause: （十九）
    quote: 测试
    beneficiary: person
    kind: obligation
    effective: {from: "2017-01-01"}
    conditions:
      - {id: c0, label: {zh: 甲, en: x}, when: x(person)}
      - {id: c1, label: {zh: 乙, en: t_x}, when: t_x(person)}
"""


def test_names_differ_for_every_category_and_mode() -> None:
    ids = ["x", "t_x", "cat_x", "p_x", "a.b", "a_b", "aDb"[:1] + "db"]
    names = [category_function(cid, traced) for cid in ids for traced in (False, True)]
    assert len(set(names)) == len(names)
    assert all(name.isidentifier() for name in names)


def test_categories_keep_their_own_functions(tmp_path: Path) -> None:
    """Two categories used by one rule, each decided by its own generated function."""
    (tmp_path / "categories.yaml").write_text(
        textwrap.dedent(CATEGORIES).replace("t_x", "y"), encoding="utf-8"
    )
    (tmp_path / "r.yaml").write_text(RULE.replace("t_x", "y"), encoding="utf-8")
    rules = load_ruleset(tmp_path)
    case = {"applicant": {"kind": "person", "disabled": True, "graduate": False}}
    for trace in (False, True):
        d = evaluate(case, date(2018, 6, 1), rules, trace=trace).decision("r")
        assert d.outcome.value == "not_met"  # x holds, y does not
        if trace:
            assert [c.verdict for c in d.trace] == [Verdict.met, Verdict.not_met]
            assert [t.id for c in d.trace for t in c.derived] == ["x", "y"]
