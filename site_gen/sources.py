"""The only reader: walks `content/`, decodes files and parses their YAML with locations."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from site_gen.cache import Store, digest
from site_gen.errors import Problem
from site_gen.parallel import map_ordered
from site_gen.walk import ID_PATTERN as ID_PATTERN  # re-exported: ids are checked here too
from site_gen.walk import KINDS as KINDS
from site_gen.walk import YAML_SUFFIXES, path_order, rel_path, walk_content
from site_gen.yamltree import Packed, Tree, parse_yaml

MAX_YAML_BYTES = 256 * 1024
MAX_MARKDOWN_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML record (and the Markdown beside it) as read from disk."""

    kind: str
    id: str
    path: str  # as shown to editors, relative to the site root
    tree: Tree
    markdown: str | None = None
    markdown_path: str | None = None


def read_content(root: Path, cache: Store | None = None) -> tuple[list[Document], list[Problem]]:
    """Read every record under `root/content` (on all cores, reusing cached parses)."""
    content = root / "content"
    problems: list[Problem] = []
    documents: list[Document] = []
    site_file = _first_existing(content, "site")
    if site_file is None:
        rel = rel_path(content / "site.yaml", root)
        return [], [Problem(rel, 1, 1, "content/site.yaml is missing", "create it: see README")]
    entries = walk_content(content, site_file, problems, root)
    read = map_ordered(partial(_read_packed, root, cache), entries)
    for (kind, path, doc_id), (packed, found, cacheable) in zip(entries, read, strict=True):
        problems += found
        if packed is not None:
            key, tree, markdown, markdown_rel = packed
            if tree is None:
                assert cache is not None
                tree = cache.get(key)
            if cache is not None and cacheable:
                cache.put(key, tree)
            rel = rel_path(path, root)
            documents.append(Document(kind, doc_id, rel, Tree.unpack(tree), markdown, markdown_rel))
    return documents, problems


def _read_packed(
    root: Path, cache: Store | None, entry: tuple[str, Path, str]
) -> tuple[tuple[bytes, Packed | None, str | None, str | None] | None, list[Problem], bool]:
    """`read_document` for a worker: the tree as builtin values, the digest of its text, and
    whether the tree may be cached (a worker only reads the cache; the caller writes it)."""
    kind, path, doc_id = entry
    rel = rel_path(path, root)
    text, problems = decode_file(path, rel, MAX_YAML_BYTES)
    if text is None:
        return None, problems, False
    use_cache = cache is not None and cache.enabled
    key = digest(text) if use_cache else b""
    hit = cache.get(key) if cache is not None and use_cache else None
    markdown, markdown_rel = _markdown_beside(path, root, problems)
    if hit is not None:  # the caller has the tree: only its key crosses the pipe
        return (key, None, markdown, markdown_rel), problems, True
    doc, found = parse_document(text, rel, kind, doc_id)
    problems += found
    if doc is None:
        return None, problems, False
    return (key, doc.tree.pack(), markdown, markdown_rel), problems, use_cache and not found


def read_document(
    path: Path, root: Path, kind: str, doc_id: str
) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file and the Markdown file beside it (a thin wrapper of `parse_document`)."""
    rel = rel_path(path, root)
    text, problems = decode_file(path, rel, MAX_YAML_BYTES)
    if text is None:
        return None, problems
    markdown, markdown_rel = _markdown_beside(path, root, problems)
    doc, found = parse_document(text, rel, kind, doc_id)
    problems += found
    if doc is None:
        return None, problems
    return Document(kind, doc_id, rel, doc.tree, markdown, markdown_rel), problems


def markdown_files(root: Path) -> list[Path]:
    """Every Markdown file under `root/content`, for rendering ahead of `read_content`."""
    return sorted((root / "content").rglob("*.md"), key=path_order)


def read_markdown(path: Path) -> str | None:
    """A Markdown file's text as `read_content` gives it, or None (it reports why)."""
    return decode_file(path, str(path), MAX_MARKDOWN_BYTES)[0]


def _markdown_beside(
    path: Path, root: Path, problems: list[Problem]
) -> tuple[str | None, str | None]:
    markdown_path = path.with_suffix(".md")
    if not markdown_path.is_file():
        return None, None
    markdown_rel = rel_path(markdown_path, root)
    markdown, found = decode_file(markdown_path, markdown_rel, MAX_MARKDOWN_BYTES)
    problems += found
    return markdown, markdown_rel


def parse_document(
    text: str, rel: str, kind: str, doc_id: str
) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text into a document whose top level is a mapping."""
    tree, problems = parse_yaml(text, rel)
    if tree is None:
        return None, problems
    if not isinstance(tree.data, dict):
        loc = tree.loc(())
        return None, [
            *problems,
            Problem(
                rel,
                loc.line,
                loc.column,
                f"a {kind} file must be a mapping of fields",
                "write one `field: value` per line",
            ),
        ]
    return Document(kind, doc_id, rel, tree), problems


def decode_file(path: Path, rel: str, limit: int) -> tuple[str | None, list[Problem]]:
    """Read a text file as UTF-8 (a byte-order mark and CRLF are accepted)."""
    try:
        size = path.stat().st_size
        if size > limit:
            return None, [
                Problem(
                    rel,
                    1,
                    1,
                    f"the file is {size:,} bytes; the limit is {limit:,}",
                    "split it or shorten it",
                )
            ]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(rel, 1, 1, f"cannot read the file: {exc.strerror}")]
    if b"\0" in data:
        line, column = _position(data, data.index(b"\0"))
        return None, [
            Problem(
                rel,
                line,
                column,
                "the file is binary (it holds a NUL byte)",
                "save it as UTF-8 text",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        return None, [
            Problem(
                rel,
                line,
                column,
                f"the file is not UTF-8 (byte {data[exc.start]:#04x})",
                "save it as UTF-8",
            )
        ]
    return text.replace("\r\n", "\n"), []


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def _first_existing(folder: Path, stem: str) -> Path | None:
    for suffix in YAML_SUFFIXES:
        if (folder / (stem + suffix)).is_file():
            return folder / (stem + suffix)
    return None
