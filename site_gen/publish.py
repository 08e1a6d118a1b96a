"""Every machine-readable file of a site: feeds, sitemap, robots.txt, open data, timelines."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from site_gen import export, search
from site_gen.cache import Chunks
from site_gen.feeds import (
    CORRECTIONS_PATH,
    FEED_LIMIT,
    Feed,
    derive_feeds,
    render_corrections_feed,
    render_feed,
)
from site_gen.model import Site
from site_gen.page_inputs import Inputs, PageInputs
from site_gen.pages import Page, Planned
from site_gen.seo import with_meta
from site_gen.sitemap import SITEMAP_PATH, render_robots, render_sitemap


def feeds_by_page(site: Site) -> dict[str, Feed]:
    """Each feed, keyed by the path of the page it belongs to."""
    return {feed.page: feed for feed in derive_feeds(site)}


def with_head(site: Site, plan: Iterable[Planned]) -> list[Planned]:
    """The planned pages, each to be given the feed links and share metadata of its head."""
    feeds = feeds_by_page(site)
    return [Planned(p.path, partial(_headed, site, feeds, p.make), p.group) for p in plan]


def _headed(site: Site, feeds: dict[str, Feed], make: Callable[[], Page]) -> Page:
    return with_meta(site, make(), feeds)


Files = list[tuple[str, bytes]]  # (output path, bytes)
FEEDS_PER_JOB = 16  # few, so that an edit makes few feeds again; each job costs little


@dataclass(frozen=True, slots=True)
class FileJob:
    """Files beside the HTML pages, made together: a name, what they are made from, how."""

    name: str  # unique among the jobs of a build, e.g. "feeds 3"
    inputs: Callable[[PageInputs], Inputs]  # see page_inputs.py
    run: Callable[[], Files]
    makes: tuple[str, ...]  # the paths it makes; one ending in "/" stands for a whole folder
    group: str | None = None  # the jobs it shares what it makes with (see pages.Planned)

    def made(self, path: str) -> bool:
        """Whether this job makes the file at `path`."""
        return any(path == p or (p.endswith("/") and path.startswith(p)) for p in self.makes)


def file_jobs(site: Site, page_paths: Sequence[str], chunks: Chunks | None = None) -> list[FileJob]:
    """Every file beside the HTML pages, as independent jobs that workers can share.

    Each job is a pure function of the site; together, in order, they give every file in a
    stable order (the export first: it is the largest). With `chunks`, the export and the
    search index keep their parts for each chunk of statements between builds (cache.py).
    """
    feeds = list(derive_feeds(site))
    entries: dict[str, list[str]] = {}  # each worker fills its own copy, for all its feed jobs
    whole = PageInputs.whole
    jobs = [
        FileJob("statements", whole, partial(_statements, site, chunks), STATEMENT_FILES),
        FileJob("search", whole, partial(_search, site, chunks), (search.FOLDER,)),
    ]
    for i in range(0, len(feeds), FEEDS_PER_JOB):
        chunk = feeds[i : i + FEEDS_PER_JOB]
        run = partial(_feeds, site, chunk, entries)
        paths = tuple(feed.path for feed in chunk)
        inputs = partial(_feeds_inputs, site, chunk)
        jobs.append(FileJob(f"feeds {i}", inputs, run, paths, group="feeds"))  # the entries
    run = partial(_site_files, site, page_paths)
    jobs.append(FileJob("site files", whole, run, SITE_FILES))
    for event_id in site.events:
        run = partial(_timeline, site, event_id)
        inputs = partial(_timeline_inputs, site, event_id)
        paths = (export.timeline_path(event_id),)
        jobs.append(FileJob(f"timeline {event_id}", inputs, run, paths))
    return jobs


STATEMENT_FILES = (export.JSON_PATH, export.CSV_PATH)
SITE_FILES = (CORRECTIONS_PATH, SITEMAP_PATH, "robots.txt", export.SCHEMA_PATH, export.EVENTS_PATH)


def _feeds_inputs(site: Site, feeds: list[Feed], inputs: PageInputs) -> Inputs:
    """What `render_feed` reads of each feed: its newest entries, or what stands in for them."""
    described: list[Inputs] = []
    for feed in feeds:
        head = (feed.path, feed.page, feed.title, feed.subtitle)
        if feed.statements:
            described.append((*head, inputs.statements(feed.statements[-FEED_LIMIT:])))
        else:
            newest = inputs.statements(site.statements[-1:])
            described.append((*head, newest, tuple(site.events.values())))
    return tuple(described)


def _timeline_inputs(site: Site, event_id: str, inputs: PageInputs) -> Inputs:
    return (site.events[event_id], inputs.statements(site.by_event.get(event_id, ())))


def _statements(site: Site, chunks: Chunks | None) -> Files:
    statements_json, statements_csv = export.render_statements(site, chunks)
    return [(export.JSON_PATH, statements_json), (export.CSV_PATH, statements_csv)]


def _search(site: Site, chunks: Chunks | None) -> Files:
    return list(search.search_files(site, chunks))


def _feeds(site: Site, feeds: list[Feed], entries: dict[str, list[str]]) -> Files:
    return [(feed.path, render_feed(site, feed, entries)) for feed in feeds]


def _site_files(site: Site, page_paths: Sequence[str]) -> Files:
    return [
        (CORRECTIONS_PATH, render_corrections_feed(site)),
        (SITEMAP_PATH, render_sitemap(site, page_paths)),
        ("robots.txt", render_robots(site)),
        (export.SCHEMA_PATH, export.render_schema(site)),
        (export.EVENTS_PATH, export.render_events_json(site)),
    ]


def _timeline(site: Site, event_id: str) -> Files:
    return [(export.timeline_path(event_id), export.render_timeline(site, event_id))]
