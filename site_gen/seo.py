"""What a page tells sharers and search engines: feed links, OpenGraph, Twitter, JSON-LD."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from site_gen import urls
from site_gen.feeds import Feed
from site_gen.model import Site, Statement
from site_gen.pages import Page
from site_gen.safejson import json_for_script

DESCRIPTION_LIMIT = 200
NOT_INDEXED = frozenset({"404.html"})


# Inside <script>, "<" could start "</script>" or "<!--"; U+2028/9 end lines in old JavaScript.
@dataclass(frozen=True, slots=True)
class FeedLink:
    title: str
    path: str


@dataclass(frozen=True, slots=True)
class Meta:
    """The head of one page, beyond its title and canonical link."""

    title: str
    description: str
    url: str  # absolute
    type: str  # OpenGraph type: "website" or "article"
    feeds: tuple[FeedLink, ...]
    json_ld: Markup  # script-safe JSON, or "" for none
    indexed: bool


def with_meta(site: Site, page: Page, feeds: Mapping[str, Feed]) -> Page:
    """The page with `meta` in its context; `feeds` maps page paths to their feeds."""
    absolute = urls.Urls(site.config.base_url).absolute
    links = [FeedLink(site.config.title, feeds[urls.home()].path)] if urls.home() in feeds else []
    own = feeds.get(page.path)
    if own is not None and page.path != urls.home():
        links.append(FeedLink(own.title, own.path))
    statement = page.context.get("statement")
    if not (isinstance(statement, Statement) and page.path == urls.statement(statement.id)):
        statement = None
    meta = Meta(
        title=page.title,
        description=shorten(page.description or site.config.description),
        url=absolute(page.path),
        type="article" if statement is not None or page.template == "event.html" else "website",
        feeds=tuple(links),
        json_ld=Markup("") if statement is None else quotation_json_ld(site, statement),
        indexed=page.path not in NOT_INDEXED,
    )
    return dataclasses.replace(page, context={**page.context, "meta": meta})


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """One line of at most `limit` characters, cut at a word with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] if " " in line[: limit - 1] else line[: limit - 1]
    return cut.rstrip(",;:.") + "…"


def script_json(data: Any) -> Markup:
    """JSON that is safe verbatim inside a <script> element: nothing in it can close the element."""
    # one line: with `indent`, the json module falls back to its pure-Python encoder
    return Markup(json_for_script(data))  # safe: see site_gen.safejson


def quotation(site: Site, statement: Statement) -> dict[str, Any]:
    """The statement as a schema.org Quotation."""
    absolute = urls.Urls(site.config.base_url).absolute
    speaker = site.people[statement.speaker]
    actor = site.actor_of[statement.id]
    event = site.events[statement.event]
    permalink = absolute(urls.statement(statement.id))
    creator: dict[str, Any] = {
        "@type": "Person",
        "name": speaker.name,
        "url": absolute(urls.person(speaker.id)),
        "affiliation": {
            "@type": "Country" if actor.type == "country" else "Organization",
            "name": actor.name,
        },
    }
    if statement.role:
        creator["jobTitle"] = statement.role
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "@id": permalink,
        "url": permalink,
        "text": statement.quote,
        "inLanguage": statement.language,
        "dateCreated": statement.when.written,
        "creator": creator,
        "about": {
            "@type": "Event",
            "name": event.title,
            "startDate": event.moment.isoformat(),
            "url": absolute(urls.event(event.id)),
        },
        "citation": [_citation(s.url, s.title, s.publisher) for s in statement.sources],
    }
    if statement.translation:
        data["workTranslation"] = {
            "@type": "Quotation",
            "text": statement.translation,
            "inLanguage": site.config.language,
        }
    return data


def quotation_json_ld(site: Site, statement: Statement) -> Markup:
    return script_json(quotation(site, statement))


def _citation(url: str, title: str, publisher: str) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "url": url}
    if title:
        work["name"] = title
    if publisher:
        work["publisher"] = {"@type": "Organization", "name": publisher}
    return work
