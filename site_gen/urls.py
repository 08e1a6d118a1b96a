"""The one URL scheme: page paths below the base URL, links, absolute URLs, output paths."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Urls:
    """Turns site paths (`events/x/`) into links that honour the base URL's path."""

    base_url: str  # absolute, ends with "/"
    prefix: str = field(init=False, repr=False, compare=False)  # `/` or `/reactions/`

    def __post_init__(self) -> None:
        path = urlsplit(self.base_url).path or "/"  # once: `link` runs for every href
        object.__setattr__(self, "prefix", path if path.endswith("/") else path + "/")

    def link(self, path: str) -> str:
        """A root-relative link, correct at any depth (404.html included)."""
        return self.prefix + path.lstrip("/")

    def absolute(self, path: str) -> str:
        return self.base_url + path.lstrip("/")


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
