"""Load a rules directory: YAML -> schema -> parameters -> typed expressions. All-or-nothing.

Every problem found is collected with its file, line and rule id, and raised together as a
RuleSetError; a rule set with any error is never returned. The stages live apart:
``reading`` (files, hash, YAML, schema), ``binding`` (parameters, categories, expressions checked
against the model) and ``checks`` (across entries: category cycles, rule versions, references).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from pathlib import Path

from .binding import ROOT_TYPES, ExpressionBinder, category_specs, parameters
from .checked import CheckedCategory, RuleSet
from .checks import check_rule_references, check_rule_versions, reject_category_cycles
from .errors import RuleFileError, RuleSetError
from .paths import bundled_rules_dir
from .reading import Problems, content_hash, entries, parse_file, rule_files


def load_ruleset(path: str | Path | None = None) -> RuleSet:
    """Load and validate every ``*.yaml`` under ``path`` (default: the bundled rules).

    Raises RuleSetError listing every problem (file, line, rule id, message).
    """
    directory = Path(path) if path is not None else bundled_rules_dir()
    errors = Problems()
    if not directory.is_dir():
        raise RuleSetError([RuleFileError(str(directory), None, None, "not a directory")])
    files = rule_files(directory, errors)
    if errors.errors:
        raise RuleSetError(errors.errors)
    if not files:
        raise RuleSetError(
            [RuleFileError(str(directory), None, None, "no *.yaml (or *.yml) rule files")]
        )
    # Read every file once: the version hashes exactly the bytes that are parsed.
    contents = {f.relative_to(directory).as_posix(): f.read_bytes() for f in files}
    version = content_hash(contents)
    key = (str(directory.resolve()), version)
    with _loaded_lock:
        cached = _loaded.get(key)
        if cached is not None:
            _loaded.move_to_end(key)
            return cached
    ruleset = _load(directory, contents, version, errors)
    with _loaded_lock:
        _loaded[key] = ruleset
        while len(_loaded) > _LOADED_CAPACITY:
            _loaded.popitem(last=False)
    return ruleset


# Rule sets already loaded, by (directory, content hash): ``evaluate(rules=path)`` and
# ``screen(rules=path)`` load a directory once per content, not on every call. A RuleSet is an
# immutable value, so sharing it is safe.
_LOADED_CAPACITY = 8
_loaded: OrderedDict[tuple[str, str], RuleSet] = OrderedDict()
_loaded_lock = threading.Lock()


def _load(directory: Path, contents: dict[str, bytes], version: str, errors: Problems) -> RuleSet:
    parsed = [p for name, content in contents.items() if (p := parse_file(content, name, errors))]
    params, params_info = parameters(parsed, errors)
    specs = category_specs(parsed, errors)
    category_subjects = {cid: ROOT_TYPES[spec.subject] for cid, (_, spec, _) in specs.items()}
    binder = ExpressionBinder(params_info, category_subjects, errors)
    categories = {
        cid: CheckedCategory(spec, binder.conditions(p, idx, "categories", spec), p.file)
        for cid, (p, spec, idx) in specs.items()
    }
    reject_category_cycles(categories, specs, errors)
    rules = [binder.rule(p, idx, spec) for p, idx, spec in entries(parsed, "rules")]
    check_rule_versions(parsed, errors)
    check_rule_references(parsed, errors)
    if errors.errors:
        raise RuleSetError(errors.errors)
    return RuleSet(
        directory=directory,
        files=tuple(contents),
        version=version,
        parameters=params,
        categories=categories,
        rules=tuple(r for r in rules if r is not None),
    )


@functools.cache
def bundled_ruleset() -> RuleSet:
    """The bundled rules, loaded once per process."""
    return load_ruleset()
