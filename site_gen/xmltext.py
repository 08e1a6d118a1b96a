"""Text and attribute values for XML (feeds, sitemap), escaped as xml.sax.saxutils does.

Written here because importing xml.sax.saxutils imports urllib.request, and with it http and
email: a seventieth of a second at every start, for two string replacements.
tests/test_feeds.py checks both against xml.sax.saxutils.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """`&`, `<` and `>` as entities (xml.sax.saxutils.escape)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """The text escaped and quoted as an attribute value (xml.sax.saxutils.quoteattr)."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))
