"""sitemap.xml (sitemaps.org 0.9, absolute URLs, lastmod from the content) and robots.txt."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from site_gen import urls
from site_gen.model import Site, Statement
from site_gen.stamps import lastmod_text
from site_gen.xmltext import escape

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_PATH = "sitemap.xml"
NOT_LISTED = frozenset({"404.html"})


def render_sitemap(site: Site, page_paths: Iterable[str]) -> bytes:
    """One `<url>` per page (the 404 page aside), in the order given.

    Written as text (ElementTree's tree and `indent` took most of a second at 10,000 pages),
    laid out as ElementTree would; tests/test_sitemap.py validates it against the schema.
    """
    absolute = urls.Urls(site.config.base_url).absolute
    statements_of = _statements_by_page(site)
    lines = ["<?xml version='1.0' encoding='utf-8'?>", f'<urlset xmlns="{SITEMAP}">']
    for path in page_paths:
        if path in NOT_LISTED:
            continue
        lines += ["  <url>", f"    <loc>{escape(absolute(path))}</loc>"]
        lastmod = _lastmod(site, path, statements_of.get(path, site.statements))
        if lastmod:
            lines.append(f"    <lastmod>{escape(lastmod)}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_robots(site: Site) -> bytes:
    """Allow everything and name the sitemap."""
    sitemap = urls.Urls(site.config.base_url).absolute(SITEMAP_PATH)
    return f"User-agent: *\nDisallow:\n\nSitemap: {sitemap}\n".encode()


def _statements_by_page(site: Site) -> Mapping[str, tuple[Statement, ...]]:
    """The statements each page shows; pages not named here (home, indexes) show them all."""
    pages: dict[str, tuple[Statement, ...]] = {}
    for event_id in site.events:
        pages[urls.event(event_id)] = site.by_event.get(event_id, ())
    for code, country in site.countries.items():
        pages[urls.country(country.slug)] = site.by_country.get(code, ())
    for org_id in site.organizations:
        pages[urls.organization(org_id)] = site.by_organization.get(org_id, ())
    for person_id in site.people:
        pages[urls.person(person_id)] = site.by_person.get(person_id, ())
    for statement in site.statements:
        pages[urls.statement(statement.id)] = (statement,)
    return pages


def _lastmod(site: Site, path: str, statements: tuple[Statement, ...]) -> str:
    newest = statements[-1] if statements else None  # the site's tuples are in time order
    if newest is not None:
        return lastmod_text(newest)
    event = next((e for e in site.events.values() if urls.event(e.id) == path), None)
    return event.moment.isoformat() if event is not None else ""
