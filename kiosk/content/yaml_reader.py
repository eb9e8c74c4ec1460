"""Reads a content file keeping the line of every value, so a problem can name its line.

Only true/false and empty values are read as anything but text: times like 17:00, dates like
2026-12-24 and phone numbers like 999 stay exactly as written. (Plain YAML would turn 17:00 into
the number 1020 and 999 into a number.)
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

PathInFile = Sequence[str | int]

# Made with type() so that it type-checks with or without PyYAML's type stubs.
_ContentLoader: Any = type("_ContentLoader", (yaml.SafeLoader,), {"yaml_implicit_resolvers": {}})
_ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class YamlSyntaxProblem(Exception):
    """The text is not YAML; `line` is where the parser gave up (from 1), if it knows."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Located:
    """A YAML document as plain Python data, with its node tree to find lines by path."""

    data: Any
    root: Any

    def line(self, path: PathInFile) -> int | None:
        """The line (from 1) of the value at `path`, or of the nearest enclosing one."""
        node = self.root
        if node is None:
            return None
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            node = child
        return int(node.start_mark.line) + 1

    def key_line(self, path: PathInFile, key: str) -> int | None:
        """The line of `key` itself in the mapping at `path` (for a key that is not allowed)."""
        node = self.root
        for step in path:
            node = _child(node, step) if node is not None else None
        if isinstance(node, yaml.MappingNode):
            for key_node, _value in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                    return int(key_node.start_mark.line) + 1
        return self.line(path)


def _child(node: Any, step: str | int) -> Any:
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == step:
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    return None


def duplicate_keys(node: Any, seen: set[int] | None = None) -> list[tuple[int, str]]:
    """(line, key) of each key written twice in one mapping: YAML quietly keeps the last."""
    seen = set() if seen is None else seen
    if id(node) in seen:  # an alias to a node already looked at
        return []
    seen.add(id(node))
    found: list[tuple[int, str]] = []
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in keys:
                    found.append((int(key_node.start_mark.line) + 1, str(key_node.value)))
                keys.add(key_node.value)
            found.extend(duplicate_keys(value_node, seen))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found.extend(duplicate_keys(item, seen))
    return found


def read_yaml(text: str) -> Located:
    """Raises YamlSyntaxProblem when the text is not YAML, with the line and the parser's words."""
    loader = _ContentLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        raise YamlSyntaxProblem(line, str(error.problem or error.context or "")) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxProblem(None, str(error)) from None
    finally:
        loader.dispose()
    return Located(data, root)
