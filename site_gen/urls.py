"""The one URL scheme: page paths below the base URL, links, absolute URLs, output paths."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Urls:
    """Turns site paths (`events/x/`) into links that honour the base URL's path."""

    base_url: str  # absolute, ends with "/"
    prefix: str = field(init=False, repr=False, compare=False)  # `/` or `/reactions/`

    def __post_init__(self) -> None:
        object.__setattr__(self, "prefix", _prefix(self.base_url))  # `link` runs for every href

    def link(self, path: str) -> str:
        """A root-relative link, correct at any depth (404.html included)."""
        return self.prefix + path.lstrip("/")

    def absolute(self, path: str) -> str:
        return self.base_url + path.lstrip("/")


@cache
def _prefix(base_url: str) -> str:
    """The path of the base URL, ending with "/" (the same for every page of a build)."""
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def home() -> str:
    return ""


def event(event_id: str) -> str:
    return f"events/{event_id}/"


def countries() -> str:
    return "countries/"


def country(slug: str) -> str:
    return f"countries/{slug}/"


def organizations() -> str:
    return "organizations/"


def organization(org_id: str) -> str:
    return f"organizations/{org_id}/"


def people() -> str:
    return "people/"


def person(person_id: str) -> str:
    return f"people/{person_id}/"


def statement(statement_id: str) -> str:
    return f"statements/{statement_id}/"


def output_path(path: str) -> str:
    """The file a site path is written to: folders get `index.html`."""
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path
