"""Reads the council's YAML (forms, content) keeping the line of every value, so a problem can
name its line. libyaml's C parser does the reading: ten times faster than PyYAML's own, and
start-up reads every file.

Only true/false and empty values, and with `numbers=True` plain numbers, are read as anything
but text: times like 17:00, dates like 2026-12-24 and a choice value `no` stay as written.
(YAML 1.1 would turn 17:00 into 1020 and `no` into false.)
"""

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.i18n import _

PathInFile = Sequence[str | int]


@functools.cache
def _loader(numbers: bool) -> Any:
    # PyYAML loads when a file is first read: a kiosk starting with its checked files cached
    # (kiosk.checked_cache) does not need it before the home screen.
    import yaml

    # The C loader when libyaml is there (it is in PyPI's wheels), PyYAML's own otherwise.
    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # Made with type() so that it type-checks with or without PyYAML's type stubs.
    name = "_NumberLoader" if numbers else "_TextLoader"
    loader: Any = type(name, (base,), {"yaml_implicit_resolvers": {}})
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
    )
    if numbers:
        loader.add_implicit_resolver(
            "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
        )
        loader.add_implicit_resolver(
            "tag:yaml.org,2002:float",
            re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
            list("-+0123456789."),
        )
        loader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^<<$"), ["<"])
    return loader


# PyYAML's node kinds, by their `id`, so that walking a parsed tree needs no import.
_MAPPING, _SEQUENCE, _SCALAR = "mapping", "sequence", "scalar"


def _kind(node: Any) -> str | None:
    return getattr(node, "id", None)


@dataclass(frozen=True)
class FileProblem:
    """Something wrong in a council-edited file, with where it is for the officer to fix."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return _("{file}: {message}").format(file=self.file, message=self.message)
        return _("{file}, line {line}: {message}").format(
            file=self.file, line=self.line, message=self.message
        )


class YamlProblem(Exception):
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
        if _kind(node) == _MAPPING:
            for key_node, _value in node.value:
                if _kind(key_node) == _SCALAR and key_node.value == key:
                    return int(key_node.start_mark.line) + 1
        return self.line(path)


def _child(node: Any, step: str | int) -> Any:
    if _kind(node) == _MAPPING and isinstance(step, str):
        for key_node, value_node in node.value:
            if _kind(key_node) == _SCALAR and key_node.value == step:
                return value_node
    if _kind(node) == _SEQUENCE and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    return None


def step_into(data: Any, step: str | int) -> Any:
    """One step down a path in the plain data (a key of a mapping, an index of a list)."""
    if isinstance(data, dict) and step in data:
        return data[step]
    if isinstance(data, list) and isinstance(step, int) and step < len(data):
        return data[step]
    return None


def duplicate_keys(node: Any, seen: set[int] | None = None) -> list[tuple[int, str]]:
    """(line, key) of each key written twice in one mapping: YAML quietly keeps the last."""
    seen = set() if seen is None else seen
    if node is None or id(node) in seen:  # an alias to a node already looked at
        return []
    seen.add(id(node))
    found: list[tuple[int, str]] = []
    if _kind(node) == _MAPPING:
        keys: set[str] = set()
        for key_node, value_node in node.value:
            if _kind(key_node) == _SCALAR:
                if key_node.value in keys:
                    found.append((int(key_node.start_mark.line) + 1, str(key_node.value)))
                keys.add(key_node.value)
            found.extend(duplicate_keys(value_node, seen))
    elif _kind(node) == _SEQUENCE:
        for item in node.value:
            found.extend(duplicate_keys(item, seen))
    return found


def read_yaml(text: str, *, numbers: bool = False) -> Located:
    """Raises YamlProblem when the text is not YAML, with the line and the parser's own words."""
    import yaml

    loader = _loader(numbers)(text)
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
    return Located(data, root)
