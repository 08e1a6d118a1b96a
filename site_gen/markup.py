"""Markdown to safe HTML: one reused Python-Markdown instance, then an nh3 allowlist."""

from __future__ import annotations

import re
from html import escape

import markdown
import nh3

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
    "q": {"lang"},  # no `cite`: nh3 does not check its scheme
    "blockquote": {"lang"},
}
URL_SCHEMES = {"http", "https", "mailto"}
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")


_md = _new_markdown()


_ROOT_LINK = re.compile(r'(<a [^>]*?href=")/(?!/)')


def render_markdown(text: str, base_path: str = "/") -> str:
    """Render editor Markdown to HTML that can carry no script, style or unsafe URL.

    A root-relative link (`/people/x/`) is put under `base_path`, the path of the base URL.
    """
    if not text.strip():
        return ""
    global _md
    try:
        html = _md.reset().convert(text)
    except RecursionError:  # site_gen.limits refuses such nesting; this is a last resort
        _md = _new_markdown()  # reset() does not undo a parser stopped half-way
        html = f"<pre>{escape(text)}</pre>"
    html = sanitize(html)
    if base_path != "/":
        html = _ROOT_LINK.sub(lambda m: m.group(1) + base_path, html)
    return html


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )
