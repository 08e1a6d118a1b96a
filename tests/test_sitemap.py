"""sitemap.xml validates against the sitemaps.org schema; robots.txt names it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from conftest import SiteDir

SCHEMA = xmlschema.XMLSchema(Path(__file__).parent / "data" / "sitemap.xsd")
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _entries(output: Path) -> dict[str, str | None]:
    root = ET.parse(output / "sitemap.xml").getroot()
    return {
        (u.findtext(f"{NS}loc") or ""): u.findtext(f"{NS}lastmod") for u in root.iter(f"{NS}url")
    }


def test_the_sample_sitemap_is_valid_and_lists_every_page_but_the_404(sample: SiteDir) -> None:
    assert sample.build("--base-url", "https://example.github.io/reactions/") == 0
    SCHEMA.validate(str(sample.output / "sitemap.xml"))
    listed = set(_entries(sample.output))
    folders = {
        p.parent.relative_to(sample.output).as_posix() for p in sample.output.rglob("index.html")
    }
    pages = {
        "https://example.github.io/reactions/" + (f + "/" if f != "." else "") for f in folders
    }
    assert listed == pages
    assert "https://example.github.io/reactions/404.html" not in listed


def test_lastmod_comes_from_the_statements_a_page_shows(site: SiteDir) -> None:
    site.person("bruno", "Bruno Quiet", country="BE")
    site.statement("exact", "anne-leader", date="2024-11-06T14:05:00+05:30")
    site.statement("day", "anne-leader", date="2024-11-05")
    assert site.build() == 0
    SCHEMA.validate(str(site.output / "sitemap.xml"))
    entries = _entries(site.output)
    assert entries["https://example.org/statements/exact/"] == "2024-11-06T08:35:00+00:00"
    assert entries["https://example.org/statements/day/"] == "2024-11-05"
    assert entries["https://example.org/people/anne-leader/"] == "2024-11-06T12:00:00+00:00"
    assert entries["https://example.org/"] == "2024-11-06T12:00:00+00:00"
    assert entries["https://example.org/people/bruno/"] is None  # says nothing: no date


def test_the_schema_rejects_what_the_protocol_forbids() -> None:
    bad = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://example.org/</loc><lastmod>6 Nov 2024</lastmod></url></urlset>"
    )
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        SCHEMA.validate(bad)


def test_robots_txt_names_the_sitemap(site: SiteDir) -> None:
    assert site.build("--base-url", "https://user.github.io/reactions/") == 0
    assert (site.output / "robots.txt").read_text() == (
        "User-agent: *\nDisallow:\n\nSitemap: https://user.github.io/reactions/sitemap.xml\n"
    )
