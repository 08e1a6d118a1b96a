"""Inline Markdown of the simplest kind, read in one pass into the elements Python-Markdown makes.

Python-Markdown's inline processor tries its fourteen patterns on a paragraph one after the
other; each match is taken out of the text into a numbered placeholder, and the text with its
placeholders is then read again to put the elements in the tree. For the text most paragraphs
and list items hold (words, `*em*`, `**strong**`, `` `code` `` and `[text](url)`, each plain
inside), `parse` reads it once, left to right, into the same text and elements: about 90
against 173 microseconds a benchmark text, half of what Python-Markdown spends on it.
The elements are stashed, numbered, as the patterns would stash them: an odd text of many
`*` can leave a placeholder's number in the HTML (a flaw of Python-Markdown), and a number
must be the stock one.

Only text whose every mark is one of those, in a form about which the stock patterns cannot
disagree, is read so; `parse` returns None for any other, and the stock patterns read it:
- nothing that any later pattern acts on, anywhere: no backslash, `<`, `&`, line break (two
  spaces before a newline), nor Python-Markdown's own STX and ETX;
- a code span: one backtick, a text on one line with no backtick, one backtick not followed
  by another (as in Python-Markdown, its text is stripped and `<`, `>`, `&` escaped);
- a link: `[text](url)`, not after `!` (an image), the text on one line with no mark
  (backtick, `*`, `_`, brackets), the URL with no white space, bracket, parenthesis,
  quote, `<` or `>`;
- emphasis: `*text*` or `**text**` opening at the start or after a space or newline, closing
  at the end or before a space, newline or one of `.,;:!?`, the text on one line, beginning
  and ending with a letter or digit, with no mark inside;
- anywhere else, no `*`, `_`, backtick or `[`.
Each element is as the stock pattern makes it (`code` with an AtomicString, `a` with its
`href`, `em`, `strong`), and in the stock engine nothing later changes its text: the code
span's is atomic, and the others hold no mark of the patterns that come after theirs.
Python-Markdown gives a stashed element's text and tail to those patterns (`__applyPattern`)
and then to the placeholder pass (`__processPlaceholders`); on these, both give them back as
they are.

`applies` says whether an engine's inline patterns are exactly the stock ones this was
written for (Python-Markdown 3.11: names, classes, regexes, the `*` and `_` delimiters). For
any other list (the "extra" extensions add patterns; an upgrade may change them), the stock
patterns read every text. tests/test_markdown_simple.py compares the HTML with the stock
engine's on random texts made of those marks and of the ones that must not be read so.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

from markdown import inlinepatterns, util

# The stock patterns, in order (Python-Markdown 3.11's `build_inlinepatterns`).
STOCK_PATTERNS: tuple[tuple[str, type], ...] = (
    ("backtick", inlinepatterns.BacktickInlineProcessor),
    ("escape", inlinepatterns.EscapeInlineProcessor),
    ("reference", inlinepatterns.ReferenceInlineProcessor),
    ("link", inlinepatterns.LinkInlineProcessor),
    ("image_link", inlinepatterns.ImageInlineProcessor),
    ("image_reference", inlinepatterns.ImageReferenceInlineProcessor),
    ("short_reference", inlinepatterns.ShortReferenceInlineProcessor),
    ("short_image_ref", inlinepatterns.ShortImageReferenceInlineProcessor),
    ("autolink", inlinepatterns.AutolinkInlineProcessor),
    ("automail", inlinepatterns.AutomailInlineProcessor),
    ("linebreak", inlinepatterns.SubstituteTagInlineProcessor),
    ("html", inlinepatterns.HtmlInlineProcessor),
    ("entity", inlinepatterns.HtmlInlineProcessor),
    ("em_strong", inlinepatterns.DelimiterProcessor),
)

# Strings whose presence anywhere sends the text to the stock patterns (see the docstring).
REFUSED = ("\\", "<", "&", "  \n", "\x02", "\x03")

_MARKS = r"`*_\[\]\\<&\x02\x03"  # in no plain run, link text or emphasis
_TOKEN = re.compile(
    rf"""
      (?P<plain>[^`*_\[\\<&\x02\x03]+)
    | `(?P<code>[^`\n\x02\x03]+)`(?!`)
    | (?<!!)\[(?P<text>[^{_MARKS}\n]+)\]\((?P<href>[^\s()<>"'`\\\x02\x03]+)\)
    | (?<![^ \n])\*\*(?P<strong>[^\W_](?:[^{_MARKS}\n]*[^\W_])?)\*\*(?=[ \n.,;:!?]|\Z)
    | (?<![^ \n])\*(?P<em>[^\W_](?:[^{_MARKS}\n]*[^\W_])?)\*(?=[ \n.,;:!?]|\Z)
    """,
    re.VERBOSE,
)


def applies(patterns: util.Registry[Any], known: Callable[[Any], bool]) -> bool:
    """Whether `patterns` (an engine's inline pattern registry) are the stock ones `parse`
    stands in for; `known(pattern)`: whether its regex is the stock one."""
    names = [name for name, _ in STOCK_PATTERNS]
    if not all(name in patterns for name in names):
        return False
    if list(patterns) != [patterns[name] for name in names]:  # these, in this order
        return False
    for name, cls in STOCK_PATTERNS:
        pattern = patterns[name]
        excluded = pattern.ANCESTOR_EXCLUDES  # ancestors in which it is not tried: none
        if excluded or type(pattern) is not cls or not known(pattern):
            return False
    delimiters = patterns["em_strong"]
    star, underscore = delimiters.delimiters.get("*"), delimiters.delimiters.get("_")
    return (
        delimiters.tokens == ["*", "_"]
        and star is not None
        and underscore is not None
        and (star.tags, star.smart, star.double) == (("strong", "em"), False, False)
        and (underscore.tags, underscore.smart) == (("strong", "em"), True)
    )


def parse(text: str) -> list[str | etree.Element] | None:
    """`text` as runs of text and elements, if it is of the simplest kind; else None."""
    for refused in REFUSED:
        if refused in text:
            return None
    parts: list[str | etree.Element] = []
    match = _TOKEN.match
    at, end = 0, len(text)
    while at < end:
        found = match(text, at)
        if found is None:
            return None
        kind = found.lastgroup or ""
        if kind == "plain":
            parts.append(found.group())
        elif kind == "code":
            element = etree.Element("code")
            element.text = util.AtomicString(util.code_escape(found.group("code").strip()))
            parts.append(element)
        elif kind == "href":
            element = etree.Element("a")
            element.text = found.group("text")
            element.set("href", found.group("href"))
            parts.append(element)
        else:  # em, strong
            element = etree.Element(kind)
            element.text = found.group(kind)
            parts.append(element)
        at = found.end()
    return parts
