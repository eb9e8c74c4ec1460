"""Reads a form's YAML keeping the line of every value, so a problem can name its line.

The loader reads YAML 1.2 style: only true/false are yes-or-no values, and times like 17:00 or
dates stay text. YAML 1.1 would turn a choice value `no` into false and `17:00` into 1020.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

Path_ = Sequence[str | int]


# SafeLoader with a smaller set of implicit types (made with type() so that it type-checks with
# or without PyYAML's type stubs).
_FormLoader: Any = type("_FormLoader", (yaml.SafeLoader,), {"yaml_implicit_resolvers": {}})
_FormLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_FormLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_FormLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_FormLoader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^<<$"), ["<"])
_FormLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class YamlProblem(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Located:
    """A YAML document as plain Python data, with the node tree to find lines by path."""

    data: Any
    root: yaml.Node | None

    def line(self, path: Path_) -> int | None:
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

    def key_line(self, path: Path_, key: str) -> int | None:
        """The line of the key `key` in the mapping at `path` (for a key that is not allowed)."""
        node = self.root
        for step in path:
            node = _child(node, step) if node is not None else None
        if isinstance(node, yaml.MappingNode):
            for key_node, _value in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                    return int(key_node.start_mark.line) + 1
        return self.line(path)


def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == step:
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    return None


def _duplicate_key(node: yaml.Node, seen: set[int]) -> tuple[int, str] | None:
    """YAML quietly keeps the last of two equal keys; a form must not, so find the first."""
    if id(node) in seen:
        return None
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in keys:
                    return int(key_node.start_mark.line) + 1, str(key_node.value)
                keys.add(key_node.value)
            found = _duplicate_key(value_node, seen)
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found = _duplicate_key(item, seen)
            if found:
                return found
    return None


def read_yaml(text: str) -> tuple[Located, tuple[int, str] | None]:
    """The document and the first duplicated key (line, key), if any.

    Raises YamlProblem when the text is not YAML, with the line and the parser's own words.
    """
    loader = _FormLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        raise YamlProblem(line, str(error.problem or error.context or "")) from None
    except yaml.YAMLError as error:
        raise YamlProblem(None, str(error)) from None
    finally:
        loader.dispose()
    duplicate = _duplicate_key(root, set()) if root is not None else None
    return Located(data, root), duplicate
