"""Dump every decision of a fixed set of cases, to check an optimisation changes nothing.

    PYTHONPATH=<tree>/src .venv/bin/python benchmarks/identity.py --out before.jsonl
    (change the engine)
    .venv/bin/python benchmarks/identity.py --out after.jsonl && cmp before.jsonl after.jsonl

The set: the example cases (examples/cases/*.json), every case of the YAML case suite
(tests/cases/**/*.yaml, each at its own as-of date or the case's), and ``--generated`` cases
of the synthetic registry generator (half persons, half enterprises) at three dates. For each
case and date it writes one JSON line holding the engine's traced decisions (every field of
every ``Decision`` and its traces), the traced report's JSON (``explain.convert.report_json``,
without the library version of the stamp) and the untraced decisions as screening rows
(rule, subject, outcome, amount, eligible_from, missing). Cases whose evaluation raises write
the error instead, so a change of error is a difference too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from zyjob_rules import evaluate, load_ruleset
from zyjob_rules.casefiles import find_case_files, load_case_file
from zyjob_rules.explain.convert import report_json
from zyjob_rules.model import Case
from zyjob_rules.screening import synth_rows

ROOT = Path(__file__).resolve().parent.parent
DATES = (date(2018, 6, 30), date(2019, 1, 15), date(2020, 3, 1))


def cases(generated: int) -> Iterator[tuple[str, dict[str, Any], list[date]]]:
    for path in sorted((ROOT / "examples" / "cases").glob("*.json")):
        yield path.name, json.loads(path.read_text(encoding="utf-8")), list(DATES)
    for path in find_case_files(ROOT / "tests" / "cases"):
        for spec in load_case_file(path):
            when = [spec.as_of] if spec.as_of else []
            yield f"{path.name}#{spec.index}", spec.case, when or [DATES[0]]
    half = generated // 2
    rows = [*synth_rows("person", half, 11), *synth_rows("enterprise", generated - half, 11)]
    for i, row in enumerate(rows):
        yield f"generated#{i}", row, list(DATES)


def row(d: Any) -> list[Any]:
    return [d.rule_id, d.subject, d.outcome.value,
            None if d.amount is None else str(d.amount),
            None if d.eligible_from is None else d.eligible_from.isoformat(), list(d.missing)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--generated", type=int, default=4000)
    args = ap.parse_args(argv)
    rules = load_ruleset()
    digest = hashlib.sha256()
    n = 0
    with args.out.open("w", encoding="utf-8") as out:
        for name, data, days in cases(args.generated):
            try:
                case = Case.model_validate(data)
            except ValueError as exc:
                line = json.dumps({"case": name, "invalid": str(exc)[:200]}, ensure_ascii=False)
                out.write(line + "\n")
                continue
            for day in days:
                entry: dict[str, Any] = {"case": name, "as_of": day.isoformat()}
                try:
                    traced = evaluate(case, day, rules=rules, trace=True)
                    entry["decisions"] = [asdict(d) for d in traced.decisions]
                    report = report_json(traced)
                    report.get("stamp", {}).pop("library_version", None)
                    entry["traced"] = report
                    plain = evaluate(case, day, rules=rules, trace=False)
                    entry["rows"] = [row(d) for d in plain.decisions]
                except Exception as exc:  # a different error is a difference too
                    entry["error"] = f"{type(exc).__name__}: {exc}"
                line = json.dumps(entry, ensure_ascii=False, sort_keys=True, default=str)
                digest.update(line.encode())
                out.write(line + "\n")
                n += 1
    print(f"{n} case-dates written to {args.out}; sha256 {digest.hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
