"""Gather the content: read and check every record, into records or every problem at once.

The statements, nearly all the files, are read and checked on all cores once what they refer
to (the site file, countries, organisations, events and people) has been read and checked
here; the problems come out in the order a reading on one core gives them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from site_gen.cache import Store
from site_gen.checks import with_base_url
from site_gen.errors import BuildFailed, Problem, errors_in
from site_gen.model import Records, Statement
from site_gen.parallel import close, collector_paused, cores, forks, map_batched
from site_gen.record_cache import (
    Value,
    context_digest,
    entry_key,
    from_value,
    pack,
    to_value,
    unpack,
)
from site_gen.sources import (
    Entry,
    Read,
    entry_bytes,
    list_content,
    parse_entry,
    read_entry,
    reading_ahead,
)
from site_gen.validate import Known, check_referenced, check_statement, records_of

Files = tuple[Read, Read | None]  # a statement file's bytes and its Markdown's (`entry_bytes`)
MARKDOWN_COST = 0.6  # a Markdown file rendered there, in statements checked here


@dataclass(frozen=True, slots=True)
class Recheck:
    """What checking one statement file again needs: what statements refer to, and where
    each statement file is (for `serve`, which re-reads only the files that changed)."""

    known: Known
    entries: Mapping[str, Entry]  # the statement files, by their path on disk

    def statement(self, path: str) -> tuple[Statement | None, list[Problem]] | None:
        """The statement in the file at `path` and its problems; None if it is not one."""
        entry = self.entries.get(path)
        if entry is None:
            return None
        doc, read = read_entry(entry)
        if doc is None:
            return None, read
        statement, found = check_statement(doc, self.known)
        return statement, read + found


def check_site(
    root: Path,
    *,
    drafts: bool = False,
    base_url: str | None = None,
    cache: Store | None = None,
    recheck: list[Recheck] | None = None,
    beside: int = 0,
) -> tuple[Records | None, list[Problem]]:
    """Read and check all content; the records are None when there are errors.

    With `cache` (the store `records`, see record_cache.py), a statement file unchanged since
    it was checked, against the same things it refers to, is taken from the cache. A
    `recheck` list is given what checking a statement file again needs. `beside` is how
    many Markdown files other processes render meanwhile (see `checked_here`)."""
    with collector_paused():  # parsing makes many small objects and no cycles
        records, problems = read_and_check(
            root, drafts=drafts, cache=cache, recheck=recheck, beside=beside
        )
    if records is not None and base_url:
        config = with_base_url(records.config, base_url)
        if config is None:
            problems.append(
                Problem(
                    "--base-url",
                    1,
                    1,
                    f"{base_url!r} is not an http(s) address",
                    "e.g. https://user.github.io/reactions/",
                )
            )
            return None, problems
        records = dataclasses.replace(records, config=config)
    if errors_in(problems):
        return None, problems
    return records, problems


def check_problems(root: Path) -> list[Problem]:
    """The problems of `check_site(root)`, without making records: all `site-gen check` needs
    (the workers then send no statements back)."""
    with collector_paused():
        return read_and_check(root, records=False)[1]


def read_and_check(
    root: Path,
    *,
    drafts: bool = False,
    records: bool = True,
    cache: Store | None = None,
    recheck: list[Recheck] | None = None,
    beside: int = 0,
) -> tuple[Records | None, list[Problem]]:
    """`validate.check(read_content(root))`, with the same records and problems, in order:
    the listing's, each file's reading problems, then the checks of what statements refer
    to, then each statement's. Without `records`, the records are None. With `cache`, the
    statements are looked up there first, and those checked are added to it. The statements
    are shared between this process and workers by `checked_here(statements, beside)`."""
    entries, problems = list_content(root)
    if entries is None:
        return None, problems
    with reading_ahead(entries):
        return _check_entries(
            entries,
            problems,
            drafts=drafts,
            records=records,
            cache=cache,
            recheck=recheck,
            beside=beside,
        )


def _check_entries(
    entries: list[Entry],
    problems: list[Problem],
    *,
    drafts: bool,
    records: bool,
    cache: Store | None,
    recheck: list[Recheck] | None,
    beside: int,
) -> tuple[Records | None, list[Problem]]:
    """`read_and_check` of the files `list_content` found, after its `problems`."""
    documents = []
    for entry in entries:  # statements come last
        if entry.kind != "statement":
            doc, found = read_entry(entry)
            problems += found
            if doc is not None:
                documents.append(doc)
    known, checked = check_referenced(documents)
    statements: list[Statement] = []
    later: list[Problem] = []  # the statements' checks, reported after `checked`
    files = [entry for entry in entries if entry.kind == "statement"]
    if recheck is not None and known is not None:
        recheck.append(Recheck(known, {entry.path: entry for entry in files}))
    context = None if cache is None or known is None else context_digest(known)
    work: Callable[[Sequence[Entry]], list[Any]]
    take: Callable[[Entry, Any], tuple[list[Problem], list[Problem], Statement | None]]
    digests: dict[str, bytes] = {}  # with a cache: each statement's key there
    here = checked_here(len(files), beside)
    head, tail = files[:here], files[here:]
    parts: list[tuple[Sequence[Entry], Iterator[Any], Callable[[Entry, Any], Any]]] = []
    # the tail first: its workers start at once, beside the Markdown's and at its lower
    # priority when this process checks the head meanwhile
    for part, packed in ((tail, records and forks(tail)), (head, False)):
        if not part:
            continue
        if cache is None or known is None or context is None:
            # records crossing a pipe are packed as builtin values
            work = partial(_read_first, partial(_read_statement, known, records, packed))
            take = partial(_unpacked, packed)
        else:  # only keys and new entries cross the pipe: the workers inherit the old entries
            work = partial(_read_first, partial(_read_cached, known, context, cache.old))
            take = partial(_from_cache, known, context, cache)
        workers = 1 if part is head else None  # one: in this process
        results = map_batched(work, part, uniform=True, workers=workers, background=bool(head))
        parts.insert(0, (part, results, take))
    try:
        for entry, result, take in _in_order(parts):
            read, found, statement = take(entry, result)
            problems += read
            later += found
            if statement is not None and (drafts or not statement.draft):
                statements.append(statement)
                if cache is not None and isinstance(result[0], bytes):
                    digests[statement.id] = result[0]
    except BuildFailed as failure:  # a worker failed: say so with what was found before
        return None, [*problems, *checked, *later, *failure.problems]
    finally:
        for _, results, _ in parts:
            close(results)
    problems += checked
    problems += later
    if known is None or not records:
        return None, problems
    made = records_of(known, statements, problems)
    return dataclasses.replace(made, digests=digests) if made and digests else made, problems


def checked_here(statements: int, beside: int) -> int:
    """How many statements (the first ones) this process checks while `beside` Markdown
    files render on the other cores; workers there check the rest beside the Markdown, at
    its lower priority. Without Markdown beside, none: all cores check them.

    Checked here, no record crosses a pipe (packed, pickled, unpickled, unpacked: a third
    more CPU than the checking itself). The share gives this core and each other one about
    the same work, `here = (beside * MARKDOWN_COST + statements - here) / others`, with
    MARKDOWN_COST measured so that both are done together: with every statement checked
    here (as when a Markdown file cost twice a statement), the other core idled once the
    Markdown was done, 0.4 s of a cold build of 10,000 statements and 6 s of 100,000.
    """
    others = cores() - 1
    if others < 1:
        return statements
    if not beside:
        return 0
    share = (beside * MARKDOWN_COST + statements) / (others + 1)
    return min(statements, round(share))


def _in_order(
    parts: list[tuple[Sequence[Entry], Iterator[Any], Callable[[Entry, Any], Any]]],
) -> Iterator[tuple[Entry, Any, Callable[[Entry, Any], Any]]]:
    """Each entry of the parts in turn, with its result and what takes it."""
    for entries, results, take in parts:
        for entry, result in zip(entries, results, strict=True):
            yield entry, result, take


def _read_first(check: Callable[[Entry, Files], Any], entries: Sequence[Entry]) -> list[Any]:
    """`check(entry, files)` of each entry, every file read before any is parsed
    (`map_batched`)."""
    files = [entry_bytes(entry) for entry in entries]
    return [check(entry, read) for entry, read in zip(entries, files, strict=True)]


def _read_statement(
    known: Known | None, records: bool, packed: bool, entry: Entry, files: Files
) -> tuple[list[Problem], list[Problem], Any]:
    """A statement file's reading problems, its checking problems, and its record (packed
    with `packed`; None without `records`, or when it has an error), from its `files`."""
    doc, read = parse_entry(entry, *files)
    if doc is None or known is None:
        return read, [], None
    statement, found = check_statement(doc, known)
    if not records or statement is None:
        return read, found, None
    return read, found, pack(statement) if packed else statement


def _unpacked(
    packed: bool, entry: Entry, result: tuple[list[Problem], list[Problem], Any]
) -> tuple[list[Problem], list[Problem], Statement | None]:
    read, found, record = result
    return read, found, unpack(record) if packed and record is not None else record


def _read_cached(
    known: Known, context: bytes, old: dict[Any, Any], entry: Entry, files: Files
) -> tuple[bytes | None, Value | None]:
    """A statement file's cache key and, unless `old` holds that key, its value (see
    record_cache.py), from its `files`. The key is None when a file could not be read: that
    is not cached."""
    data, markdown = files
    key = None
    if data[0] is not None and (markdown is None or markdown[0] is not None):
        key = entry_key(context, entry, data[0], None if markdown is None else markdown[0])
        if key in old:
            return key, None
    doc, read = parse_entry(entry, data, markdown)
    if doc is None:
        return key, to_value(read, [], None)
    statement, found = check_statement(doc, known)
    return key, to_value(read, found, statement)


def _from_cache(
    known: Known, context: bytes, cache: Store, entry: Entry, result: tuple[bytes | None, Any]
) -> tuple[list[Problem], list[Problem], Statement | None]:
    """The problems and record of a `_read_cached` result, kept in `cache` for the next build."""
    key, value = result
    if value is None:
        value = cache.get(key)
    elif key is not None:
        cache.put(key, value)
    try:
        return from_value(value)
    except (TypeError, ValueError, IndexError, AttributeError):  # a damaged entry: check again
        key, value = _read_cached(known, context, {}, entry, entry_bytes(entry))
        if key is not None:
            cache.put(key, value)
        return from_value(value)  # type: ignore[arg-type]  # never None without `old`
