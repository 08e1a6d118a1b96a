"""The URL-scheme guard for every address that reaches an `href` or `src` attribute."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# browsers drop these before reading a URL's scheme, so `java\tscript:` is `javascript:`
_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")
_EDGE = "".join(chr(c) for c in range(0x21))  # C0 controls and space, stripped at both ends
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UnsafeURL(ValueError):
    """An address with a scheme we do not link to (javascript:, data:, vbscript:, ...)."""


def is_safe_url(url: str) -> bool:
    """True for http(s) and mailto addresses, our own root-relative paths and `#fragments`."""
    cleaned = _IGNORED_BY_BROWSERS.sub("", url).strip(_EDGE)
    if not cleaned or cleaned != url or _CONTROL.search(cleaned) or "\\" in cleaned:
        return False
    if cleaned.startswith("#"):
        return True
    if cleaned.startswith("/"):
        return not cleaned.startswith("//")  # `//host/` leaves the site
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        return False
    return scheme == "mailto" or bool(parts.netloc)


def safe_url(url: str) -> str:
    """The Jinja filter: `url` unchanged when safe; otherwise the build stops (UnsafeURL)."""
    if not isinstance(url, str) or not is_safe_url(url):
        raise UnsafeURL(f"refusing to link to {url!r}: only http(s), mailto and site links")
    return url
