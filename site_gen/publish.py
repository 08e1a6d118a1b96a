"""Every machine-readable file of a site: feeds, sitemap, robots.txt, open data, timelines."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from site_gen import export, search
from site_gen.feeds import (
    CORRECTIONS_PATH,
    Feed,
    derive_feeds,
    render_corrections_feed,
    render_feed,
)
from site_gen.model import Site
from site_gen.pages import Page
from site_gen.seo import with_meta
from site_gen.sitemap import SITEMAP_PATH, render_robots, render_sitemap


def feeds_by_page(site: Site) -> dict[str, Feed]:
    """Each feed, keyed by the path of the page it belongs to."""
    return {feed.page: feed for feed in derive_feeds(site)}


def with_head(site: Site, pages: Iterable[Page]) -> list[Page]:
    """The pages, each given the feed links and share/search metadata of its head."""
    feeds = feeds_by_page(site)
    return [with_meta(site, page, feeds) for page in pages]


def derive_files(site: Site, pages: Iterable[Page]) -> Iterator[tuple[str, bytes]]:
    """(output path, bytes) of every file beside the HTML pages, in a stable order."""
    for feed in derive_feeds(site):
        yield feed.path, render_feed(site, feed)
    yield CORRECTIONS_PATH, render_corrections_feed(site)
    yield SITEMAP_PATH, render_sitemap(site, (page.path for page in pages))
    yield "robots.txt", render_robots(site)
    records = export.statement_records(site)  # once, for both the JSON and the CSV
    yield export.JSON_PATH, export.render_statements_json(records)
    yield export.CSV_PATH, export.render_statements_csv(records)
    yield export.SCHEMA_PATH, export.render_schema(site)
    yield export.EVENTS_PATH, export.render_events_json(site)
    for event_id in site.events:
        yield export.timeline_path(event_id), export.render_timeline(site, event_id)
    yield from search.search_files(site)
