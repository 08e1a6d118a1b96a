"""`site-gen check --links`: tests the content's external links and reports dead ones by place."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_gen import __version__
from site_gen.errors import Problem
from site_gen.fields import is_web_url
from site_gen.sources import Document, read_content
from site_gen.yamltree import Key

TIMEOUT = 10.0  # seconds per request
WORKERS = 8  # links tested at once
_RETRY_WITH_GET = {400, 403, 405, 501}  # servers that refuse HEAD but may answer GET


@dataclass(frozen=True, slots=True)
class Link:
    """One external address as written in the content, with its place."""

    url: str
    path: str
    line: int
    column: int


def external_links(documents: Iterable[Document]) -> list[Link]:
    """Every http(s) address in the YAML of `documents` (not the site's own base_url), sorted."""
    found = []
    for doc in documents:
        if doc.kind == "site":
            continue
        for key, value in _strings(doc.tree.data, ()):
            if is_web_url(value):
                loc = doc.tree.loc(key)
                found.append(Link(value, doc.path, loc.line, loc.column))
    return sorted(found, key=lambda link: (link.path, link.line, link.column))


def check_links(
    links: Iterable[Link], *, timeout: float = TIMEOUT, workers: int = WORKERS
) -> list[Problem]:
    """A problem for each link whose address does not answer; each address is tested once."""
    links = list(links)
    unique = sorted({link.url for link in links})
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        verdicts = dict(zip(unique, pool.map(lambda u: probe(u, timeout), unique), strict=True))
    return [
        Problem(
            link.path,
            link.line,
            link.column,
            f"dead link {link.url!r}: {verdicts[link.url]}",
            "fix the address, or add an archive_url for a page that is gone",
        )
        for link in links
        if verdicts[link.url]
    ]


def check_site_links(root: Path, *, timeout: float = TIMEOUT) -> list[Problem]:
    """Read the content under `root` and test every external link in it."""
    documents, _ = read_content(root)
    return check_links(external_links(documents), timeout=timeout)


def probe(url: str, timeout: float) -> str:
    """ "" when `url` answers; otherwise why not (`HTTP 404`, `timed out`, ...). HEAD, then GET."""
    reason = _request(url, "HEAD", timeout)
    if reason and (reason.startswith("HTTP ") and int(reason.split()[1]) in _RETRY_WITH_GET):
        reason = _request(url, "GET", timeout)
    return reason


def _request(url: str, method: str, timeout: float) -> str:
    request = urllib.request.Request(
        url, method=method, headers={"User-Agent": f"site-gen/{__version__} link check"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status: int = response.status
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except urllib.error.URLError as exc:
        return _reason(exc.reason)
    except (TimeoutError, OSError, ValueError) as exc:
        return _reason(exc)
    return f"HTTP {status}" if status >= 400 else ""


def _reason(error: Any) -> str:
    if isinstance(error, TimeoutError) or "timed out" in str(error):
        return "timed out"
    return str(getattr(error, "strerror", None) or error) or type(error).__name__


def _strings(value: Any, key: Key) -> Iterable[tuple[Key, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, (*key, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*key, i))
