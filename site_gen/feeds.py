"""Atom feeds (RFC 4287) for the site and each event, country, organisation and person."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from site_gen import urls
from site_gen.model import Site, Statement
from site_gen.reactions import correction_entries
from site_gen.stamps import moment_of, utc_text
from site_gen.xmltext import escape, quoteattr

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 50  # newest entries per feed
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Feed:
    """One feed: where it goes, the HTML page it mirrors, and its statements in time order."""

    path: str  # e.g. "events/us-election-2024/feed.xml"
    page: str  # the page it belongs to, e.g. "events/us-election-2024/"
    title: str
    subtitle: str
    statements: tuple[Statement, ...]


def feed_path(page: str) -> str:
    """The feed beside a page: `feed.xml` in the page's folder."""
    return page + "feed.xml"


def derive_feeds(site: Site) -> Iterator[Feed]:
    """Every feed of the site, in a stable order: site, events, countries, organisations, people."""
    title = site.config.title
    yield Feed(feed_path(urls.home()), urls.home(), title, site.config.description, site.statements)
    for event in site.events.values():
        page = urls.event(event.id)
        yield Feed(
            feed_path(page),
            page,
            f"{event.title} · {title}",
            event.summary,
            site.by_event.get(event.id, ()),
        )
    for code, country in site.countries.items():
        page = urls.country(country.slug)
        statements = site.by_country.get(code, ())
        subtitle = f"How {country.name} reacted, statement by statement."
        yield Feed(feed_path(page), page, f"{country.name} · {title}", subtitle, statements)
    for org in site.organizations.values():
        page = urls.organization(org.id)
        statements = site.by_organization.get(org.id, ())
        subtitle = f"Statements on behalf of {org.name}."
        yield Feed(feed_path(page), page, f"{org.name} · {title}", subtitle, statements)
    for person in site.people.values():
        page = urls.person(person.id)
        statements = site.by_person.get(person.id, ())
        subtitle = person.role or f"Statements by {person.name}."
        yield Feed(feed_path(page), page, f"{person.name} · {title}", subtitle, statements)


def render_feed(site: Site, feed: Feed, entries: dict[str, list[str]] | None = None) -> bytes:
    """The feed as an Atom document; every date comes from the content.

    `entries` keeps each statement's entry for the other feeds it is in (site, event,
    country, person): pass the same dict for every feed of one build.
    """
    entries = {} if entries is None else entries
    link = urls.Urls(site.config.base_url).absolute
    lines = [
        "<?xml version='1.0' encoding='utf-8'?>",
        f'<feed xmlns="{ATOM}" xml:lang={quoteattr(site.config.language)}>',
        _text("id", link(feed.path)),
        _text("title", feed.title, type="text"),
    ]
    if feed.subtitle:
        lines.append(_text("subtitle", feed.subtitle, type="text"))
    lines += [
        _text("updated", utc_text(_updated(site, feed))),
        _link(link(feed.path), "self", "application/atom+xml"),
        _link(link(feed.page), "alternate", "text/html"),
        "<author>",
        _text("name", site.config.title),
        _text("uri", link(urls.home())),
        "</author>",
        _text("generator", "site-gen"),
    ]
    for statement in reversed(feed.statements[-FEED_LIMIT:]):
        entry = entries.get(statement.id)
        if entry is None:
            entry = entries[statement.id] = _entry(site, statement)
        lines += entry
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _entry(site: Site, statement: Statement) -> list[str]:
    link = urls.Urls(site.config.base_url).absolute
    speaker = site.people[statement.speaker]
    actor = site.actor_of[statement.id]
    event = site.events[statement.event]
    stamp = utc_text(moment_of(statement))
    lines = [
        "<entry>",
        _text("id", link(urls.statement(statement.id))),
        _text("title", f"{speaker.name} ({actor.name}) on {event.title}", type="text"),
        _text("published", stamp),
        _text("updated", stamp),
        "<author>",
        _text("name", speaker.name),
        _text("uri", link(urls.person(speaker.id))),
        "</author>",
        _link(link(urls.statement(statement.id)), "alternate", "text/html"),
    ]
    lines += [
        f"<category term={quoteattr(_clean(t))}/>" for t in (statement.stance, *statement.tags)
    ]
    if statement.translation:
        summary = statement.translation
        lines.append(_text("summary", summary, type="text", **{"xml:lang": site.config.language}))
    lines.append(_text("content", statement.quote, type="text", **{"xml:lang": statement.language}))
    lines.append("</entry>")
    return lines


def _updated(site: Site, feed: Feed) -> datetime:
    """The newest entry; a feed without entries takes the newest thing the site knows of."""
    if feed.statements:
        return moment_of(feed.statements[-1])
    if site.statements:
        return moment_of(site.statements[-1])
    return max((e.moment for e in site.events.values()), default=_EPOCH)


def _clean(text: str) -> str:
    """Drop characters that XML 1.0 cannot carry (YAML lets few through, but never any)."""
    return _NOT_XML.sub("", text)


def _text(tag: str, text: str, **attrs: str) -> str:
    """`<tag a="v">text</tag>`, escaped."""
    attributes = "".join(f" {name}={quoteattr(_clean(value))}" for name, value in attrs.items())
    return f"<{tag}{attributes}>{escape(_clean(text))}</{tag}>"


def _link(href: str, rel: str, media_type: str) -> str:
    return f"<link rel={quoteattr(rel)} type={quoteattr(media_type)} href={quoteattr(href)}/>"


CORRECTIONS_PATH = "corrections.xml"


def render_corrections_feed(site: Site) -> bytes:
    """The site's corrections as an Atom feed, newest first; each entry links to its statement."""
    link = urls.Urls(site.config.base_url).absolute
    entries = correction_entries(site)
    newest = (
        datetime.combine(entries[0][1].day, datetime.min.time(), tzinfo=UTC)
        if entries
        else _updated(site, Feed("", "", "", "", site.statements))
    )
    lines = [
        "<?xml version='1.0' encoding='utf-8'?>",
        f'<feed xmlns="{ATOM}" xml:lang={quoteattr(site.config.language)}>',
        _text("id", link(CORRECTIONS_PATH)),
        _text("title", f"Corrections · {site.config.title}", type="text"),
        _text("updated", utc_text(newest)),
        _link(link(CORRECTIONS_PATH), "self", "application/atom+xml"),
        _link(link(urls.home()), "alternate", "text/html"),
        "<author>",
        _text("name", site.config.title),
        _text("uri", link(urls.home())),
        "</author>",
    ]
    for statement, correction in entries:
        number = statement.corrections.index(correction) + 1
        page = link(urls.statement(statement.id))
        stamp = utc_text(datetime.combine(correction.day, datetime.min.time(), tzinfo=UTC))
        speaker = site.people[statement.speaker]
        event = site.events[statement.event]
        lines += [
            "<entry>",
            _text("id", f"{page}#correction-{number}"),
            _text("title", f"Correction: {speaker.name} on {event.title}", type="text"),
            _text("updated", stamp),
            _link(page, "alternate", "text/html"),
            _text("content", correction.note, type="text"),
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
