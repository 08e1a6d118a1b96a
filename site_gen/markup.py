"""Markdown to safe HTML: one reused Python-Markdown instance, then an nh3 allowlist."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from html import escape
from importlib.metadata import version
from typing import TYPE_CHECKING

from site_gen.cache import Store, digest
from site_gen.parallel import close, map_batched

if TYPE_CHECKING:
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


# what the output of `render_markdown` depends on, besides the text (for the build cache)
ENGINE = f"markdown {version('markdown')} {MARKDOWN_EXTENSIONS} nh3 {version('nh3')} gated-4"


def _new_markdown(extensions: list[str] = MARKDOWN_EXTENSIONS) -> markdown.Markdown:
    # the stock engine, skipping work that cannot change the HTML (site_gen.markdown_gates)
    import markdown  # here: a build whose texts are all in the cache never imports it

    from site_gen.markdown_gates import gate

    return gate(markdown.Markdown(extensions=extensions, output_format="html"))


# The same engine without the extensions of "extra" (about a fifth faster), for texts in
# which none of them can find anything. Each is found by a mark a text must contain: fences
# (``` ~~~), footnotes ([^), attribute lists ({), definition lists (":" opening a line),
# tables (|), abbreviations (*[) and Markdown in HTML (<). tests/test_markdown_plain.py
# checks that both engines agree on every text without these marks.
PLAIN_EXTENSIONS = ["sane_lists"]
_engines: dict[bool, markdown.Markdown] = {}  # plain or not -> the engine, made when needed


def engine(plain: bool) -> markdown.Markdown:
    """The engine without the "extra" extensions (`plain`) or with them, made once."""
    made = _engines.get(plain)
    if made is None:
        made = _engines[plain] = _new_markdown(PLAIN_EXTENSIONS if plain else MARKDOWN_EXTENSIONS)
    return made


# The marks of "extra" but one, a line opening with ":" (a definition), which is_plain finds
_EXTRA_STRINGS = ("```", "~~~", "[^", "{", "|", "<", "*[")


def is_plain(text: str) -> bool:
    """Whether `text` holds none of the marks of "extra": the plain engine gives its HTML.

    Decided by substring searches: as one regex (tests/test_markdown_plain.py, EXTRA_MARKS),
    with a line start among its alternatives, the regex engine had no first character to look
    for and tried every position: 8.5 to 11 microseconds a benchmark text, against 2.2."""
    for mark in _EXTRA_STRINGS:
        if mark in text:
            return False
    at = text.find(":")
    while at != -1:  # a line opening with a colon after at most three spaces or tabs
        start = text.rfind("\n", 0, at) + 1
        if at - start <= 3 and not text[start:at].strip(" \t"):
            return False
        at = text.find(":", at + 1)
    return True


_known: dict[str, str] = {}  # text -> HTML, filled by `Prepared.finish`, for the build in progress


_ROOT_LINK = re.compile(r'(<a [^>]*?href=")/(?!/)')


def render_markdown(text: str, base_path: str = "/") -> str:
    """Render editor Markdown to HTML that can carry no script, style or unsafe URL.

    A root-relative link (`/people/x/`) is put under `base_path`, the path of the base URL.
    """
    if not text.strip():
        return ""
    html = _known.get(text)
    if html is None:
        html = _convert(text)
    if base_path != "/":
        html = _ROOT_LINK.sub(lambda m: m.group(1) + base_path, html)
    return html


def _convert(text: str) -> str:
    return sanitize(to_html(text))


def to_html(text: str) -> str:
    """Python-Markdown's HTML for `text` (not yet sanitised), by the cheapest engine that can."""
    plain = is_plain(text)
    try:
        return engine(plain).reset().convert(text)
    except (RecursionError, TypeError, ValueError, AttributeError, KeyError, IndexError):
        # A last resort: site_gen.limits refuses deep nesting, and Python-Markdown fails on a
        # few odd texts (a fence with `{ .python linenums=True }` raises TypeError). The text
        # is then shown as it was written. reset() does not undo a parser stopped half-way.
        _engines.clear()
        return f"<pre>{escape(text)}</pre>"


# Texts converted together: one document holding them with a paragraph of BATCH_MARK between
# each two, split again at those paragraphs. Besides its text, each conversion costs a fixed
# part (setting up the parser, each pass over the tree, the serializer): a fifth of the time of
# a benchmark context. Only texts that get, inside such a document, the HTML they get alone:
# - the plain engine's: none of the extensions of "extra" (footnotes and abbreviations are
#   collected document-wide);
# - no reference definition ("]:"): a reference is known to the whole document;
# - no "&" (nor "<", which the plain engine's texts lack): raw HTML and entities are stashed
#   document-wide;
# - no white space first: a first line of spaces is code alone, and blank inside a document
#   (Python-Markdown blanks a line of spaces only after a line break);
# - not the mark itself;
# - short: the fixed part matters for short texts, and Python-Markdown's block parser takes
#   each block off the front of a list, a cost that grows with the square of a document's
#   blocks.
# The blank lines around the mark close whatever block the text above left open (a list, a
# quote, indented code) and the mark, unindented, opens none, so the next text starts as it
# would alone. Should the HTML not split into one part per text, each is converted alone.
# The numbers of the placeholders Python-Markdown puts in the text and takes out run across
# the document; they show only where one is left in, and such a text is converted alone.
# tests/test_markdown_batch.py compares the two ways on the gate's samples and random texts.
BATCH_MARK = "sitegenbatchmark7d1e"
BATCH_SIZE = 32  # texts per document: the fixed part is then paid once for 32
BATCH_TEXT_LIMIT = 4000  # characters: longer texts are converted alone
_BATCH_JOIN = f"\n\n{BATCH_MARK}\n\n"
_BATCH_SPLIT = f"\n<p>{BATCH_MARK}</p>\n"


def to_html_all(texts: Sequence[str]) -> list[str]:
    """`to_html` of each text, the texts that can be converted together in batches."""
    html = [""] * len(texts)
    batched = []
    for i, text in enumerate(texts):
        if _batchable(text):
            batched.append(i)
        else:
            html[i] = to_html(text)
    for start in range(0, len(batched), BATCH_SIZE):
        group = batched[start : start + BATCH_SIZE]
        for i, made in zip(group, _to_html_together([texts[i] for i in group]), strict=True):
            html[i] = made
    return html


def _batchable(text: str) -> bool:
    return (
        is_plain(text)
        and "]:" not in text
        and "&" not in text
        and BATCH_MARK not in text
        and len(text) <= BATCH_TEXT_LIMIT
        and bool(text.strip())
        and not text[0].isspace()
    )


def _to_html_together(texts: list[str]) -> list[str]:
    if len(texts) > 1:
        try:
            parts = engine(True).reset().convert(_BATCH_JOIN.join(texts)).split(_BATCH_SPLIT)
        except (RecursionError, TypeError, ValueError, AttributeError, KeyError, IndexError):
            _engines.clear()  # as in to_html: the engine may be left half-way; each text alone
        else:
            if len(parts) == len(texts):
                # A placeholder Python-Markdown left in the HTML (odd runs of * can) is
                # numbered across the document: such a text is converted again, alone.
                return [
                    to_html(text) if _PLACEHOLDER_MARKS.search(part) else part
                    for text, part in zip(texts, parts, strict=True)
                ]
    return [to_html(text) for text in texts]


_PLACEHOLDER_MARKS = re.compile("[\x02\x03]")  # Python-Markdown's STX and ETX


_cleaners: list[nh3.Cleaner] = []  # the one sanitiser, made when first needed


def sanitize(html: str) -> str:
    if not _cleaners:  # built once: nh3.clean would build the same one again for every text
        import nh3

        _cleaners.append(
            nh3.Cleaner(
                tags=ALLOWED_TAGS,
                attributes=ALLOWED_ATTRIBUTES,
                url_schemes=URL_SCHEMES,
                link_rel="noopener nofollow",
                strip_comments=True,
            )
        )
    return _cleaners[0].clean(html)


class Prepared:
    """Markdown files being rendered on all cores while the build reads and checks the rest."""

    def __init__(
        self, paths: Sequence[str], read: Callable[[str], str | None], cache: Store
    ) -> None:
        # every chunk is handed out at once: results are small, and the caller works meanwhile;
        # at a lower priority: what the caller does meanwhile (checking) must not wait
        work = partial(_render_files, read, cache)
        self._work = map_batched(work, paths, window=None, background=True)

    def cancel(self) -> None:
        """Stop rendering: the build failed."""
        close(self._work)

    def finish(self, texts: Iterable[str], cache: Store) -> None:
        """Make the HTML of every text known to `render_markdown`, and record it in `cache`.

        A text is matched to a rendered file by its digest; one that changed since (or was
        not among the files) is rendered here.
        """
        by_digest: dict[bytes, str] = {}
        try:
            for result in self._work:
                if result is not None:
                    by_digest[result[0]] = result[1]
        finally:
            close(self._work)
        _known.clear()
        for text in texts:
            if text.strip():
                key = digest(text)
                html = by_digest.get(key) or cache.get(key) or _convert(text)
                cache.put(key, html)
                _known[text] = html


def _render_files(
    read: Callable[[str], str | None], cache: Store, paths: Sequence[str]
) -> list[tuple[bytes, str] | None]:
    """The digest and HTML of each file's text (None for an empty or unreadable file): all
    read first, then converted, then sanitised, each stage for the whole chunk. Done file by
    file, alternating system calls, Python-Markdown and nh3, the same 8,018 texts took a
    tenth more CPU: each evicts the others' code and data from the CPU's caches."""
    texts = [read(path) for path in paths]
    keys = [digest(text) if text is not None and text.strip() else None for text in texts]
    html = [None if key is None else cache.get(key) for key in keys]
    todo = [i for i, key in enumerate(keys) if key is not None and not html[i]]
    unsafe = to_html_all([texts[i] or "" for i in todo])
    for i, raw in zip(todo, unsafe, strict=True):
        html[i] = sanitize(raw)
    return [
        None if key is None else (key, made or "") for key, made in zip(keys, html, strict=True)
    ]


def forget() -> None:
    """Drop the texts `Prepared.finish` kept, once the build that needed them is done."""
    _known.clear()
