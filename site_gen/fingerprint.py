"""Digests of the values a page is made from, so an unchanged page can be recognised cheaply.

A page's digest covers every value its context reaches: strings (with their type, so `Markup`
differs from `str`), bytes, numbers, dates, time zones, lists, tuples, dicts (in order) and
dataclasses. Anything else makes the page unrecognisable (`None`): it is rendered every
time, which is slower but never wrong. A dataclass is digested through its generated `repr`
(fast, and exact for the model's values: strings, numbers, dates, tuples and nested
dataclasses), or field by field when it hides a field from `repr` or writes its own.
Dataclass digests are memoised by object identity for one pass, so a statement shown on
four pages is hashed once.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

_PLAIN = (bool, int, float, date, datetime, time, timedelta, ZoneInfo, Decimal, type(None))


class Unknown(Exception):
    """A value whose content a digest cannot vouch for."""


class Fingerprints:
    """Digests for one build: keep the instance only while the values it saw are alive."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._fields: dict[type, tuple[str, ...] | None] = {}

    def of(self, value: Any) -> bytes | None:
        """A 16-byte digest of `value`, or None when it holds something unknown.

        The fields of a dataclass `value` (a page) are walked one by one, so that the values
        its context shares with other pages are digested once.
        """
        hasher = hashlib.blake2b(digest_size=16)
        try:
            if dataclasses.is_dataclass(value) and not isinstance(value, type):
                for field in dataclasses.fields(value):  # a page: its context is walked
                    self._feed(hasher, getattr(value, field.name))
            else:
                self._feed(hasher, value)
        except Unknown:
            return None
        return hasher.digest()

    def _feed(self, hasher: Any, value: Any) -> None:
        kind = type(value)
        if isinstance(value, str):
            data = value.encode("utf-8", "surrogatepass")
            prefix = "s" if kind is str else kind.__qualname__
            hasher.update(f"{prefix}{len(data)}:".encode())
            hasher.update(data)
        elif kind is bytes:
            hasher.update(f"b{len(value)}:".encode())
            hasher.update(value)
        elif isinstance(value, _PLAIN):
            hasher.update(f"{kind.__qualname__}({value!r})".encode())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            hasher.update(b"D")
            hasher.update(self._dataclass(value))
        elif kind in (list, tuple):
            hasher.update(f"{kind.__name__}{len(value)}[".encode())
            for item in value:
                self._feed(hasher, item)
        elif kind is dict:
            hasher.update(f"dict{len(value)}{{".encode())
            for key, item in value.items():
                self._feed(hasher, key)
                self._feed(hasher, item)
        else:
            raise Unknown(kind.__qualname__)

    def _dataclass(self, value: Any) -> bytes:
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        kind = type(value)
        if kind not in self._fields:
            self._fields[kind] = _fields_unless_repr_is_exact(kind)
        names = self._fields[kind]
        hasher = hashlib.blake2b(digest_size=16)
        hasher.update(f"{kind.__module__}.{kind.__qualname__}".encode())
        if names is None:
            hasher.update(repr(value).encode("utf-8", "surrogatepass"))
        else:
            for name in names:
                self._feed(hasher, getattr(value, name))
        result = hasher.digest()
        self._memo[id(value)] = (value, result)
        return result


def _fields_unless_repr_is_exact(kind: type) -> tuple[str, ...] | None:
    """None when the dataclass's generated repr shows every field; else its field names."""
    fields = dataclasses.fields(kind)
    code = getattr(kind.__repr__, "__code__", None)  # the generated repr is wrapped in dataclasses
    generated = code is not None and code.co_filename == dataclasses.__file__
    if generated and all(f.repr for f in fields):
        return None
    return tuple(f.name for f in fields)
