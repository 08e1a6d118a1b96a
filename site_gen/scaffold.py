"""`site-gen new`: skeleton records for editors, with placeholders that `check` refuses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from site_gen.countries import builtin_countries, slugify
from site_gen.model import STANCES
from site_gen.sources import ID_PATTERN
from site_gen.textcheck import did_you_mean

PLACEHOLDER_TEXT = "REPLACE ME"
PLACEHOLDER_URL = "https://example.com/REPLACE-ME"


class ScaffoldError(Exception):
    """The skeleton cannot be written; the message says why and how to fix it."""


@dataclass(frozen=True, slots=True)
class Skeleton:
    """Files to create, relative to the site root, with their text."""

    files: tuple[tuple[str, str], ...]


def statement_skeleton(statement_id: str, event: str, speaker: str, now: datetime) -> Skeleton:
    """A statement with every field; `now` must be aware (it is written with its UTC offset)."""
    moment = now.replace(microsecond=0).isoformat()
    stances = " | ".join(STANCES)
    text = f"""\
# A statement: fill in every {PLACEHOLDER_TEXT}, then run `site-gen check`.
event: {event}
speaker: {speaker}
# on_behalf_of: FR                 # optional: country code or organisation id
# role: Prime Minister             # optional: role at the time; default: the person's role
date: {moment}   # when it was said, with its UTC offset; or only the day: {now.date()}
platform: {PLACEHOLDER_TEXT}              # X post, statement, press conference, phone call, ...
quote: >-
  {PLACEHOLDER_TEXT}
# language: en                     # optional: BCP 47 tag of the quote; default: the site language
translation: null                  # the English rendering when the quote is in another language
stance: neutral                    # {stances}
tags: []                           # e.g. [trade, security]
sources:                           # at least one
  - url: {PLACEHOLDER_URL}
    title: {PLACEHOLDER_TEXT}               # the headline as the page shows it
    publisher: {PLACEHOLDER_TEXT}
    accessed: {now.date()}
    # archive_url: https://web.archive.org/web/...   # optional
draft: false                       # true: built only with --drafts
"""
    context = f"{PLACEHOLDER_TEXT}: one or two sentences of context.\n"
    base = f"content/statements/{event}/{statement_id}"
    return Skeleton(((f"{base}.yaml", text), (f"{base}.md", context)))


def person_skeleton(person_id: str, name: str, country: str, organization: str) -> Skeleton:
    affiliation = (
        f"country: {country}                          # ISO 3166-1 alpha-2 code ...\n"
        f"# organization: eu                  # ... or an organisation id, exactly one of the two"
        if country
        else f"organization: {organization}                # an organisation id ...\n"
        f"# country: FR                       # ... or a country code, exactly one of the two"
    )
    text = f"""\
# A person: fill in every {PLACEHOLDER_TEXT}, then run `site-gen check`.
name: {_yaml_string(name)}
# native_name: ...                   # optional: the name in its own script
# native_language: hi                # optional: BCP 47 tag of the native name
{affiliation}
role: {PLACEHOLDER_TEXT}                     # default role, e.g. Prime Minister of India
links:                               # optional
  wikipedia: https://en.wikipedia.org/wiki/REPLACE-ME
"""
    return Skeleton(((f"content/people/{person_id}.yaml", text),))


def event_skeleton(event_id: str, title: str, now: datetime) -> Skeleton:
    moment = now.replace(microsecond=0).isoformat()
    text = f"""\
# An event: fill in every {PLACEHOLDER_TEXT}, then run `site-gen check`.
title: {_yaml_string(title)}
date: {moment}   # the moment reactions are measured from, with its UTC offset
summary: {PLACEHOLDER_TEXT}                   # one sentence: what happened
"""
    return Skeleton(((f"content/events/{event_id}.yaml", text),))


def new_statement(
    root: Path, event: str, speaker: str, now: datetime, statement_id: str | None = None
) -> list[Path]:
    """Write a statement skeleton for a known event and speaker; returns the files written."""
    _require(event, _ids(root / "content" / "events"), "event", "content/events/")
    _require(speaker, _ids(root / "content" / "people"), "speaker", "content/people/")
    taken = _statement_ids(root)
    if statement_id is None:
        statement_id = _free_id(speaker, taken)
    else:
        _check_id(statement_id, "--id")
        if statement_id in taken:
            raise ScaffoldError(
                f"the statement id {statement_id!r} is already used by {taken[statement_id]}; "
                "choose another --id"
            )
    return write_skeleton(root, statement_skeleton(statement_id, event, speaker, now))


def new_person(
    root: Path, name: str, country: str = "", organization: str = "", person_id: str | None = None
) -> list[Path]:
    if bool(country) == bool(organization):
        raise ScaffoldError("give exactly one of --country and --organization")
    if country:
        codes = set(builtin_countries())
        if country.upper() not in codes:
            hint = did_you_mean(country.upper(), codes) or "use a code such as IN or FR"
            raise ScaffoldError(f"{country!r} is not an ISO 3166-1 alpha-2 code; {hint}")
        country = country.upper()
    else:
        _require(
            organization,
            _ids(root / "content" / "organizations"),
            "organization",
            "content/organizations/",
        )
    person_id = person_id or slug(name)
    _check_id(person_id, "--id")
    return write_skeleton(root, person_skeleton(person_id, name, country, organization))


def new_event(root: Path, title: str, now: datetime, event_id: str | None = None) -> list[Path]:
    event_id = event_id or slug(title)
    _check_id(event_id, "--id")
    return write_skeleton(root, event_skeleton(event_id, title, now))


def write_skeleton(root: Path, skeleton: Skeleton) -> list[Path]:
    """Create every file of the skeleton; refuse, writing nothing, if any of them exists."""
    paths = [root / rel for rel, _ in skeleton.files]
    for path, (rel, _) in zip(paths, skeleton.files, strict=True):
        if path.exists():
            raise ScaffoldError(f"{rel} already exists; it was left as it is")
    written: list[Path] = []
    for path, (_, text) in zip(paths, skeleton.files, strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
            handle.write(text)
        written.append(path)
    return written


def slug(text: str) -> str:
    """`Narendra Modi` -> `narendra-modi`: an id made from a name or title."""
    return slugify(text)[:80].strip("-")


def _require(value: str, known: set[str], what: str, folder: str) -> None:
    if value not in known:
        hint = did_you_mean(value, known) or f"add it under {folder} first"
        raise ScaffoldError(f"unknown {what} {value!r}; {hint}")


def _check_id(value: str, option: str) -> None:
    if not ID_PATTERN.match(value) or len(value) > 80:
        raise ScaffoldError(
            f"{option} {value!r} is not a valid id; "
            "use lowercase letters, digits and hyphens, e.g. narendra-modi"
        )


def _ids(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {p.stem for p in folder.iterdir() if p.suffix in (".yaml", ".yml")}


def _statement_ids(root: Path) -> dict[str, str]:
    folder = root / "content" / "statements"
    if not folder.is_dir():
        return {}
    found = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))
    return {p.stem: p.relative_to(root).as_posix() for p in found}


def _free_id(base: str, taken: dict[str, str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar: safe for any name or title."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
