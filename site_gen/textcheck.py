"""Small checks and wording shared by the field readers: web addresses, near ids, key names."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
# an http(s) URL with a plain host name and no white space: urlsplit would accept it as is
_PLAIN_WEB_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]*)?(?:[/?#]\S*)?\Z")
# what `site-gen new` writes where an editor must fill something in: REPLACE ME or REPLACE-ME
PLACEHOLDER = re.compile(r"REPLACE[ -]ME")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`did you mean 'narendra-modi'?`, or "" when nothing is near."""
    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {near[0]!r}?" if near else ""


def is_web_url(value: str) -> bool:
    if _PLAIN_WEB_URL.match(value):  # the usual case, decided without urlsplit
        return True
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in WEB_SCHEMES and bool(parts.netloc) and not re.search(r"\s", value)


def key_name(key: tuple[str | int, ...]) -> str:
    """`('sources', 0, 'url')` -> `sources.0.url`."""
    return str(key[0]) if len(key) == 1 else ".".join(str(k) for k in key)


def key_label(key: tuple[str | int, ...]) -> str:
    """The last named part of a key: `url` for `('sources', 0, 'url')`."""
    return next((str(k) for k in reversed(key) if isinstance(k, str)), "value")


def value_label(key: tuple[str | int, ...]) -> str:
    """`'url'`, or `sources item 2` for the second item of a list such as `sources`."""
    return repr(key[-1]) if isinstance(key[-1], str) else f"{key[0]} item {int(key[-1]) + 1}"


def kind_name(value: object) -> str:
    if isinstance(value, dict):
        return "mapping"
    return "list" if isinstance(value, list) else type(value).__name__
