"""YAML loading with the safe loader, keeping the line of every mapping and key.

PyYAML's safe loader builds only plain data (no Python objects). We subclass it to record line
numbers and to reject duplicate keys, which PyYAML would otherwise silently overwrite, and keys
that are not plain values (``? [a, b]``). The C parser (libyaml's CSafeLoader) is used when PyYAML
has it: it keeps the marks (lines) and is several times faster on a cold start; the constructor,
where our checks live, is the same Python code either way.
"""

from __future__ import annotations

from typing import Any

import yaml


class LineDict(dict[str, Any]):
    """A mapping from a YAML file that remembers where it and each of its keys start (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class DuplicateKeyError(yaml.MarkedYAMLError):
    pass


_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.MarkedYAMLError(
                    "while reading a mapping",
                    node.start_mark,
                    "a key must be a plain name or value, not a list or mapping",
                    key_node.start_mark,
                )
            key = self.construct_object(key_node, deep=True)
            if key in result:
                raise DuplicateKeyError(
                    "while reading a mapping",
                    node.start_mark,
                    f"duplicate key '{key}'",
                    key_node.start_mark,
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[str(key)] = key_node.start_mark.line + 1
        return result


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
# Dates stay strings: the schema parses them, so a bad date gets a schema error with its field.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlTooDeepError(yaml.YAMLError):
    """The document nests deeper than the loader's recursion allows (no rule file needs it)."""


def load_yaml(text: str) -> Any:
    """Parse YAML text; raises yaml.YAMLError (with a problem_mark where known) on bad input."""
    try:
        return yaml.load(text, Loader=_Loader)
    except RecursionError as exc:
        raise YamlTooDeepError("the document is nested too deeply") from exc


def line_of(data: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line of the deepest mapping or key reached by following ``loc`` into ``data``."""
    line: int | None = getattr(data, "line", None)
    current = data
    for part in loc:
        if isinstance(current, LineDict) and isinstance(part, str) and part in current:
            line = current.key_lines.get(part, line)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            line = getattr(current, "line", line)
        else:
            break
    return line
