"""The only reader: walks `content/`, decodes files and parses their YAML with locations."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from site_gen.errors import Problem
from site_gen.ids import ID_PATTERN as ID_PATTERN  # re-exported: it lived here
from site_gen.ids import checked_stem
from site_gen.ids import is_reserved as is_reserved
from site_gen.limits import MAX_MARKDOWN_BYTES, check_markdown
from site_gen.textfile import decode_bytes, on_disk_only, read_ahead, read_bytes
from site_gen.textfile import decode_file as decode_file  # re-exported: it lived here
from site_gen.yamltree import Tree, parse_yaml

MAX_YAML_BYTES = 256 * 1024

# folder below content/ -> kind of record; statements may sit in sub-folders
KINDS = {
    "events": "event",
    "people": "person",
    "organizations": "organization",
    "countries": "country",
    "statements": "statement",
}
_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML record (and the Markdown beside it) as read from disk."""

    kind: str
    id: str
    path: str  # as shown to editors, relative to the site root
    tree: Tree
    markdown: str | None = None
    markdown_path: str | None = None


class Entry(NamedTuple):
    """A record file found under `content/`, as `read_entry` takes it."""

    kind: str
    path: str  # on disk
    id: str
    rel: str  # as shown to editors, relative to the site root
    has_markdown: bool  # a Markdown file of the same name sits beside it


def read_content(root: Path) -> tuple[list[Document], list[Problem]]:
    """Read every record under `root/content`, returning documents and problems."""
    entries, problems = list_content(root)
    documents: list[Document] = []
    for entry in entries or ():
        doc, found = read_entry(entry)
        problems += found
        if doc is not None:
            documents.append(doc)
    return documents, problems


def list_content(root: Path) -> tuple[list[Entry] | None, list[Problem]]:
    """Every record file under `root/content` in reading order (the site file, then the kinds
    in the order of KINDS, statements last), with the problems of the listing; None when
    there is no `content/site.yaml`."""
    content = root / "content"
    site_file = _first_existing(content, "site")
    if site_file is None:
        rel = _rel(content / "site.yaml", root)
        return None, [Problem(rel, 1, 1, "content/site.yaml is missing", "create it: see README")]
    problems: list[Problem] = []
    entries = _walk(content, site_file, problems, root)
    return entries, problems


@contextmanager
def reading_ahead(entries: Sequence[Entry]) -> Iterator[None]:
    """While the block reads `entries` in order, their files and the Markdown beside them are
    read into memory ahead of it, when they are on disk only (`textfile.read_ahead`).

    After a restart, reading 10,000 statements one by one waited for the disk most of the
    time: a cold build took 7.9 to 9.0 s instead of 6.7 to 7.3 s with this. When they are
    already in memory, as after any build, this costs looking at a few of them."""
    paths = [entry.path for entry in entries]
    stop = None
    if on_disk_only(paths):
        stop = read_ahead([path for entry in entries for path in _files_of(entry)])
    try:
        yield
    finally:
        if stop is not None:
            stop()


def _files_of(entry: Entry) -> tuple[str, ...]:
    return (entry.path, _markdown_path(entry)) if entry.has_markdown else (entry.path,)


def _markdown_path(entry: Entry) -> str:
    """Where the Markdown file beside a record file is, on disk."""
    return os.path.splitext(entry.path)[0] + ".md"


def read_entry(entry: Entry) -> tuple[Document | None, list[Problem]]:
    """Read one record file found by `list_content`, and the Markdown file beside it."""
    return parse_entry(entry, *entry_bytes(entry))


Read = tuple[bytes | None, list[Problem]]  # a file's bytes, or None, and the reading problems


def entry_bytes(entry: Entry) -> tuple[Read, Read | None]:
    """The bytes of a record file and of the Markdown file beside it (None when there is none,
    or when the record file could not be read), as `parse_entry` takes them."""
    data = read_bytes(entry.path, entry.rel, MAX_YAML_BYTES)
    if data[0] is None or not entry.has_markdown:
        return data, None
    return data, read_bytes(_markdown_path(entry), _markdown_rel(entry.rel), MAX_MARKDOWN_BYTES)


def parse_entry(
    entry: Entry, data: Read, markdown_data: Read | None
) -> tuple[Document | None, list[Problem]]:
    """The document of a record file from its bytes (`entry_bytes`): decoded and parsed."""
    raw, problems = data
    if raw is None:
        return None, list(problems)
    text, problems = decode_bytes(raw, entry.rel)
    if text is None:
        return None, problems
    markdown = markdown_rel = None
    if markdown_data is not None:
        markdown_rel = _markdown_rel(entry.rel)
        markdown_raw, found = markdown_data
        if markdown_raw is not None:
            markdown, found = decode_bytes(markdown_raw, markdown_rel)
        problems += found or check_markdown(markdown or "", markdown_rel)
    doc, found = parse_document(text, entry.rel, entry.kind, entry.id)
    problems += found
    if doc is None:
        return None, problems
    return Document(entry.kind, entry.id, entry.rel, doc.tree, markdown, markdown_rel), problems


def _markdown_rel(rel: str) -> str:
    return rel.rsplit(".", 1)[0] + ".md"


def markdown_files(root: Path) -> list[str]:
    """The path of every Markdown file under `root/content`, for rendering ahead of
    `read_content` (strings, not Paths: making 80,000 Paths took 0.3 to 0.5 s, and any
    order will do)."""
    found = []
    for folder, dirs, files in os.walk(root / "content"):
        dirs.sort()
        found += [os.path.join(folder, name) for name in files if name.endswith(".md")]
    found.sort()
    return found


def read_markdown(path: str) -> str | None:
    """A Markdown file's text as `read_content` gives it, or None (it reports why)."""
    return decode_file(path, path, MAX_MARKDOWN_BYTES)[0]


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


def _walk(content: Path, site_file: Path, problems: list[Problem], root: Path) -> list[Entry]:
    """Every record file, each with its kind, id, path shown to editors and Markdown twin.

    Works on path strings: on a site of 10,000 statements, pathlib objects cost more than
    the listing itself.
    """
    content_rel, content_str = _rel(content, root), str(content)
    site_md = site_file.with_suffix(".md").is_file()
    found = [Entry("site", str(site_file), "site", _rel(site_file, root), site_md)]
    claims: dict[tuple[str, str], str] = {}  # (kind, folded id) -> the file that claimed it
    for folder, kind in KINDS.items():
        base = content / folder
        if not base.is_dir():
            continue
        recursive = kind == "statement"
        listed = _files(base, recursive, problems, root, content)
        names = set(listed)
        skip = len(content_str)
        for path in sorted(listed, key=_parts):
            rel = content_rel + path[skip:]
            name = path[path.rfind("/") + 1 :]
            dot = name.rfind(".")  # as os.path.splitext and pathlib for every name we keep
            stem, suffix = (name[:dot], name[dot:]) if dot > 0 else (name, "")
            if suffix not in _YAML_SUFFIXES:
                bare = path[: len(path) - len(suffix)]
                twin = any(bare + s in names for s in _YAML_SUFFIXES)
                if suffix != ".md" or not (twin or _has_yaml_twin(Path(path))):
                    problems.append(
                        Problem(
                            rel,
                            1,
                            1,
                            f"ignored: not a {kind} file",
                            "YAML records end in .yaml",
                            "warning",
                        )
                    )
                continue
            checked, problem = checked_stem(stem, name, rel, kind, claims)
            if checked is None:
                problems += [problem] if problem else []
                continue
            stem = checked
            has_markdown = path[: len(path) - len(suffix)] + ".md" in names
            found.append(_entry(Entry, (kind, path, stem, rel, has_markdown)))
    return found


_entry = tuple.__new__  # `_entry(Entry, (...))` is Entry(...) without the Python-level call


def _parts(path: str) -> str:
    """A key giving the order of sorted(Path(p) for p in paths) to strings: a separator before
    any other character, as a folder's name comes before a longer name it begins."""
    return path.replace("/", "\0")


def _files(
    base: Path, recursive: bool, problems: list[Problem], root: Path, content: Path
) -> list[str]:
    """Files below `base` (with `os.scandir`, whose entries know if they are links: no stat)."""
    result = []
    content_real = content.resolve()
    linked_away = not base.resolve().is_relative_to(content_real)  # content/people -> elsewhere
    folders = [base]
    while folders:
        try:
            entries = sorted(os.scandir(folders.pop()), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if _is_dir(entry):
                if not recursive or name.startswith("."):
                    continue
                if entry.is_symlink():
                    problems.append(
                        Problem(
                            _rel(Path(entry.path), root),
                            1,
                            1,
                            "symbolic links to folders are not followed",
                            "move the folder into content/",
                            "warning",
                        )
                    )
                    continue
                folders.append(Path(entry.path))
                continue
            if name.startswith(".") or name.endswith("~"):
                continue
            if entry.is_symlink() or linked_away:
                path = Path(entry.path)
                if linked_away or not path.resolve().is_relative_to(content_real):
                    problems.append(
                        Problem(
                            _rel(path, root),
                            1,
                            1,
                            "this link points outside content/",
                            "copy the file into content/ instead",
                        )
                    )
                    continue
            result.append(entry.path)
    return result


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows links, as os.walk does
    except OSError:
        return False


def _has_yaml_twin(path: Path) -> bool:
    return any(path.with_suffix(s).is_file() for s in _YAML_SUFFIXES)


def _first_existing(folder: Path, stem: str) -> Path | None:
    for suffix in _YAML_SUFFIXES:
        if (folder / (stem + suffix)).is_file():
            return folder / (stem + suffix)
    return None


def _rel(path: Path, root: Path) -> str:
    """The path as editors see it, with control characters escaped so a message stays one line."""
    try:
        text = path.relative_to(root).as_posix()
    except ValueError:
        text = path.as_posix()
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
