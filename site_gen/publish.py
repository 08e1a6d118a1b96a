"""Every machine-readable file of a site: feeds, sitemap, robots.txt, open data, timelines."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial

from site_gen import export
from site_gen.feeds import (
    CORRECTIONS_PATH,
    Feed,
    derive_feeds,
    render_corrections_feed,
    render_feed,
)
from site_gen.model import Site
from site_gen.pages import Page, Planned
from site_gen.seo import with_meta
from site_gen.sitemap import SITEMAP_PATH, render_robots, render_sitemap


def feeds_by_page(site: Site) -> dict[str, Feed]:
    """Each feed, keyed by the path of the page it belongs to."""
    return {feed.page: feed for feed in derive_feeds(site)}


def with_head(site: Site, plan: Iterable[Planned]) -> list[Planned]:
    """The planned pages, each to be given the feed links and share metadata of its head."""
    feeds = feeds_by_page(site)
    return [Planned(p.path, partial(_headed, site, feeds, p.make)) for p in plan]


def _headed(site: Site, feeds: dict[str, Feed], make: Callable[[], Page]) -> Page:
    return with_meta(site, make(), feeds)


def derive_files(site: Site, page_paths: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    """(output path, bytes) of every file beside the HTML pages, in a stable order."""
    entries: dict[str, list[str]] = {}
    for feed in derive_feeds(site):
        yield feed.path, render_feed(site, feed, entries)
    yield CORRECTIONS_PATH, render_corrections_feed(site)
    yield SITEMAP_PATH, render_sitemap(site, page_paths)
    yield "robots.txt", render_robots(site)
    statements_json, statements_csv = export.render_statements(site)
    yield export.JSON_PATH, statements_json
    yield export.CSV_PATH, statements_csv
    yield export.SCHEMA_PATH, export.render_schema(site)
    yield export.EVENTS_PATH, export.render_events_json(site)
    for event_id in site.events:
        yield export.timeline_path(event_id), export.render_timeline(site, event_id)
