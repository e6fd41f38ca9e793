"""YAML loading with the safe loader, keeping the line of every mapping and key.

PyYAML's SafeLoader builds only plain data (no Python objects). We subclass it to record line
numbers and to reject duplicate keys, which PyYAML would otherwise silently overwrite.
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


class _Loader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
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


def load_yaml(text: str) -> Any:
    """Parse YAML text; raises yaml.YAMLError (with a problem_mark) on bad syntax."""
    return yaml.load(text, Loader=_Loader)


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
