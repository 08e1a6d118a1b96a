"""Safe YAML parsing that keeps the line and column of every value.

PyYAML composes the document (with the libyaml C parser where present); we then construct plain
Python values ourselves, so that no tag can build a Python object, duplicate keys are caught,
aliases cannot expand without bound, and timestamps stay as written for the validator to read.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor

from site_gen.errors import Problem

try:  # the libyaml parser is several times faster; the pure-Python one behaves the same
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc]
    """The safe loader with its per-node resolver hooks made cheap (a big share of the time).

    No path resolvers are registered, so descending and ascending do nothing, and the tag of a
    scalar depends only on its text: a C-level cache answers for the keys and values that
    recur in every file without running any Python.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.resolve = _resolve_tag

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


@functools.lru_cache(maxsize=4096)
def _resolve_tag(kind: Any, value: Any, implicit: Any) -> Any:
    if kind is yaml.ScalarNode and (not implicit[0] or _is_plain_text(value)):
        return _STR  # quoted and untagged, or plain and no implicit type (bool, int...) fits
    return _RESOLVER.resolve(kind, value, implicit)


_RESOLVER: Any = yaml.resolver.Resolver()
_CLAIMED = frozenset(_RESOLVER.yaml_implicit_resolvers)  # first characters, as PyYAML keys them


def _is_plain_text(value: str) -> bool:
    """True when no implicit resolver can claim this plain scalar, by its first character."""
    return None not in _CLAIMED and value[:1] not in _CLAIMED


Key = tuple[str | int, ...]
MAX_NODES = 10_000  # values in one document, aliases expanded: stops "billion laughs"
MAX_DEPTH = 50  # lists and mappings inside one another; the same limit whatever parser is used

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_SEQ, _TIMESTAMP, _MERGE = _TAG + "seq", _TAG + "timestamp", _TAG + "merge"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_ScalarNode = yaml.ScalarNode
_loc = tuple.__new__  # `_loc(Loc, (line, column, raw))` is Loc(...) without a Python call
_scalars = SafeConstructor()


class Loc(NamedTuple):  # a named tuple: made once per value, several times cheaper to make
    """Where a value starts (1-based), and its text when YAML read it as something else."""

    line: int
    column: int
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class Tree:
    """A parsed YAML document: plain values plus the location of each, by key path."""

    data: Any
    locs: dict[Key, Loc]

    def loc(self, key: Key) -> Loc:
        """The location of `key`, or of its nearest parent that has one."""
        while key not in self.locs and key:
            key = key[:-1]
        return self.locs.get(key, Loc(1, 1))


class _TooBig(Exception):
    pass


def parse_yaml(text: str, path: str) -> tuple[Tree | None, list[Problem]]:
    """Parse one YAML document; never raises for bad input, returns problems instead."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        hint = _yaml_hint(what, _line_text(text, line))
        return None, [Problem(path, line, column, f"invalid YAML: {what}", hint)]
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "?")
        message = f"the control character U+{code:04X} is not allowed in YAML"
        return None, [Problem(path, line, column, message, "delete it or retype the text")]
    except UnicodeError:  # a lone surrogate: only possible when text did not come from UTF-8
        return None, [Problem(path, 1, 1, "the text is not valid Unicode", "save it as UTF-8")]
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
    except _TooDeep as deep:
        return None, [
            Problem(
                path,
                deep.line,
                deep.column,
                f"values are nested more than {MAX_DEPTH} levels deep",
                "a record needs a few levels at most: remove the extra brackets",
            )
        ]
    return Tree(data, builder.locs), builder.problems


def _line_text(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _line_column(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _yaml_hint(what: str, line: str) -> str:
    if "tab" in what or line[: len(line) - len(line.lstrip())].count("\t"):
        return "indent with spaces, not tabs"
    if "another document" in what:
        return "a file holds one record: remove the `---` line"
    if "mapping values are not allowed" in what:
        return "put text that contains ': ' in quotes"
    if "found character '@'" in what or "found character '`'" in what:
        return "put text that starts with @ or ` in quotes"
    return ""


class _TooDeep(Exception):
    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.line, self.column = line, column


class _Builder:
    """Plain values and their locations from a composed node; most values are plain text in a
    mapping, and `_mapping` handles those itself (a call per value is a large share of the time).
    """

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
        if len(key) > MAX_DEPTH:
            raise _TooDeep(line, column)
        cls = node.__class__
        if cls is _ScalarNode and node.tag == _STR:  # most values: plain text
            self.locs[key] = _loc(Loc, (line, column, None))
            return node.value
        if isinstance(node, yaml.MappingNode):
            self.locs[key] = _loc(Loc, (line, column, None))
            return self._mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            self.locs[key] = _loc(Loc, (line, column, None))
            if node.tag != _SEQ:
                self._bad_tag(node)
            return [self.build(item, (*key, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self.locs[key] = Loc(line, column)
            self._bad_tag(node)
            return node.value
        if tag in (_STR, _TIMESTAMP):
            # timestamps stay as written: the validator parses them and reports bad ones
            self.locs[key] = Loc(line, column, node.value if tag == _TIMESTAMP else None)
            return node.value
        self.locs[key] = Loc(line, column, node.value)
        try:
            return _scalars.construct_object(node)
        except (ValueError, yaml.YAMLError):
            return node.value

    def _mapping(self, node: yaml.MappingNode, key: Key) -> dict[str, Any]:
        result: dict[str, Any] = {}
        locs = self.locs
        deep = len(key) + 1 > MAX_DEPTH
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                mark = key_node.start_mark
                self.problems.append(
                    Problem(self.path, mark.line + 1, mark.column + 1, "keys must be plain names")
                )
                continue
            name = key_node.value
            if name in result:
                self._duplicate(key_node, key)
                continue
            at = (*key, name)
            if value_node.__class__ is _ScalarNode and value_node.tag == _STR and not deep:
                self.count += 1  # what `build` does for plain text, without the call
                if self.count > MAX_NODES:
                    raise _TooBig
                mark = value_node.start_mark
                locs[at] = _loc(Loc, (mark.line + 1, mark.column + 1, None))
                result[name] = value_node.value
            else:
                result[name] = self.build(value_node, at)
        return result

    def _duplicate(self, key_node: yaml.Node, key: Key) -> None:
        mark = key_node.start_mark
        name = key_node.value
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
