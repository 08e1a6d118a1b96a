"""Per-kind checks: documents in, typed records and every problem out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from site_gen.checks import (
    check_country,
    check_country_slugs,
    check_event,
    check_organization,
    check_person,
    check_site_config,
    country_code,
    zone,
)
from site_gen.countries import builtin_countries
from site_gen.errors import Problem
from site_gen.extra_fields import (
    quote_required,
    read_act,
    read_corrections,
    read_source_kinds,
    read_translations,
)
from site_gen.fields import Fields
from site_gen.model import (
    STANCES,
    Country,
    Event,
    Organization,
    Person,
    Records,
    SiteConfig,
    Statement,
)
from site_gen.sources import Document
from site_gen.textcheck import PLACEHOLDER, did_you_mean

STATEMENT_FIELDS = (
    "event",
    "speaker",
    "on_behalf_of",
    "role",
    "date",
    "platform",
    "quote",
    "language",
    "translation",
    "stance",
    "tags",
    "sources",
    "draft",
    "act",
    "translations",
    "corrections",
)


@dataclass(frozen=True, slots=True)
class Known:
    """The checked records that statements refer to."""

    config: SiteConfig
    countries: dict[str, Country]
    organizations: tuple[Organization, ...]
    events: tuple[Event, ...]
    people: dict[str, Person]  # by id, in file order
    org_ids: set[str]
    event_ids: set[str]


def check(
    documents: Iterable[Document], *, drafts: bool = False
) -> tuple[Records | None, list[Problem]]:
    """Check every document and the references between them; records only if all is well."""
    documents = list(documents)
    known, problems = check_referenced(d for d in documents if d.kind != "statement")
    if known is None:
        return None, problems
    statements = []
    for doc in documents:  # ids are unique: the reader refuses a second claim
        if doc.kind == "statement":
            statement, found = check_statement(doc, known)
            problems += found
            if statement is not None and (drafts or not statement.draft):
                statements.append(statement)
    return records_of(known, statements, problems), problems


def check_referenced(documents: Iterable[Document]) -> tuple[Known | None, list[Problem]]:
    """Check the site file, countries, organisations, events and people (not statements);
    None when there is no site file."""
    by_kind: dict[str, list[Document]] = {}
    for doc in documents:
        by_kind.setdefault(doc.kind, []).append(doc)
    problems: list[Problem] = []
    site_docs = by_kind.get("site", [])
    if not site_docs:
        return None, problems
    config = check_site_config(site_docs[0], problems)
    site_zone = zone(config.timezone)
    countries = dict(builtin_countries())
    for doc in by_kind.get("country", []):
        check_country(doc, countries, problems)
    check_country_slugs(countries, by_kind.get("country", []), problems)
    orgs = [
        o for doc in by_kind.get("organization", []) if (o := check_organization(doc, problems))
    ]
    org_ids = {o.id for o in orgs}
    events = [
        e
        for doc in by_kind.get("event", [])
        if (e := check_event(doc, site_zone, problems, org_ids))
    ]
    people = {
        p.id: p
        for doc in by_kind.get("person", [])
        if (p := check_person(doc, countries, org_ids, problems))
    }
    event_ids = {e.id for e in events}
    known = Known(config, countries, tuple(orgs), tuple(events), people, org_ids, event_ids)
    return known, problems


def records_of(
    known: Known, statements: list[Statement], problems: list[Problem]
) -> Records | None:
    """The records, or None when `problems` holds an error."""
    if any(p.is_error for p in problems):
        return None
    people = tuple(known.people.values())
    return Records(
        known.config, known.events, people, known.organizations, known.countries, tuple(statements)
    )


def check_statement(doc: Document, known: Known) -> tuple[Statement | None, list[Problem]]:
    """One statement as a record (None when it has an error), and its problems."""
    f = Fields(doc, STATEMENT_FIELDS)
    event = f.ident("event", required=True, example="us-election-2024")
    if event and event not in known.event_ids:
        f.error(
            ("event",),
            f"unknown event {event!r}",
            did_you_mean(event, known.event_ids) or "add it under content/events/",
        )
    speaker = f.ident("speaker", required=True, example="narendra-modi")
    person = known.people.get(speaker)
    if speaker and person is None:
        f.error(
            ("speaker",),
            f"unknown speaker {speaker!r}",
            did_you_mean(speaker, known.people) or "add them under content/people/",
        )
    on_behalf_of = f.text("on_behalf_of", limit=80)
    actor_type, actor_id = _actor(f, on_behalf_of, person, known.countries, known.org_ids)
    when = f.when("date", required=True)
    quote = f.text("quote", required=quote_required(f), example="the words as said")
    stance = f.text("stance") or "neutral"
    if stance not in STANCES:
        f.error(
            ("stance",),
            f"'stance' is {stance!r}",
            did_you_mean(stance, STANCES) or f"use one of: {' | '.join(STANCES)}",
        )
    statement = Statement(
        id=doc.id,
        event=event,
        speaker=speaker,
        on_behalf_of=on_behalf_of,
        actor_type=actor_type,
        actor_id=actor_id,
        role=f.text("role") or (person.role if person else ""),
        when=when,  # type: ignore[arg-type]  # None only when a problem was recorded
        platform=f.text("platform"),
        quote=quote,
        language=f.language("language", default=known.config.language),
        translation=f.text("translation"),
        stance=stance,
        tags=f.tags("tags"),
        sources=read_source_kinds(f, f.sources("sources")),
        draft=f.flag("draft"),
        markdown=doc.markdown or "",
        path=doc.path,
        act=read_act(f),
        translations=read_translations(f),
        corrections=read_corrections(f),
    )
    _check_context(doc, f)
    if any(p.is_error for p in f.problems):
        return None, f.problems
    return statement, f.problems


def _check_context(doc: Document, f: Fields) -> None:
    """A statement should have a context file, and it must not hold a placeholder."""
    if doc.markdown is None:
        md = doc.path.rsplit(".", 1)[0] + ".md"
        f.warn((), "this statement has no context file", f"write one or two sentences in {md}")
        return
    found = PLACEHOLDER.search(doc.markdown)
    if found:
        before = doc.markdown[: found.start()]
        line = before.count("\n") + 1
        column = found.start() - (before.rfind("\n") + 1) + 1
        f.problems.append(
            Problem(
                doc.markdown_path or doc.path,
                line,
                column,
                f"the context still has the placeholder {found.group()!r}",
                "write one or two sentences: who said it, where, and why it matters",
            )
        )


def _actor(
    f: Fields,
    on_behalf_of: str,
    person: Person | None,
    countries: dict[str, Country],
    org_ids: set[str],
) -> tuple[str, str]:
    if not on_behalf_of:
        if person is None:
            return "", ""
        return (
            ("country", person.country) if person.country else ("organization", person.organization)
        )
    if on_behalf_of in org_ids:
        return "organization", on_behalf_of
    if on_behalf_of.upper() in countries or (on_behalf_of.isupper() and len(on_behalf_of) == 2):
        return "country", country_code(f, ("on_behalf_of",), on_behalf_of, countries)
    f.error(
        ("on_behalf_of",),
        f"'on_behalf_of' is {on_behalf_of!r}: not a country code or organization id",
        did_you_mean(on_behalf_of, org_ids) or "use a code like FR or an id like eu",
    )
    return "", ""
