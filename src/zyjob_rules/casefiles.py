"""YAML case files: worked examples that policy staff write without Python.

A case file holds a list of cases, each with its input (inline, or a JSON file relative to the
case file), an as-of date and the expected outcome per rule::

    cases:
      - name: family farm, hires of 5 and 7 months
        as_of: "2018-06-30"
        case_file: ../../examples/cases/family_farm_poor_hires.json   # or `case: {...}`
        expect:
          poverty_hire_award: {outcome: eligible, amount: "1000.00"}
          poverty_startup_loan@applicant.members[0]: {outcome: not_eligible}

A ``case_file`` must stay inside the project the case file belongs to (the nearest directory
above it holding ``pyproject.toml`` or ``.git``; without one, the case file's own directory):
``../secret.json`` out of it, or a symlink leading out, is refused, so a case file cannot make
the tool read (and echo in its errors) any file on the machine.

Expected keys: ``outcome`` (required), ``amount`` (decimal string or null), ``eligible_from``
(date or null), ``missing`` (list of paths that must be reported missing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import yaml

from .api import evaluate
from .errors import ZyjobRulesError
from .explain.decision import Decision, Report
from .model import CaseValidationError, parse_case
from .ruleset.checked import RuleSet


class CaseFileError(ZyjobRulesError, ValueError):
    """A case file that cannot be run: unreadable, malformed, or a case in it that does not
    validate. The message names the file (and the case)."""

    code: ClassVar[str] = "case_file_invalid"


@dataclass
class CaseResult:
    file: str
    name: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class CaseSpec:
    file: Path
    index: int
    name: str
    as_of: date | None
    case: dict[str, Any]
    expect: dict[str, dict[str, Any]]


def case_file_root(path: Path) -> Path:
    """The directory a case file's ``case_file`` references must stay in."""
    here = path.resolve().parent
    for directory in (here, *here.parents):
        if (directory / "pyproject.toml").is_file() or (directory / ".git").exists():
            return directory
    return here


def _referenced_case(path: Path, name: str, reference: object, root: Path) -> Any:
    if not isinstance(reference, str) or not reference:
        raise CaseFileError(f"{path}: case '{name}': case_file must be a relative path")
    target = (path.parent / reference).resolve()
    if not target.is_relative_to(root):
        raise CaseFileError(
            f"{path}: case '{name}': case_file {reference} is outside {root}; refused")
    try:
        return json.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CaseFileError(
            f"{path}: case '{name}': cannot read case_file {reference}: "
            f"{getattr(exc, 'strerror', None) or type(exc).__name__}") from exc


def load_case_file(path: Path, root: Path | None = None) -> list[CaseSpec]:
    """The cases of one YAML case file; CaseFileError names the file and the problem.

    ``root``: the directory ``case_file`` references must stay in (default: case_file_root).
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CaseFileError(f"{path}: YAML syntax error: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise CaseFileError(f"{path}: cannot read the case file: {reason}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise CaseFileError(f"{path}: a case file needs a top-level 'cases' list")
    specs = []
    base = root.resolve() if root is not None else case_file_root(path)
    for i, raw in enumerate(data["cases"]):
        if not isinstance(raw, dict):
            raise CaseFileError(f"{path}: case {i + 1} is not a mapping")
        name = str(raw.get("name", f"case {i + 1}"))
        if "case_file" in raw:
            case = _referenced_case(path, name, raw["case_file"], base)
        elif isinstance(raw.get("case"), dict):
            case = raw["case"]
        else:
            raise CaseFileError(f"{path}: case '{name}' needs `case` or `case_file`")
        expect = raw.get("expect")
        if not isinstance(expect, dict) or not expect:
            raise CaseFileError(f"{path}: case '{name}' needs an `expect` mapping")
        as_of = raw.get("as_of")
        try:
            day = date.fromisoformat(str(as_of)) if as_of else None
        except ValueError as exc:
            raise CaseFileError(f"{path}: case '{name}': as_of: {exc}") from exc
        specs.append(CaseSpec(path, i, name, day, case, expect))
    return specs


def find_case_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.yaml") if p.is_file())


def _decision(report: Report, key: str) -> Decision | None:
    rule_id, _, subject = key.partition("@")
    try:
        return report.decision(rule_id, subject or "applicant")
    except KeyError:
        return None


def check_case(spec: CaseSpec, rules: RuleSet | None = None, backend: str = "python") -> CaseResult:
    """Evaluate one case and compare every expectation; failures say what differed."""
    result = CaseResult(str(spec.file), spec.name)
    try:
        case = parse_case(spec.case, source=f"{spec.file}: {spec.name}")
    except CaseValidationError as exc:
        raise CaseFileError(str(exc)) from exc
    report = evaluate(case, as_of=spec.as_of, rules=rules, backend=backend)
    for key, want in spec.expect.items():
        decision = _decision(report, key)
        if decision is None:
            result.failures.append(f"{key}: no decision (rule not applicable or unknown id)")
            continue
        if "outcome" in want and decision.outcome.value != want["outcome"]:
            result.failures.append(
                f"{key}: outcome {decision.outcome.value}, expected {want['outcome']}"
                + (f" (missing: {', '.join(decision.missing)})" if decision.missing else "")
            )
        if "amount" in want:
            expected = None if want["amount"] is None else Decimal(str(want["amount"]))
            if decision.amount != expected:
                result.failures.append(f"{key}: amount {decision.amount}, expected {expected}")
        if "eligible_from" in want:
            exp_date = (
                None
                if want["eligible_from"] is None
                else date.fromisoformat(str(want["eligible_from"]))
            )
            if decision.eligible_from != exp_date:
                result.failures.append(
                    f"{key}: eligible_from {decision.eligible_from}, expected {exp_date}"
                )
        for path in want.get("missing", []):
            if path not in decision.missing:
                result.failures.append(f"{key}: {path} not reported missing ({decision.missing})")
    return result


def run_case_files(
    directory: Path, rules: RuleSet | None = None, backend: str = "python"
) -> list[CaseResult]:
    results = []
    for path in find_case_files(directory):
        for spec in load_case_file(path):
            results.append(check_case(spec, rules, backend))
    return results
