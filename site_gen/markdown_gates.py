"""Python-Markdown doing less work for the same HTML: stages skipped where they cannot act.

Inline patterns. Python-Markdown tries every inline pattern on every piece of text, each by a
regex search: most of its time on short texts. Most of those regexes can only match text that
holds some string (`[` for links, `*` or `_` for emphasis...), so a pattern is skipped when the
text holds none of its triggers: the search would have found nothing, and `__applyPattern`
then returns the text unchanged with no side effect, which is what skipping does. A pattern is
gated only when its regex is, character for character, one whose triggers are listed below;
any other (a new extension, a regex changed by an upgrade) is tried as before. A regex that
opens with a lookbehind (backtick, link) is searched from the first character a match can
begin at (STARTS), not from every position.

Raw HTML blocks. The preprocessor that takes them out of the text runs an HTML parser over it;
on text without `<` or `&` the parser sees a single run of data and gives the lines back as
they were, so it is not run.

Block processors. The block parser tries each processor's test on every block, and each
block of a list item again. The tests of a few stock processors are regex searches that can
only succeed on a block holding some string ("#" for a heading, ">" for a quote...); the
reference processor's run gives the block back unless its regex finds "]:". Those are not
tried on a block without their triggers (BLOCK_TRIGGERS, keyed by class and regex as the
inline patterns are), and the processors are listed once per document, not once per block.

Block-level names. `Markdown.is_block_level`, asked about twenty times a text (by the pass that
lays out the HTML, and for raw HTML), looks the name up in a list of fifty; `GatedMarkdown`
looks it up in a set of the same names, made at the start of each conversion.

Escapes. The last tree pass turns the placeholders of backslash escapes (STX, a number, ETX)
back into characters. Only a backslash in the text makes one (the escape pattern, and
escaped backslashes before a backtick); the first preprocessor removes any STX or ETX the
text holds. In a text without a backslash, the pass (a walk over every element) is not run.

tests/test_markdown_gate.py checks the HTML against the stock engine's.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from typing import Any, TypeVar

import markdown
from markdown import blockprocessors, inlinepatterns, util
from markdown.blockparser import BlockParser
from markdown.preprocessors import HtmlBlockPreprocessor, Preprocessor
from markdown.treeprocessors import InlineProcessor, UnescapeTreeprocessor

from site_gen import markdown_simple

T = TypeVar("T")

# Regex of an inline pattern (Python-Markdown 3.11) -> strings one of which text must contain
# for the regex to match in it: literal text every match consumes or looks ahead to.
TRIGGERS: dict[str, tuple[str, ...]] = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),  # backtick (the lookahead needs a `)
    r"\\(.)": ("\\",),  # escape
    r"(?<!\!)\[": ("[",),  # reference, link, short_reference
    r"\!\[": ("![",),  # image_link, image_reference, short_image_ref
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),  # autolink
    r"<([^<> !]+@[^@<> ]+)>": ("<",),  # automail
    r"  \n": ("  \n",),  # linebreak
    (  # html: every alternative opens with <
        r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|"""
        r"""[^\s"'=<>]++))?+)*+\s*+/?|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]|"""
        r"""!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)"""
    ): ("<",),
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entity
    r"\*|_": ("*", "_"),  # em_strong: the delimiters * and _
    r"\[\^([^\]]*)\]": ("[^",),  # footnote (extra)
}


# Regex of an inline pattern -> the characters a match can begin at, for the regexes that open
# with a lookbehind: the regex engine then tries every position of the text in turn, where
# for a regex opening with a character it looks for that character first. The search starts
# at the first of them instead (a lookbehind still sees the text before where a search
# starts): the backtick pattern's search took 18 microseconds a paragraph, a tenth of the
# conversion of a benchmark text.
STARTS: dict[str, tuple[str, ...]] = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`", "\\"),  # backtick: ` or escaped \\
    r"(?<!\!)\[": ("[",),  # reference, link, short_reference
}

# Patterns that make a link only from a reference defined in the document (`[id]: url`):
# without one, each match is dropped (handleMatch gives no element and the text stays as it
# was), so they are skipped. Exactly these classes: a subclass may do otherwise.
REFERENCE_ONLY: tuple[type, ...] = (
    inlinepatterns.ReferenceInlineProcessor,
    inlinepatterns.ShortReferenceInlineProcessor,
    inlinepatterns.ImageReferenceInlineProcessor,
    inlinepatterns.ShortImageReferenceInlineProcessor,
)
_NEVER: tuple[str, ...] = ()  # triggers of a pattern that cannot act on this document


def without_references(md: markdown.Markdown) -> bool:
    """Whether the document being converted defines no reference (the block parser has run)."""
    return not md.references


def triggers(pattern: object) -> tuple[str, ...] | None:
    """The strings one of which text needs for `pattern` to match; None: always try it."""
    if not isinstance(pattern, inlinepatterns.InlineProcessor):
        return None  # an old-style pattern is matched differently
    return TRIGGERS.get(pattern.getCompiledRegExp().pattern)


def starts(pattern: object) -> tuple[str, ...] | None:
    """The characters a match of `pattern` can begin at; None: search from where it is told."""
    if not isinstance(pattern, inlinepatterns.InlineProcessor):
        return None  # an old-style pattern is matched at where it is told, not searched
    return STARTS.get(pattern.getCompiledRegExp().pattern)


# (class, regex of its test; of its run for ReferenceProcessor) -> strings one of which a block
# must hold for the test to pass (for the run to act): exactly these classes (Python-Markdown 3.11)
BLOCK_TRIGGERS: dict[tuple[type, str], tuple[str, ...]] = {
    (
        blockprocessors.HashHeaderProcessor,
        r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)",
    ): ("#",),
    (blockprocessors.SetextHeaderProcessor, r"^.*?\n(?:=+|-+)[ ]*(\n|$)"): ("\n=", "\n-"),
    (
        blockprocessors.HRProcessor,
        r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))"
        r"(?P=atomicgroup)[ ]*$",
    ): ("-", "_", "*"),
    (blockprocessors.BlockQuoteProcessor, r"(^|\n)[ ]{0,3}>[ ]?(.*)"): (">",),
    (
        blockprocessors.ReferenceProcessor,
        r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
        r"""((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$""",
    ): ("]:",),
}


def block_triggers(processor: object) -> tuple[str, ...] | None:
    """The strings one of which a block needs for `processor` to act; None: always try it."""
    regex = getattr(processor, "SEARCH_RE", None) or getattr(processor, "RE", None)
    if not isinstance(regex, re.Pattern):
        return None
    return BLOCK_TRIGGERS.get((type(processor), regex.pattern))


class GatedBlockParser(BlockParser):
    """Python-Markdown's block parser, skipping the processors a block has no trigger for."""

    _made: tuple[tuple[object, ...], list[tuple[Any, tuple[str, ...] | None]]] | None = None

    def _gated(self) -> list[tuple[Any, tuple[str, ...] | None]]:
        processors = tuple(self.blockprocessors)  # as of now: extensions may register more
        if self._made is None or self._made[0] != processors:
            self._made = (processors, [(p, block_triggers(p)) for p in processors])
        return self._made[1]

    def parseDocument(self, lines: Iterable[str]) -> etree.ElementTree:
        self._document = self._gated()
        try:
            return super().parseDocument(lines)
        finally:
            del self._document

    # the stock loop, but for the gate: blocks[0] is read again after a run that gave it back
    def parseBlocks(self, parent: etree.Element, blocks: list[str]) -> None:
        gated = getattr(self, "_document", None) or self._gated()
        while blocks:
            for processor, needed in gated:
                block = blocks[0]
                if needed is not None:
                    for trigger in needed:
                        if trigger in block:
                            break
                    else:
                        continue
                if processor.test(parent, block) and processor.run(parent, blocks) is not False:
                    break


class _Read(str):
    """A text `markdown_simple.parse` read: its runs of text and elements are `parts`."""

    __slots__ = ("parts",)
    parts: list[str | etree.Element]


class GatedInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, skipping the patterns a text has no trigger for,
    and reading text of the simplest kind in one pass (site_gen.markdown_simple).

    It overrides private methods; were they renamed, the stock loop would run (slower, same
    HTML) and test_a_wrong_inline_gate_is_noticed and the tests of markdown_simple would fail.
    """

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        # the gated patterns, with or without references, and the patterns they were made
        # from, and whether markdown_simple stands in for them
        self._made: dict[bool, tuple[tuple[object, ...], list[tuple[Any, Any, Any]], bool]] = {}
        self._simple = False

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # the patterns as of this run (extensions may register more after __init__)
        unreferenced = without_references(self.md)
        patterns = tuple(self.inlinePatterns)
        made = self._made.get(unreferenced)
        if made is None or made[0] != patterns:
            gated = [
                (
                    p,
                    _NEVER if unreferenced and type(p) in REFERENCE_ONLY else triggers(p),
                    starts(p),
                )
                for p in patterns
            ]
            # read in one pass only without references: `[text]` could then be one
            simple = unreferenced and markdown_simple.applies(
                self.inlinePatterns, lambda p: triggers(p) is not None
            )
            made = self._made[unreferenced] = (patterns, gated, simple)
        self._gated = made[1]
        self._simple = made[2]
        return super().run(tree, ancestors)

    # replaces InlineProcessor.__handleInline (name-mangled), its loop over the patterns
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        if patternIndex == 0 and self._simple:
            parts = markdown_simple.parse(data)
            if parts is not None:
                if all(isinstance(part, str) for part in parts):
                    return data  # no element: the patterns would give it back as it is
                stash = self._InlineProcessor__stashNode  # type: ignore[attr-defined]
                for part in parts:  # numbered as the patterns would: some odd text of
                    if not isinstance(part, str):  # many `*` shows a number in the HTML
                        stash(part, "")
                read = _Read(data)
                read.parts = parts
                return read
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        gated = self._gated
        count = len(gated)
        startIndex = 0
        while patternIndex < count:
            pattern, needed, begins = gated[patternIndex]
            if needed is not None:
                for trigger in needed:
                    if trigger in data:
                        break
                else:  # what __applyPattern returns when the regex finds nothing
                    patternIndex += 1
                    startIndex = 0
                    continue
            if begins is not None:  # no match can begin before the first of them
                first = -1
                for char in begins:
                    at = data.find(char, startIndex)
                    if at != -1 and (first == -1 or at < first):
                        first = at
                if first == -1:
                    patternIndex += 1
                    startIndex = 0
                    continue
                startIndex = first
            data, matched, startIndex = apply(pattern, data, patternIndex, startIndex)
            if not matched:
                patternIndex += 1
        return data

    # replaces InlineProcessor.__processPlaceholders for a text markdown_simple read: the
    # elements and runs of text are put where the stock pass would put them (linkText)
    def _InlineProcessor__processPlaceholders(
        self, data: str | None, parent: etree.Element, isText: bool = True
    ) -> list[tuple[etree.Element, list[str]]]:
        if type(data) is not _Read:
            return super()._InlineProcessor__processPlaceholders(  # type: ignore[misc,no-any-return]
                data, parent, isText
            )
        result: list[tuple[etree.Element, list[str]]] = []
        last: etree.Element | None = None
        for part in data.parts:
            if not isinstance(part, str):
                result.append((part, self.ancestors[:]))
                last = part
            elif last is not None:  # after an element: its tail
                last.tail = last.tail + part if last.tail else part
            elif isText:
                parent.text = parent.text + part if parent.text else part
            else:
                parent.tail = parent.tail + part if parent.tail else part
        return result


# What the HTML parser acts on: text without them it hands on as it is, in one run of data
# (with "&" alone it rewrites some references: "&#38x" becomes "&#38;x").
HTML_MARKS = ("<", "&")


class GatedHtmlBlockPreprocessor(HtmlBlockPreprocessor):
    """Python-Markdown's extraction of raw HTML blocks, not run on text without HTML_MARKS."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        if not any(mark in source for mark in HTML_MARKS):
            return source.split("\n")  # what the stock run returns for such text
        return super().run(lines)


ESCAPE_MARK = "\\"  # what a text needs for the escape placeholders to be made


class EscapeMarkPreprocessor(Preprocessor):
    """Notes whether the text (as the first preprocessor leaves it) holds ESCAPE_MARK."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.site_gen_escapes = any(ESCAPE_MARK in line for line in lines)  # type: ignore[attr-defined]
        return lines


class GatedUnescapeTreeprocessor(UnescapeTreeprocessor):
    """Python-Markdown's unescape pass, not run when the text held no ESCAPE_MARK."""

    def run(self, root: etree.Element) -> None:
        if getattr(self.md, "site_gen_escapes", True):
            super().run(root)


class GatedMarkdown(markdown.Markdown):
    """Python-Markdown, answering `is_block_level` from a set during a conversion."""

    _block_level: frozenset[str] | None = None  # block_level_elements, as the conversion began

    def convert(self, source: str) -> str:
        self._block_level = frozenset(self.block_level_elements)
        try:
            return super().convert(source)
        finally:
            self._block_level = None

    def is_block_level(self, tag: Any) -> bool:
        names = self._block_level
        if names is None:
            return super().is_block_level(tag)
        return isinstance(tag, str) and tag.lower().rstrip("/") in names


def gate(md: markdown.Markdown) -> markdown.Markdown:
    """Put the gated stages in the places of `md`'s stock ones; `md` is returned.

    A stage an extension has replaced (md_in_html replaces "html_block") is left as it is.
    """
    if type(md) is markdown.Markdown:  # the same engine, with the set (no state of its own)
        md.__class__ = GatedMarkdown
    if type(md.parser) is BlockParser:  # the same parser, with the gated loop (no new state)
        md.parser.__class__ = GatedBlockParser
    _replace(md.treeprocessors, "inline", 20, InlineProcessor, GatedInlineProcessor(md))
    _replace(
        md.preprocessors, "html_block", 20, HtmlBlockPreprocessor, GatedHtmlBlockPreprocessor(md)
    )
    if _replace(
        md.treeprocessors, "unescape", 0, UnescapeTreeprocessor, GatedUnescapeTreeprocessor(md)
    ):  # right after the stock whitespace pass (30), which removes any STX and ETX
        md.preprocessors.register(EscapeMarkPreprocessor(md), "site_gen_escape_mark", 29.9)
    return md


def _replace(registry: util.Registry[T], name: str, priority: int, stock: type, new: T) -> bool:
    """Register `new` under `name` in the place of an instance of exactly `stock`, if any;
    True if it was."""
    if name not in registry or type(registry[name]) is not stock:
        return False
    order = [type(item) for item in registry]
    registry.register(new, name, priority)
    if [type(item) for item in registry] != [type(new) if t is stock else t for t in order]:
        raise RuntimeError(f"the gated {name!r} is not where the stock one was")
    return True
