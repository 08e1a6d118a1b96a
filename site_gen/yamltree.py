"""Safe YAML parsing that keeps the line and column of every value.

PyYAML composes the document (with the libyaml C parser where present); we then construct plain
Python values ourselves, so that no tag can build a Python object, duplicate keys are caught,
aliases cannot expand without bound, and timestamps stay as written for the validator to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor

from site_gen.errors import Problem

try:  # the libyaml parser is several times faster; the pure-Python one behaves the same
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Key = tuple[str | int, ...]
Packed = tuple[Any, tuple[tuple[Key, int, int, str | None], ...]]
MAX_NODES = 10_000  # values in one document, aliases expanded: stops "billion laughs"

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_scalars = SafeConstructor()


class Loc(NamedTuple):
    """Where a value starts (1-based), and its text when YAML read it as something else.

    A named tuple rather than a frozen dataclass: a 10,000-statement site makes 175,000.
    """

    line: int
    column: int
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class Tree:
    """A parsed YAML document: plain values plus the location of each, by key path."""

    data: Any
    locs: dict[Key, Loc]

    def pack(self) -> Packed:
        """The tree as builtin values only (for marshal and pipes), undone by `unpack`."""
        return self.data, tuple((k, loc.line, loc.column, loc.raw) for k, loc in self.locs.items())

    @staticmethod
    def unpack(packed: Packed) -> Tree:
        data, locs = packed
        make = Loc._make
        return Tree(data, {loc[0]: make(loc[1:]) for loc in locs})

    def loc(self, key: Key) -> Loc:
        """The location of `key`, or of its nearest parent that has one."""
        while key not in self.locs and key:
            key = key[:-1]
        return self.locs.get(key, Loc(1, 1))


class _TooBig(Exception):
    pass


def parse_yaml(text: str, path: str) -> tuple[Tree | None, list[Problem]]:
    """Parse one YAML document; never raises for bad input, returns problems instead."""
    return _parse(text, path)


def _parse(text: str, path: str) -> tuple[Tree | None, list[Problem]]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        hint = _yaml_hint(what)
        return None, [Problem(path, line, column, f"invalid YAML: {what}", hint)]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, 1, f"invalid YAML: {exc}")]
    except RecursionError:
        return None, [Problem(path, 1, 1, "invalid YAML: nested too deeply")]
    if node is None:
        return None, [Problem(path, 1, 1, "the file is empty", "fill in the fields of its kind")]
    builder = _Builder(path)
    try:
        data = builder.build(node, ())
    except _TooBig:
        return None, [
            Problem(
                path,
                node.start_mark.line + 1,
                1,
                f"the document expands to more than {MAX_NODES:,} values",
                "remove the repeated aliases (*name)",
            )
        ]
    except RecursionError:
        return None, [Problem(path, 1, 1, "invalid YAML: nested too deeply")]
    return Tree(data, builder.locs), builder.problems


def _yaml_hint(what: str) -> str:
    if "tab" in what:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in what:
        return "put text that contains ': ' in quotes"
    if "found character '@'" in what or "found character '`'" in what:
        return "put text that starts with @ or ` in quotes"
    return ""


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.locs: dict[Key, Loc] = {}
        self.problems: list[Problem] = []
        self.count = 0

    def build(self, node: yaml.Node, key: Key) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        mark = node.start_mark
        line, column = mark.line + 1, mark.column + 1
        if isinstance(node, yaml.MappingNode):
            self.locs[key] = Loc(line, column)
            return self._mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            self.locs[key] = Loc(line, column)
            if node.tag != _TAG + "seq":
                self._bad_tag(node)
            return [self.build(item, (*key, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self.locs[key] = Loc(line, column)
            self._bad_tag(node)
            return node.value
        if tag in (_TAG + "str", _TAG + "timestamp"):
            # timestamps stay as written: the validator parses them and reports bad ones
            self.locs[key] = Loc(line, column, node.value if tag.endswith("timestamp") else None)
            return node.value
        self.locs[key] = Loc(line, column, node.value)
        try:
            return _scalars.construct_object(node)
        except (ValueError, yaml.YAMLError):
            return node.value

    def _mapping(self, node: yaml.MappingNode, key: Key) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "merge":
                self.problems.append(
                    Problem(self.path, mark.line + 1, mark.column + 1, "keys must be plain names")
                )
                continue
            name = key_node.value
            if name in result:
                first = self.locs.get((*key, name), Loc(0, 0))
                self.problems.append(
                    Problem(
                        self.path,
                        mark.line + 1,
                        mark.column + 1,
                        f"duplicate key {name!r} (first given on line {first.line})",
                        "keep one of the two",
                    )
                )
                continue
            result[name] = self.build(value_node, (*key, name))
        return result

    def _bad_tag(self, node: yaml.Node) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(
                self.path,
                mark.line + 1,
                mark.column + 1,
                f"the YAML tag {node.tag!r} is not allowed",
                "remove the tag; content holds plain text, numbers, lists and mappings",
            )
        )
