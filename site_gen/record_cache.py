"""Checked statements as builtin values: across the pipe from the workers, and in the cache.

A statement file is checked against what it refers to (`Known`). The cache of checked
statements (the store `records`, see cache.py) keys each file by a digest of its bytes, of the
Markdown file beside it, of its path and id, and of the whole `Known` it was checked against;
the value is its reading problems, its checking problems and its record, as builtin values
(`marshal` stores nothing else): dates and times as ISO text, dataclasses as tuples.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import fields
from datetime import date, datetime
from operator import attrgetter
from typing import Any

import yaml

from site_gen.cache import digest
from site_gen.errors import Problem
from site_gen.fingerprint import Fingerprints
from site_gen.model import Correction, Source, Statement, Translation, When
from site_gen.sources import Entry
from site_gen.validate import Known

STORE = "records"

# (reading problems, checking problems, record): problems as tuples of their fields
Value = tuple[tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...], list[Any] | None]


def stamp() -> bytes:
    """What every entry depends on besides site-gen's code: the YAML parser's versions."""
    libyaml = getattr(yaml, "__with_libyaml__", False)
    version = yaml._yaml.get_version_string() if libyaml else "none"
    return digest(f"PyYAML {yaml.__version__} libyaml {version}")


def context_digest(known: Known) -> bytes | None:
    """A digest of everything `check_statement` can read in `known`; None when a value in it
    cannot be digested (then nothing is cached)."""
    return Fingerprints().of(
        (
            known.config,
            known.countries,
            known.organizations,
            known.events,
            known.people,
            sorted(known.org_ids),
            sorted(known.event_ids),
        )
    )


def entry_key(context: bytes, entry: Entry, data: bytes, markdown: bytes | None) -> bytes:
    """The cache key of a statement file read as `data` (and `markdown` beside it)."""
    hasher = hashlib.blake2b(context, digest_size=16)
    sizes = (len(data), -1 if markdown is None else len(markdown))
    about = repr((entry.kind, entry.rel, entry.id, entry.has_markdown, sizes))
    hasher.update(about.encode("utf-8", "surrogatepass"))
    hasher.update(data)
    hasher.update(markdown or b"")
    return hasher.digest()


def to_value(read: list[Problem], found: list[Problem], statement: Statement | None) -> Value:
    """A statement file's problems and record as builtin values; `from_value` undoes it."""
    record = None
    if statement is not None:
        record = pack(statement)
        written, moment, day = record[_WHEN]
        record[_WHEN] = (written, None if moment is None else moment.isoformat(), day.isoformat())
        record[_CORRECTIONS] = [(w, d.isoformat(), note) for w, d, note in record[_CORRECTIONS]]
    return tuple(map(_problem_fields, read)), tuple(map(_problem_fields, found)), record


def from_value(value: Value) -> tuple[list[Problem], list[Problem], Statement | None]:
    """The problems and record of `to_value`, as they were (the value is left as it is)."""
    read, found, record = value
    statement = None
    if record is not None:
        values = list(record)
        written, moment, day = values[_WHEN]
        values[_WHEN] = (
            written,
            None if moment is None else datetime.fromisoformat(moment),
            date.fromisoformat(day),
        )
        values[_CORRECTIONS] = [(w, date.fromisoformat(d), n) for w, d, n in values[_CORRECTIONS]]
        statement = unpack(values)
    return [Problem(*p) for p in read], [Problem(*p) for p in found], statement


def _getter(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    return attrgetter(*(field.name for field in fields(cls)))


_problem_fields = _getter(Problem)
_statement_fields, _when_fields = _getter(Statement), _getter(When)
_source_fields, _translation_fields = _getter(Source), _getter(Translation)
_correction_fields = _getter(Correction)
_WHEN, _SOURCES, _TRANSLATIONS, _CORRECTIONS = (
    [field.name for field in fields(Statement)].index(name)
    for name in ("when", "sources", "translations", "corrections")
)


def pack(statement: Statement) -> list[Any]:
    """The statement as builtin values (and dates), to cross the pipe; `unpack` undoes it.

    Pickled as they are, frozen dataclasses with slots are taken apart and put together
    field by field in Python: this is a quarter faster both ways.
    """
    values = list(_statement_fields(statement))
    values[_WHEN] = _when_fields(statement.when)
    values[_SOURCES] = [_source_fields(source) for source in statement.sources]
    values[_TRANSLATIONS] = [_translation_fields(t) for t in statement.translations]
    values[_CORRECTIONS] = [_correction_fields(c) for c in statement.corrections]
    return values


def unpack(values: list[Any]) -> Statement:
    """The statement of `pack(statement)` (`values` is changed)."""
    values[_WHEN] = When(*values[_WHEN])
    values[_SOURCES] = tuple(Source(*source) for source in values[_SOURCES])
    values[_TRANSLATIONS] = tuple(Translation(*t) for t in values[_TRANSLATIONS])
    values[_CORRECTIONS] = tuple(Correction(*c) for c in values[_CORRECTIONS])
    return Statement(*values)
