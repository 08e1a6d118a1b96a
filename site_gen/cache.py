"""The persistent build cache under `<root>/.cache/site-gen/`: rendered Markdown, checked
statements (record_cache.py) and pages.

Every store is a dict written with `marshal` (builtin types only: nothing in it can run code)
and stamped with what its entries depend on: the site-gen source code, the library versions
and, for pages, the templates and the output folder. A store whose stamp differs, or which
cannot be read, is ignored; entries are looked up by a digest of their whole input, so a stale
entry is never found. Only the entries a build used are written back.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

FOLDER = Path(".cache") / "site-gen"
T = TypeVar("T")
Item = TypeVar("Item")
FORMAT = 1


def digest(data: bytes | str) -> bytes:
    """A 16-byte BLAKE2b digest: the key of every cache entry."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=16).digest()


@dataclass(slots=True)
class Store:
    """One cache file: entries read at the start of a build and those used during it."""

    name: str
    stamp: bytes
    enabled: bool = True  # a disabled store (--no-cache) finds nothing and keeps nothing
    old: dict[Any, Any] = field(default_factory=dict)
    new: dict[Any, Any] = field(default_factory=dict)

    def get(self, key: Any) -> Any:
        """The cached value of `key` (kept for the next build), or None (values are never None)."""
        value = self.old.get(key)
        if value is not None:
            self.new[key] = value
        return value

    def put(self, key: Any, value: Any) -> None:
        if self.enabled:
            self.new[key] = value


def code_stamp() -> bytes:
    """A digest of site-gen's own source and of the Python version: code changes drop caches."""
    here = Path(__file__).resolve().parent
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(f"{FORMAT} {sys.version}".encode())
    for path in sorted(here.glob("*.py")):
        hasher.update(path.name.encode() + b"\0" + path.read_bytes())
    return hasher.digest()


def open_store(root: Path | None, name: str, stamp: bytes) -> Store:
    """The store `name` of the site at `root`; empty when missing, stale or unreadable.

    With `root` None (a build with --no-cache) the store starts empty and is never saved.
    """
    store = Store(name, stamp, enabled=root is not None)
    if root is None:
        return store
    data = _read_value(root / FOLDER / f"{name}.bin")
    if isinstance(data, tuple) and len(data) == 2 and data[0] == stamp:
        entries = data[1]
        if isinstance(entries, dict):
            store.old = entries
    return store


def save_store(root: Path | None, store: Store) -> None:
    """Write the entries used by this build, atomically; a failure only loses the cache."""
    if root is None or (store.new == store.old and store.old):
        return  # nothing to write: every entry was used, and none is new
    _write_value(root / FOLDER / f"{store.name}.bin", (store.stamp, store.new))


@dataclass(frozen=True, slots=True)
class Chunks:
    """Where and how parts of a file made from every statement (the export, the search index)
    are kept, a chunk of statements per file (see `chunks_made`)."""

    folder: Path  # <root>/.cache/site-gen/parts/
    stamp: bytes  # what every part depends on besides its items
    key: Callable[[Any], bytes]  # an item's key: a digest of all its part is made from


def chunks_made(
    chunks: Chunks | None,
    kind: str,
    items: Sequence[Item],
    size: int,
    make: Callable[[Sequence[Item]], T],
    valid: Callable[[Any, int], bool],
) -> Iterator[T]:
    """`make(chunk)` for each chunk of `size` items, in order.

    With `chunks`, each is kept in a file named by a digest of the stamp, the kind and its
    items' keys, and read back where there is one that `valid(value, len(chunk))` accepts;
    then the kind's other files are removed. Only the job that makes the file reads them: a
    warm build that needs none reads nothing. A job run in a worker writes its chunks itself.
    """
    starts = range(0, len(items), size)
    if chunks is None:
        yield from (make(items[start : start + size]) for start in starts)
        return
    used = set()
    for start in starts:
        chunk = items[start : start + size]
        hasher = hashlib.blake2b(chunks.stamp + kind.encode() + b"\0", digest_size=16)
        for item in chunk:
            hasher.update(chunks.key(item))
        path = chunks.folder / f"{kind}-{hasher.hexdigest()}.bin"
        used.add(path.name)
        value = _read_value(path)
        if value is None or not valid(value, len(chunk)):
            value = make(chunk)
            _write_value(path, value)
        yield value
    for old in chunks.folder.glob(f"{kind}-*.bin"):
        if old.name not in used:
            old.unlink(missing_ok=True)


def _read_value(path: Path) -> Any:
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _write_value(path: Path, value: Any) -> None:
    """Write atomically; a failure only loses the cache."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(marshal.dumps(value))
        os.replace(temp, path)
    except (OSError, ValueError):
        temp.unlink(missing_ok=True)
