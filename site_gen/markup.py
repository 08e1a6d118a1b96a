"""Markdown to safe HTML: one reused Python-Markdown instance, then an nh3 allowlist."""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import version

import markdown
import nh3

from site_gen.parallel import close, map_ordered

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "q",
    "cite",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "a",
    "abbr",
    "sup",
    "sub",
    "del",
    "ins",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "span": {"lang", "dir"},
    "q": {"cite", "lang"},
    "blockquote": {"cite", "lang"},
}
URL_SCHEMES = {"http", "https", "mailto"}
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]

# what the output of `render_markdown` depends on, besides the text (for the build cache)
ENGINE = f"markdown {version('markdown')} {MARKDOWN_EXTENSIONS} nh3 {version('nh3')}"

_md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
_known: dict[str, str] = {}  # text -> HTML, filled by `prepare`, for the build in progress


def render_markdown(text: str) -> str:
    """Render editor Markdown to HTML that can carry no script, style or unsafe URL."""
    if not text.strip():
        return ""
    known = _known.get(text)
    if known is not None:
        return known
    html = _md.reset().convert(text)
    return sanitize(html)


class Prepared:
    """Markdown being rendered on all cores; `finish()` waits and makes the results known."""

    def __init__(self, texts: Iterable[str], rendered: dict[str, str]) -> None:
        wanted = sorted({t for t in texts if t.strip()})
        self._missing = [t for t in wanted if t not in rendered]
        self._result = {t: rendered[t] for t in wanted if t in rendered}
        # every chunk is handed out at once: results are small, and the caller works meanwhile
        self._work = map_ordered(render_markdown, self._missing, window=len(self._missing) + 1)

    def cancel(self) -> None:
        """Stop rendering: the build failed."""
        close(self._work)

    def finish(self) -> dict[str, str]:
        """Text -> HTML for every text given; later `render_markdown` calls are lookups."""
        try:
            self._result.update(zip(self._missing, self._work, strict=True))
        finally:
            close(self._work)
        _known.clear()
        _known.update(self._result)
        return self._result


def prepare(texts: Iterable[str], rendered: dict[str, str]) -> Prepared:
    """Start rendering every text not in `rendered` (text -> HTML) on all cores."""
    return Prepared(texts, rendered)


def forget() -> None:
    """Drop the texts `prepare` kept, once the build that needed them is done."""
    _known.clear()


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )
