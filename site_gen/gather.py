"""Gather the content: read and check every record, into records or every problem at once.

The statements, nearly all the files, are read and checked on all cores once what they refer
to (the site file, countries, organisations, events and people) has been read and checked
here; the problems come out in the order a reading on one core gives them.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

from site_gen.checks import with_base_url
from site_gen.errors import BuildFailed, Problem, errors_in
from site_gen.model import Correction, Records, Source, Statement, Translation, When
from site_gen.parallel import close, forks, map_ordered
from site_gen.sources import Entry, list_content, read_entry
from site_gen.validate import Known, check_referenced, check_statement, records_of


def check_site(
    root: Path, *, drafts: bool = False, base_url: str | None = None
) -> tuple[Records | None, list[Problem]]:
    """Read and check all content; the records are None when there are errors."""
    with _gc_paused():  # parsing makes many small objects and no cycles: skip the scans
        records, problems = read_and_check(root, drafts=drafts)
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
        records = Records(
            config,
            records.events,
            records.people,
            records.organizations,
            records.countries,
            records.statements,
        )
    if errors_in(problems):
        return None, problems
    return records, problems


def check_problems(root: Path) -> list[Problem]:
    """The problems of `check_site(root)`, without making records: all `site-gen check` needs
    (the workers then send no statements back)."""
    with _gc_paused():
        return read_and_check(root, records=False)[1]


def read_and_check(
    root: Path, *, drafts: bool = False, records: bool = True
) -> tuple[Records | None, list[Problem]]:
    """`validate.check(read_content(root))`, with the same records and problems, in order:
    the listing's, each file's reading problems, then the checks of what statements refer
    to, then each statement's. Without `records`, the records are None."""
    entries, problems = list_content(root)
    if entries is None:
        return None, problems
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
    pack = records and forks(files)  # records that cross the pipe go as builtin values
    results = map_ordered(partial(_read_statement, known, records, pack), files, uniform=True)
    try:
        for read, found, record in results:
            problems += read
            later += found
            if record is not None:
                statement = _unpack(record) if pack else record
                if drafts or not statement.draft:
                    statements.append(statement)
    except BuildFailed as failure:  # a worker failed: say so with what was found before
        return None, [*problems, *checked, *later, *failure.problems]
    finally:
        close(results)
    problems += checked
    problems += later
    if known is None or not records:
        return None, problems
    return records_of(known, statements, problems), problems


def _read_statement(
    known: Known | None, records: bool, pack: bool, entry: Entry
) -> tuple[list[Problem], list[Problem], Any]:
    """A statement file's reading problems, its checking problems, and its record (packed
    with `pack`; None without `records`, or when it has an error)."""
    doc, read = read_entry(entry)
    if doc is None or known is None:
        return read, [], None
    statement, found = check_statement(doc, known)
    if not records or statement is None:
        return read, found, None
    return read, found, _pack(statement) if pack else statement


def _getter(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    return attrgetter(*(field.name for field in fields(cls)))


_statement_fields, _when_fields = _getter(Statement), _getter(When)
_source_fields, _translation_fields = _getter(Source), _getter(Translation)
_correction_fields = _getter(Correction)
_WHEN, _SOURCES, _TRANSLATIONS, _CORRECTIONS = (
    [field.name for field in fields(Statement)].index(name)
    for name in ("when", "sources", "translations", "corrections")
)


def _pack(statement: Statement) -> list[Any]:
    """The statement as builtin values (and dates), to cross the pipe; `_unpack` undoes it.

    Pickled as they are, frozen dataclasses with slots are taken apart and put together
    field by field in Python: this is a quarter faster both ways.
    """
    values = list(_statement_fields(statement))
    values[_WHEN] = _when_fields(statement.when)
    values[_SOURCES] = [_source_fields(source) for source in statement.sources]
    values[_TRANSLATIONS] = [_translation_fields(t) for t in statement.translations]
    values[_CORRECTIONS] = [_correction_fields(c) for c in statement.corrections]
    return values


def _unpack(values: list[Any]) -> Statement:
    values[_WHEN] = When(*values[_WHEN])
    values[_SOURCES] = tuple(Source(*source) for source in values[_SOURCES])
    values[_TRANSLATIONS] = tuple(Translation(*t) for t in values[_TRANSLATIONS])
    values[_CORRECTIONS] = tuple(Correction(*c) for c in values[_CORRECTIONS])
    return Statement(*values)


@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
