"""Pure derivation of the HTML pages of a site from its model."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from site_gen import urls
from site_gen.charts import first_reactions, stance_by_region
from site_gen.markup import render_markdown
from site_gen.model import STANCES, Site, Statement
from site_gen.reactions import compare, event_additions, statement_additions
from site_gen.timeline import derive_facets, group_by_day_and_hour
from site_gen.views import Card, make_card, statement_title, text_dir

LATEST_ON_HOME = 10


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML page: where it goes, which template draws it, and what it is given."""

    path: str  # site path below the base URL, e.g. "events/us-election-2024/"
    template: str
    title: str
    context: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""


def derive_pages(site: Site) -> Iterator[Page]:
    """Every HTML page of the site, home first, in a stable order."""
    cards = {s.id: make_card(site, s, site.config.zone) for s in site.statements}
    yield _home(site, cards)
    for event in site.events.values():
        yield _event(site, event.id, cards)
    yield from _countries(site, cards)
    yield from _organizations(site, cards)
    yield from _people(site, cards)
    for statement in site.statements:
        yield _statement(site, statement, cards[statement.id])
    yield Page("search/", "search.html", "Search", {}, "Search every statement on this site.")
    yield Page("404.html", "404.html", "Page not found")


def stance_counts(statements: tuple[Statement, ...]) -> list[tuple[str, int]]:
    counts = Counter(s.stance for s in statements)
    return [(stance, counts[stance]) for stance in STANCES if counts[stance]]


def _home(site: Site, cards: dict[str, Card]) -> Page:
    events = [
        {"event": e, "path": urls.event(e.id), "count": len(site.by_event.get(e.id, ()))}
        for e in sorted(site.events.values(), key=lambda e: (e.moment, e.id), reverse=True)
    ]
    latest = [cards[s.id] for s in reversed(site.statements[-LATEST_ON_HOME:])]
    return Page(
        urls.home(),
        "home.html",
        site.config.title,
        {"events": events, "latest": latest},
        site.config.description,
    )


def _event(site: Site, event_id: str, cards: dict[str, Card]) -> Page:
    event = site.events[event_id]
    statements = site.by_event.get(event_id, ())
    event_cards = [cards[s.id] for s in statements]
    additions = event_additions(site, event_id, cards)
    context = {
        "event": event,
        "body_html": render_markdown(event.markdown, _base_path(site)),
        "timeline": group_by_day_and_hour(event_cards, additions["milestones"], site.config.zone),
        "facets": derive_facets(event_cards),
        "reactions": first_reactions(event, event_cards, site.config.zone),
        "regions": stance_by_region(event_cards, urls.event(event_id)),
        "count": len(statements),
        "stances": stance_counts(statements),
        **additions,
    }
    return Page(urls.event(event_id), "event.html", event.title, context, event.summary)


def _by_event(
    site: Site, statements: tuple[Statement, ...], cards: dict[str, Card]
) -> list[dict[str, Any]]:
    groups: dict[str, list[Card]] = {}
    for s in statements:
        groups.setdefault(s.event, []).append(cards[s.id])
    order = list(site.events)
    return [
        {"event": site.events[e], "path": urls.event(e), "cards": groups[e]}
        for e in sorted(groups, key=order.index)
    ]


def _countries(site: Site, cards: dict[str, Card]) -> Iterator[Page]:
    regions: dict[str, list[dict[str, Any]]] = {}
    for code, country in sorted(site.countries.items(), key=lambda item: item[1].name):
        statements = site.by_country[code]
        regions.setdefault(country.region, []).append(
            {"country": country, "path": urls.country(country.slug), "count": len(statements)}
        )
    yield Page(
        urls.countries(),
        "countries.html",
        "Countries",
        {"regions": sorted(regions.items())},
        "Every country that has reacted, by region.",
    )
    for code, country in site.countries.items():
        statements = site.by_country[code]
        context = {
            "country": country,
            "groups": _by_event(site, statements, cards),
            "count": len(statements),
            "stances": stance_counts(statements),
            "compare": compare(site, statements, cards, every_event=True),
            "facets": derive_facets([cards[s.id] for s in statements]),
        }
        yield Page(
            urls.country(country.slug),
            "country.html",
            country.name,
            context,
            f"How {country.name} reacted, statement by statement.",
        )


def _organizations(site: Site, cards: dict[str, Card]) -> Iterator[Page]:
    listed = [
        {
            "organization": org,
            "path": urls.organization(org.id),
            "count": len(site.by_organization.get(org.id, ())),
        }
        for org in sorted(site.organizations.values(), key=lambda o: o.name)
    ]
    yield Page(
        urls.organizations(),
        "organizations.html",
        "Organizations",
        {"organizations": listed},
        "International organisations and their statements.",
    )
    for org in site.organizations.values():
        statements = site.by_organization.get(org.id, ())
        context = {
            "organization": org,
            "body_html": render_markdown(org.markdown, _base_path(site)),
            "groups": _by_event(site, statements, cards),
            "count": len(statements),
            "stances": stance_counts(statements),
            "members": [
                {"person": p, "path": urls.person(p.id)}
                for p in site.people.values()
                if p.organization == org.id
            ],
        }
        yield Page(
            urls.organization(org.id),
            "organization.html",
            org.name,
            context,
            f"Statements on behalf of {org.name}.",
        )


def _people(site: Site, cards: dict[str, Card]) -> Iterator[Page]:
    listed = []
    for person in sorted(site.people.values(), key=lambda p: (p.name, p.id)):
        statements = site.by_person.get(person.id, ())
        listed.append(
            {
                "person": person,
                "path": urls.person(person.id),
                "count": len(statements),
                "affiliation": _affiliation(site, person.country, person.organization),
            }
        )
    yield Page(
        urls.people(), "people.html", "People", {"people": listed}, "Everyone quoted on this site."
    )
    for person in site.people.values():
        statements = site.by_person.get(person.id, ())
        context = {
            "person": person,
            "native_dir": text_dir(person.native_language) if person.native_language else "auto",
            "affiliation": _affiliation(site, person.country, person.organization),
            "body_html": render_markdown(person.markdown, _base_path(site)),
            "groups": _by_event(site, statements, cards),
            "count": len(statements),
            "stances": stance_counts(statements),
            "compare": compare(site, statements, cards, every_event=False),
            "facets": derive_facets([cards[s.id] for s in statements]),
        }
        yield Page(
            urls.person(person.id),
            "person.html",
            person.name,
            context,
            person.role or f"Statements by {person.name}.",
        )


def _base_path(site: Site) -> str:
    return urls.Urls(site.config.base_url).prefix


def _affiliation(site: Site, country: str, organization: str) -> dict[str, str]:
    if country:
        known = site.countries.get(country)
        return {
            "name": known.name if known else country,
            "flag": known.flag if known else "",
            "path": urls.country(known.slug) if known else "",
        }
    org = site.organizations[organization]
    return {"name": org.name, "flag": "", "path": urls.organization(org.id)}


def _statement(site: Site, statement: Statement, card: Card) -> Page:
    context = {
        "card": card,
        "statement": statement,
        "body_html": render_markdown(statement.markdown, _base_path(site)),
        "speaker": site.people[statement.speaker],
        **statement_additions(site, statement),
    }
    title = statement_title(card.speaker_name, card.event_title)
    return Page(card.path, "statement.html", title, context, statement.quote)
