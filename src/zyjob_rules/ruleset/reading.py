"""Reading a rules directory: find the files, hash their bytes, parse the YAML, validate each entry.

The first stage of :func:`zyjob_rules.ruleset.loader.load_ruleset`. Nothing here knows the
expression language: an entry that validates against its schema is kept with the file's line map
(:class:`ParsedFile`), every problem is collected (:class:`Problems`) and none stops the reading,
so one run reports every broken file and entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import RuleFileError
from .schema import CategorySpec, ParameterSpec, RuleFile, RuleSpec
from .yaml_source import LineDict, line_of, load_yaml

RULE_SUFFIXES = (".yaml", ".yml")

SECTIONS: dict[str, type[Any]] = {
    "parameters": ParameterSpec,
    "categories": CategorySpec,
    "rules": RuleSpec,
}


@dataclass
class ParsedFile:
    """One rule file: its relative name, the parsed YAML (with line numbers) and its entries."""

    file: str
    data: Any
    spec: RuleFile


class Problems:
    """Every problem found while loading, in the order found."""

    def __init__(self) -> None:
        self.errors: list[RuleFileError] = []
        self.invalid_ids: set[str] = set()  # entries already reported as malformed

    def add(self, file: str, line: int | None, rule_id: str | None, message: str) -> None:
        self.errors.append(RuleFileError(file, line, rule_id, message))


def rule_files(directory: Path, errors: Problems) -> list[Path]:
    """Every ``*.yaml`` and ``*.yml`` file under ``directory``. A file or directory that is a
    symlink leading outside the rules directory is refused (reported, never read)."""
    root = directory.resolve()
    found = []
    for path in sorted(directory.rglob("*")):
        if path.suffix not in RULE_SUFFIXES or path.is_dir():
            continue
        name = path.relative_to(directory).as_posix()
        target = path.resolve()
        if not target.is_relative_to(root):
            errors.add(name, None, None, "a symbolic link leading outside the rules directory")
        elif path.is_file():
            found.append(path)
    return found


def content_hash(contents: dict[str, bytes]) -> str:
    """The rule set's version: a hash of every file's relative name and bytes."""
    digest = hashlib.sha256()
    for name, content in contents.items():
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(content)
        digest.update(b"\0")
    return "sha256:" + digest.hexdigest()[:16]


def parse_file(content: bytes, name: str, errors: Problems) -> ParsedFile | None:
    """One file's YAML, each entry validated against its section's schema; None if unreadable."""
    try:
        data = load_yaml(content.decode("utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        errors.add(name, line, None, f"YAML syntax error: {problem}")
        return None
    except UnicodeDecodeError:
        errors.add(name, None, None, "the file is not UTF-8 text")
        return None
    if data is None:
        data = LineDict()
    if not isinstance(data, dict):
        errors.add(name, 1, None, "a rule file must be a mapping with parameters/categories/rules")
        return None
    sections: dict[str, list[Any]] = {}
    for key, value in data.items():
        line = data.key_lines.get(str(key)) if isinstance(data, LineDict) else None
        if key not in SECTIONS:
            errors.add(name, line, None, f"unknown section '{key}' (use {', '.join(SECTIONS)})")
        elif not isinstance(value, list):
            errors.add(name, line, None, f"'{key}' must be a list")
        else:
            sections[key] = [
                spec
                for index, item in enumerate(value)
                if (spec := _validate_entry(name, data, key, index, item, errors)) is not None
            ]
    spec = RuleFile.model_construct(
        parameters=sections.get("parameters", []),
        categories=sections.get("categories", []),
        rules=sections.get("rules", []),
    )
    return ParsedFile(name, data, spec)


def _validate_entry(
    name: str, data: Any, section: str, index: int, item: Any, errors: Problems
) -> Any:
    """One parameter, category or rule; on failure its errors are collected and its id noted,
    so references to it elsewhere are not reported again as unknown."""
    try:
        return SECTIONS[section].model_validate(item)
    except ValidationError as exc:
        item_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(item_id, str):
            errors.invalid_ids.add(item_id)
        for err in exc.errors(include_url=False):
            loc = (section, index, *err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            field_path = ".".join(str(p) for p in loc)
            rule_id = item_id if isinstance(item_id, str) else None
            errors.add(name, line_of(data, loc), rule_id, f"{field_path}: {msg}")
        return None


def entries(parsed: list[ParsedFile], section: str) -> Iterator[tuple[ParsedFile, int, Any]]:
    """Every valid entry of one section across the files: (file, index in the section, spec)."""
    for p in parsed:
        for index, spec in enumerate(getattr(p.spec, section)):
            yield p, index, spec
