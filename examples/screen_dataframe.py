"""Screen a registry held in a pandas DataFrame (or polars, or Arrow) and total the cost per rule.

    python examples/screen_dataframe.py [--rows 400] [--seed 1] [--as-of 2018-06-30]

Generates a synthetic registry in the CSV layout, reads it with ``pandas.read_csv`` (so NaN
gaps and ``2.0`` whole numbers appear, as in real exports), screens it with ``screen_frame`` and
prints eligible subjects and cash per rule (exact Decimals), and any rejected rows.
Needs the analytics extra: pip install 'zyjob-rules[analytics]'.
"""

from __future__ import annotations

import argparse
import csv
import io
from datetime import date

import pandas as pd

from zyjob_rules import Case
from zyjob_rules.screening import case_to_row, columns, synth_rows
from zyjob_rules.screening.frames import REJECTED, screen_frame


def registry_csv(rows: int, seed: int, reference: date) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns())
    writer.writeheader()
    for kind in ("person", "enterprise"):
        for case in synth_rows(kind, rows // 2, seed=seed, reference=reference):
            writer.writerow(case_to_row(Case.model_validate(case)))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="screen a pandas DataFrame")
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2018, 6, 30))
    args = parser.parse_args(argv)

    frame = pd.read_csv(io.StringIO(registry_csv(args.rows, args.seed, args.as_of)))
    results = screen_frame(frame, as_of=args.as_of)

    eligible = results[results["outcome"] == "eligible"]
    per_rule = eligible.groupby("rule_id").agg(
        subjects=("row", "size"), cash=("amount", lambda s: sum(a for a in s if a is not None)))
    print(f"{len(frame):,} registry rows -> {len(results):,} result rows as of {args.as_of}\n")
    print(per_rule.to_string())
    rejected = results[results["outcome"] == REJECTED]
    print(f"\nrejected rows: {len(rejected)}")
    for _, row in rejected.head(5).iterrows():
        print(f"  row {row['row']}: {'; '.join(row['problems'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
