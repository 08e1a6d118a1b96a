"""Acceptance: the built site, served over real HTTP under /reactions/ and under /, has no broken
link, stylesheet, script, image or feed, and no link that leaves the base path."""

from __future__ import annotations

import http.client
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from browser_support import serve_directory
from conftest import SiteDir

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass
class Crawl:
    local: str  # http://127.0.0.1:PORT/prefix/
    public: str  # the base URL the site was built for
    status: dict[str, int] = field(default_factory=dict)
    escapes: list[tuple[str, str]] = field(default_factory=list)  # (page, link)

    def run(self, *starts: str) -> None:
        todo = [self.local + s for s in starts]
        while todo:
            url = todo.pop()
            if url in self.status:
                continue
            status, ctype, body = _get(url)
            self.status[url] = status
            if status != 200:
                continue  # a broken page is reported, not followed
            for ref in _references(ctype, body, url):
                target = self._internal(url, ref)
                if target is not None and target not in self.status:
                    todo.append(target)

    def _internal(self, page: str, ref: str) -> str | None:
        """The local URL to fetch for a reference, or None for the outside world."""
        url = urldefrag(urljoin(page, ref)).url
        if url.startswith(self.public):
            url = self.local + url[len(self.public) :]
        parts, local = urlsplit(url), urlsplit(self.local)
        ours = parts.netloc in (local.netloc, urlsplit(self.public).netloc)
        if not ours:
            return None
        if parts.netloc != local.netloc or not parts.path.startswith(local.path):
            self.escapes.append((page, ref))
            return None
        return url


def _get(url: str) -> tuple[int, str, bytes]:
    """One GET without following redirects: a link that needs a redirect is not a good link."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        connection.close()


def _references(ctype: str, body: bytes, url: str) -> list[str]:
    if ctype.startswith("text/html"):
        soup = BeautifulSoup(body, "html.parser")
        refs = [str(a["href"]) for a in soup.find_all(["a", "link"], href=True)]
        refs += [str(e["src"]) for e in soup.find_all(["script", "img", "source"], src=True)]
        return refs
    if url.endswith(".xml"):
        root = ET.fromstring(body)
        return [str(e.get("href")) for e in root.iter(f"{ATOM}link")] + [
            e.text or "" for e in root.iter(f"{SITEMAP}loc")
        ]
    if url.endswith("robots.txt"):
        return [
            line.split(":", 1)[1].strip()
            for line in body.decode().splitlines()
            if line.startswith("Sitemap:")
        ]
    return []


@pytest.mark.parametrize(
    ("base_url", "prefix"),
    [("https://example.github.io/reactions/", "/reactions/"), ("https://example.org/", "/")],
)
def test_every_reference_resolves_under_the_base_path(
    sample: SiteDir, base_url: str, prefix: str
) -> None:
    assert sample.build("--base-url", base_url) == 0
    with serve_directory(sample.output, prefix) as local:
        crawl = Crawl(local, base_url)
        crawl.run("", "robots.txt", "data/statements.json", "events/us-election-2024/timeline.json")
        missing_page = local + "no/such/deep/page/"
        status, ctype, body = _get(missing_page)
        crawl.status[missing_page] = status
        for ref in _references(ctype, body, missing_page):  # 404.html works at any depth
            target = crawl._internal(missing_page, ref)
            if target is not None:
                crawl.run(target[len(local) :])

    broken = {url: code for url, code in crawl.status.items() if code != 200}
    assert broken == {missing_page: 404}
    assert crawl.escapes == []
    fetched = {url[len(local) :] for url in crawl.status}
    assert {
        "",
        "feed.xml",
        "sitemap.xml",
        "assets/style.css",
        "statements/modi/",
        "events/us-election-2024/feed.xml",
        "people/narendra-modi/feed.xml",
        "countries/india/feed.xml",
    } <= {f.split("?")[0] for f in fetched}
    assert len(fetched) > 40
