"""Atom feeds: parse without bozo, follow RFC 4287, take every date from the content."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
from hypothesis import given
from hypothesis import strategies as st

from conftest import SiteDir

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")


def _rich_site(site: SiteDir) -> SiteDir:
    """Two speakers, an organisation with a member who has said nothing, exact and plain dates."""
    site.add("organizations/eu.yaml", "name: European Union\nshort_name: EU\n")
    site.person("bruno-sans-mot", "Bruno Sans-Mot", country="BE")
    site.add("people/ursula.yaml", "name: Ursula Voice\norganization: eu\nrole: President\n")
    site.statement(
        "early",
        "anne-leader",
        date="2024-11-06T14:05:00+05:30",
        quote='"Félicitations & <bravo> à vous"',
        language="fr",
        translation="Congratulations & well done",
        tags="[trade, ties]",
    )
    site.statement("late", "ursula", date="2024-11-07T09:00:00+01:00", quote="We look forward.")
    site.statement("plain", "anne-leader", date="2024-11-08", quote="A plain day.")
    return site


def _feeds(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("feed.xml")}


def test_every_feed_parses_and_follows_the_atom_rules(site: SiteDir) -> None:
    assert _rich_site(site).build() == 0
    feeds = _feeds(site.output)
    assert sorted(feeds) == [
        "countries/france/feed.xml",
        "events/test-election/feed.xml",
        "feed.xml",
        "organizations/eu/feed.xml",
        "people/anne-leader/feed.xml",
        "people/bruno-sans-mot/feed.xml",
        "people/ursula/feed.xml",
    ]
    for path, data in feeds.items():
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert _atom_problems(ET.fromstring(data), f"https://example.org/{path}") == [], path


def _atom_problems(feed: ET.Element, self_url: str) -> list[str]:
    """RFC 4287 section 4.1 rules, plus this site's own: absolute links and ids."""
    problems = []

    def one(parent: ET.Element, tag: str, where: str) -> str:
        found = parent.findall(f"{ATOM}{tag}")
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} <{tag}>")
            return ""
        return found[0].text or ""

    if feed.tag != f"{ATOM}feed" or not feed.get(XML_LANG):
        problems.append("root is not an atom:feed with xml:lang")
    if one(feed, "id", "feed") != self_url:
        problems.append("feed id is not its own address")
    if not one(feed, "title", "feed"):
        problems.append("feed has no title")
    if not RFC3339.match(one(feed, "updated", "feed")):
        problems.append("feed updated is not an RFC 3339 UTC date-time")
    links = {
        (e.get("rel"), e.get("type")): e.get("href") or "" for e in feed.findall(f"{ATOM}link")
    }
    if links.get(("self", "application/atom+xml")) != self_url:
        problems.append("feed has no rel=self link to itself")
    if not links.get(("alternate", "text/html"), "").startswith("https://example.org/"):
        problems.append("feed has no absolute rel=alternate link")
    feed_has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        entry_id = one(entry, "id", "entry")
        ids.append(entry_id)
        if not entry_id.startswith("https://example.org/statements/"):
            problems.append(f"entry id {entry_id!r} is not the permalink")
        if not one(entry, "title", entry_id):
            problems.append(f"{entry_id}: no title")
        if not RFC3339.match(one(entry, "updated", entry_id)):
            problems.append(f"{entry_id}: updated is not RFC 3339")
        if not feed_has_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{entry_id}: no author")
        alternates = [e for e in entry.findall(f"{ATOM}link") if e.get("rel") == "alternate"]
        if [e.get("href") for e in alternates] != [entry_id]:
            problems.append(f"{entry_id}: alternate link is not the permalink")
        content = entry.find(f"{ATOM}content")
        if content is None or not content.get(XML_LANG) or not (content.text or "").strip():
            problems.append(f"{entry_id}: no content with xml:lang")
    if len(ids) != len(set(ids)):
        problems.append("duplicate entry ids")
    return problems


def test_entries_carry_the_quote_its_language_and_dates_from_the_content(site: SiteDir) -> None:
    assert _rich_site(site).build() == 0
    parsed = feedparser.parse((site.output / "feed.xml").read_bytes())

    assert [e.id for e in parsed.entries] == [
        "https://example.org/statements/plain/",
        "https://example.org/statements/late/",
        "https://example.org/statements/anne/",
        "https://example.org/statements/early/",
    ]
    assert parsed.feed.updated == "2024-11-08T00:00:00Z"
    early = parsed.entries[3]
    assert early.updated == early.published == "2024-11-06T08:35:00Z"
    assert early.content[0].value == "Félicitations & <bravo> à vous"
    assert early.content[0].type == "text/plain"
    assert early.content[0].language == "fr"
    assert early.summary == "Congratulations & well done"
    assert early.author == "Anne Leader"
    assert early.title == "Anne Leader (France) on Test election"
    assert [t.term for t in early.tags] == ["congratulatory", "ties", "trade"]
    assert parsed.entries[1].author_detail.href == "https://example.org/people/ursula/"


def test_a_feed_without_entries_is_still_dated_from_the_content(site: SiteDir) -> None:
    assert _rich_site(site).build() == 0
    parsed = feedparser.parse((site.output / "people/bruno-sans-mot/feed.xml").read_bytes())
    assert parsed.entries == []
    assert parsed.feed.updated == "2024-11-08T00:00:00Z"
    assert parsed.feed.title == "Bruno Sans-Mot · Test Reactions"


def test_feeds_are_byte_identical_across_builds_and_follow_the_base_url(site: SiteDir) -> None:
    assert _rich_site(site).build() == 0
    first = _feeds(site.output)
    assert site.build("--output", str(site.root / "again")) == 0
    assert _feeds(site.root / "again") == first
    assert site.build("--base-url", "https://user.github.io/reactions") == 0
    moved = feedparser.parse((site.output / "events/test-election/feed.xml").read_bytes())
    assert moved.feed.id == "https://user.github.io/reactions/events/test-election/feed.xml"
    assert moved.entries[0].link == "https://user.github.io/reactions/statements/plain/"


def test_every_page_links_its_feeds_in_the_head(site: SiteDir) -> None:
    assert _rich_site(site).build() == 0
    feeds = site.page("people/ursula/").find_all("link", rel="alternate")
    assert [(f["type"], f["href"], f["title"]) for f in feeds] == [
        ("application/atom+xml", "/feed.xml", "Test Reactions"),
        ("application/atom+xml", "/people/ursula/feed.xml", "Ursula Voice · Test Reactions"),
    ]
    home = site.page("").find_all("link", rel="alternate")
    assert [f["href"] for f in home] == ["/feed.xml"]


@given(st.text())
def test_xml_text_is_escaped_as_the_standard_library_does(text: str) -> None:
    from xml.sax import saxutils

    from site_gen import xmltext

    assert xmltext.escape(text) == saxutils.escape(text)
    assert xmltext.quoteattr(text) == saxutils.quoteattr(text)
    for tricky in ("a\"b'c", "a'b", 'a"b', "<&>\n\r\t"):
        assert xmltext.quoteattr(tricky) == saxutils.quoteattr(tricky)
