"""Pure derivation of the HTML pages of a site from its model."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
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


class Cards(Mapping[str, Card]):
    """The card of each statement, made when first asked for (a worker makes only its own)."""

    def __init__(self, site: Site) -> None:
        self._site = site
        self._statements = {s.id: s for s in site.statements}
        self._made: dict[str, Card] = {}

    def __getitem__(self, statement_id: str) -> Card:
        card = self._made.get(statement_id)
        if card is None:
            statement = self._statements[statement_id]
            card = make_card(self._site, statement, self._site.config.zone)
            self._made[statement_id] = card
        return card

    def __iter__(self) -> Iterator[str]:
        return iter(self._statements)

    def __len__(self) -> int:
        return len(self._statements)


CARDS = "cards"  # the group of the pages that show statements' cards


@dataclass(frozen=True, slots=True)
class Planned:
    """A page not made yet: its path, how to make it (a pure function of the site), and the
    group of pages it shares parts with, if any: one worker makes a run of them, and each
    shared part once (`page_cache.render_all`)."""

    path: str
    make: Callable[[], Page]
    group: str | None = None


def plan_pages(site: Site) -> list[Planned]:
    """Every HTML page of the site, home first, in a stable order, each made on demand.

    Making a page's context is most of its cost: the render workers make their own pages, so
    no process holds every context at once.
    """
    cards = Cards(site)
    # A statement's card is shown on two to four pages (its event's, country's,
    # organisation's, speaker's): one worker makes them all, so that it makes each card
    # once (`once`). The index pages between them are in the group too: they are few and cheap,
    # and the run stays whole.
    listed = partial(Planned, group=CARDS)
    plan = [listed(urls.home(), partial(_home, site, cards))]
    plan += [listed(urls.event(e), partial(_event, site, e, cards)) for e in site.events]
    plan.append(listed(urls.countries(), partial(_countries, site)))
    plan += [
        listed(urls.country(country.slug), partial(_country, site, code, cards))
        for code, country in site.countries.items()
    ]
    plan.append(listed(urls.organizations(), partial(_organizations, site)))
    plan += [
        listed(urls.organization(org), partial(_organization, site, org, cards))
        for org in site.organizations
    ]
    plan.append(listed(urls.people(), partial(_people, site)))
    plan += [listed(urls.person(p), partial(_person, site, p, cards)) for p in site.people]
    plan += [
        Planned(urls.statement(s.id), partial(_statement, site, s, cards)) for s in site.statements
    ]
    plan.append(Planned("search/", partial(_search)))
    plan.append(Planned("404.html", partial(Page, "404.html", "404.html", "Page not found")))
    return plan


def _search() -> Page:
    return Page("search/", "search.html", "Search", {}, "Search every statement on this site.")


def stance_counts(statements: tuple[Statement, ...]) -> list[tuple[str, int]]:
    counts = Counter(s.stance for s in statements)
    return [(stance, counts[stance]) for stance in STANCES if counts[stance]]


def _home(site: Site, cards: Cards) -> Page:
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


def _event(site: Site, event_id: str, cards: Cards) -> Page:
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


def _by_event(site: Site, statements: tuple[Statement, ...], cards: Cards) -> list[dict[str, Any]]:
    groups: dict[str, list[Card]] = {}
    for s in statements:
        groups.setdefault(s.event, []).append(cards[s.id])
    order = list(site.events)
    return [
        {"event": site.events[e], "path": urls.event(e), "cards": groups[e]}
        for e in sorted(groups, key=order.index)
    ]


def _listing(
    site: Site, statements: tuple[Statement, ...], cards: Cards, *, every_event: bool
) -> dict[str, Any]:
    """What a country's or a person's page shows of their statements."""
    return {
        "groups": _by_event(site, statements, cards),
        "count": len(statements),
        "stances": stance_counts(statements),
        "compare": compare(site, statements, cards, every_event=every_event),
        "facets": derive_facets([cards[s.id] for s in statements]),
    }


def _countries(site: Site) -> Page:
    regions: dict[str, list[dict[str, Any]]] = {}
    for code, country in sorted(site.countries.items(), key=lambda item: item[1].name):
        statements = site.by_country[code]
        regions.setdefault(country.region, []).append(
            {"country": country, "path": urls.country(country.slug), "count": len(statements)}
        )
    return Page(
        urls.countries(),
        "countries.html",
        "Countries",
        {"regions": sorted(regions.items())},
        "Every country that has reacted, by region.",
    )


def _country(site: Site, code: str, cards: Cards) -> Page:
    country = site.countries[code]
    statements = site.by_country[code]
    context = {"country": country, **_listing(site, statements, cards, every_event=True)}
    return Page(
        urls.country(country.slug),
        "country.html",
        country.name,
        context,
        f"How {country.name} reacted, statement by statement.",
    )


def _organizations(site: Site) -> Page:
    listed = [
        {
            "organization": org,
            "path": urls.organization(org.id),
            "count": len(site.by_organization.get(org.id, ())),
        }
        for org in sorted(site.organizations.values(), key=lambda o: o.name)
    ]
    return Page(
        urls.organizations(),
        "organizations.html",
        "Organizations",
        {"organizations": listed},
        "International organisations and their statements.",
    )


def _organization(site: Site, org_id: str, cards: Cards) -> Page:
    org = site.organizations[org_id]
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
    return Page(
        urls.organization(org.id),
        "organization.html",
        org.name,
        context,
        f"Statements on behalf of {org.name}.",
    )


def _people(site: Site) -> Page:
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
    return Page(
        urls.people(), "people.html", "People", {"people": listed}, "Everyone quoted on this site."
    )


def _person(site: Site, person_id: str, cards: Cards) -> Page:
    person = site.people[person_id]
    statements = site.by_person.get(person.id, ())
    context = {
        "person": person,
        "native_dir": text_dir(person.native_language) if person.native_language else "auto",
        "affiliation": _affiliation(site, person.country, person.organization),
        "body_html": render_markdown(person.markdown, _base_path(site)),
        **_listing(site, statements, cards, every_event=False),
    }
    return Page(
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


def _statement(site: Site, statement: Statement, cards: Cards) -> Page:
    card = cards[statement.id]
    context = {
        "card": card,
        "statement": statement,
        "body_html": render_markdown(statement.markdown, _base_path(site)),
        "speaker": site.people[statement.speaker],
        **statement_additions(site, statement),
    }
    title = statement_title(card.speaker_name, card.event_title)
    return Page(card.path, "statement.html", title, context, statement.quote)
