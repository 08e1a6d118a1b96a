"""The gated engines (site_gen.markdown_gates) give the HTML of stock Python-Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_gen import markdown_gates, markup

EXTENSIONS = {"extra": markup.MARKDOWN_EXTENSIONS, "plain": markup.PLAIN_EXTENSIONS}
STOCK = {
    name: markdown.Markdown(extensions=ext, output_format="html")
    for name, ext in EXTENSIONS.items()
}


def gated(name: str) -> markdown.Markdown:
    return markup.engine(name == "plain")


def differs(name: str, text: str) -> bool:
    return gated(name).reset().convert(text) != STOCK[name].reset().convert(text)


# Each gate is needed by some sample: with the gate wrong, some sample's HTML changes
# (test_a_wrong_gate_is_noticed).
SAMPLES = [
    "Use `code` here, and ``a ` tick``.",
    "Escaped \\\\`code` and \\\\\\`not code`.",
    "Not \\*emphasis\\*, a \\[bracket\\] and \\\\ one backslash.",
    '[a link](https://e.org/a "title") and [a ref][r] and [r] and [missing].\n\n'
    "[r]: https://e.org/r\n",
    "![an image](https://e.org/i.png) and ![a ref image][r] and ![r]\n\n[r]: https://e.org/r\n",
    "No definitions: [a][b], [c], [d][], ![e][f], ![g] and [a link](https://e.org).",
    "An autolink <https://e.org/x> and a mail <me@example.org>.",
    'Inline <b>bold</b>, <span lang="fr">oui</span>, <!-- a comment --> and 1 < 2 > 0.',
    "Line one  \nline two\\\nline three.",
    "Fish &amp; chips &#38; &#x26; &copy; AT&T, amp.\n\n*[amp]: ampersand\n*[AT]: at\n",
    "*em* and **strong** and ***both***, _em_ and __strong__, snake_case_word, 2 * 3 * 4.",
    "A claim.[^1] Another.[^n]\n\n[^1]: The source.\n[^n]: A note with *em*.\n",
    "<div>\nA raw block with *no* Markdown.\n</div>\n\nAfter.",
    "References without a semicolon: &#38x and &#x26 x and &amp.",
    "*a [link with `code` and &amp;](https://e.org) <i>i</i> \\* **b***",
    "- item with [link](https://e.org)\n- item with `code`  \n  and a break\n\n> quoted *em*\n",
    "# Title {#id}\n\n| a | b |\n| - | - |\n| *1* | `2` |\n\n"
    "Term\n:   Definition with [link][r].\n\n[r]: https://e.org/\n",
    "```\nfenced `code` *not em*\n```\n\n    indented <b>code</b> &amp;\n",
    "Setext\n======\n\nSub *head*\n---\n\n* * *\n\nText\n> quoted\n\n- a\n\n    # not a head\n",
]
SAMPLE_SITE = sorted((Path(__file__).parent.parent / "content").rglob("*.md"))


@pytest.mark.parametrize("name", sorted(EXTENSIONS))
def test_the_samples_and_the_sample_site_agree_with_the_stock_engine(name: str) -> None:
    texts = SAMPLES + [path.read_text(encoding="utf-8") for path in SAMPLE_SITE]
    assert len(texts) > len(SAMPLES)
    assert [t for t in texts if differs(name, t)] == []


@pytest.mark.parametrize("name", sorted(EXTENSIONS))
def test_every_stage_that_can_be_gated_is(name: str) -> None:
    """A regex changed by an upgrade of Python-Markdown is tried as before: review TRIGGERS."""
    md = gated(name)
    ungated = [p for p in md.inlinePatterns if markdown_gates.triggers(p) is None]
    assert ungated == []
    assert isinstance(md.treeprocessors["inline"], markdown_gates.GatedInlineProcessor)
    assert type(md.parser) is markdown_gates.GatedBlockParser
    assert type(md) is markdown_gates.GatedMarkdown
    gated_blocks = {type(p) for p in md.parser.blockprocessors if markdown_gates.block_triggers(p)}
    assert gated_blocks == {cls for cls, _ in markdown_gates.BLOCK_TRIGGERS}
    html_block = md.preprocessors["html_block"]
    assert (name == "plain") == isinstance(html_block, markdown_gates.GatedHtmlBlockPreprocessor)


@pytest.mark.parametrize("regex", sorted(markdown_gates.TRIGGERS))
def test_a_wrong_inline_gate_is_noticed(regex: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(markdown_gates.TRIGGERS, regex, ("\x00",))  # the pattern never tried
    monkeypatch.setattr(markup, "_engines", {})  # new engines: each keeps its gated patterns
    assert any(differs(name, text) for name in EXTENSIONS for text in SAMPLES)


@pytest.mark.parametrize("name", sorted(EXTENSIONS))
def test_every_pattern_opening_with_a_lookbehind_searches_from_where_it_can_begin(
    name: str,
) -> None:
    """A regex opening with a lookbehind is tried at every position: review STARTS."""
    md = gated(name)
    lookbehind = re.compile(r"^(\(\?:)?\(\?<[=!]")
    opening = [p for p in md.inlinePatterns if lookbehind.match(p.getCompiledRegExp().pattern)]
    assert len(opening) >= 2  # backtick, link (and the reference patterns)
    assert [p for p in opening if markdown_gates.starts(p) is None] == []


@pytest.mark.parametrize(
    ("regex", "dropped"),
    [(regex, char) for regex, chars in sorted(markdown_gates.STARTS.items()) for char in chars],
)
def test_a_wrong_start_is_noticed(
    regex: str, dropped: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = tuple(c for c in markdown_gates.STARTS[regex] if c != dropped)
    monkeypatch.setitem(markdown_gates.STARTS, regex, kept or ("\x00",))
    monkeypatch.setattr(markup, "_engines", {})
    assert any(differs(name, text) for name in EXTENSIONS for text in SAMPLES)


@pytest.mark.parametrize("marks", [("<",), ("&",)])
def test_a_wrong_html_gate_is_noticed(
    marks: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(markdown_gates, "HTML_MARKS", marks)
    assert any(differs("plain", text) for text in SAMPLES)


@pytest.mark.parametrize("key", sorted(markdown_gates.BLOCK_TRIGGERS, key=str))
def test_a_wrong_block_gate_is_noticed(
    key: tuple[type, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(markdown_gates.BLOCK_TRIGGERS, key, ("\x00",))  # never tried
    monkeypatch.setattr(markup, "_engines", {})
    assert any(differs(name, text) for name in EXTENSIONS for text in SAMPLES)


def test_the_gated_block_processors_follow_a_change_of_the_processors() -> None:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    markdown_gates.gate(md)
    assert md.convert("> quoted") == "<blockquote>\n<p>quoted</p>\n</blockquote>"
    md.parser.blockprocessors.deregister("quote")
    assert md.reset().convert("> quoted") == "<p>&gt; quoted</p>"


def test_the_block_level_names_follow_a_change_between_conversions() -> None:
    md = markdown_gates.gate(markdown.Markdown(extensions=["sane_lists"], output_format="html"))
    stock = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    assert md.convert("*a* b") == stock.convert("*a* b") == "<p><em>a</em> b</p>"
    for engine in (md, stock):
        engine.block_level_elements.append("em")  # now laid out on lines of its own
    assert md.reset().convert("*a* b") == stock.reset().convert("*a* b") == "<p>\n<em>a</em> b</p>"
    for tag in ("EM/", "p", "span", "", 3, None):  # outside a conversion, as the stock one
        assert md.is_block_level(tag) == stock.is_block_level(tag)


def test_a_wrong_block_level_set_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_gates, "frozenset", lambda names: frozenset(), raising=False)
    assert any(differs(name, text) for name in EXTENSIONS for text in SAMPLES)


def test_a_wrong_reference_gate_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_gates, "without_references", lambda md: True)
    assert any(differs(name, text) for name in EXTENSIONS for text in SAMPLES)


def test_a_wrong_escape_gate_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_gates, "ESCAPE_MARK", "\x00")  # the unescape pass never run
    assert any(differs(name, text) for name in EXTENSIONS for text in SAMPLES)


@pytest.mark.parametrize("name", sorted(EXTENSIONS))
def test_the_unescape_pass_is_skipped_only_without_a_backslash(name: str) -> None:
    md = gated(name)
    assert isinstance(md.treeprocessors["unescape"], markdown_gates.GatedUnescapeTreeprocessor)
    md.reset().convert("Plain *text*, `code` and a [link](https://e.org/).")
    assert md.site_gen_escapes is False  # type: ignore[attr-defined]
    md.reset().convert("One \\* escaped.")
    assert md.site_gen_escapes is True  # type: ignore[attr-defined]


def test_the_gated_patterns_follow_a_change_of_the_patterns() -> None:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    markdown_gates.gate(md)
    assert md.convert("`code` and *em*") == "<p><code>code</code> and <em>em</em></p>"
    md.inlinePatterns.deregister("backtick")  # an extension may change them between runs
    assert md.reset().convert("`code` and *em*") == "<p>`code` and <em>em</em></p>"


# Texts of the pieces the gated patterns look for, whole and broken up.
PIECES = [
    *"ab Z9\n*_`[]()<>&;!\\#:^|{}-~. ",
    "\n\n",
    "  \n",
    "\\\n",
    "    ",
    "amp",
    "&amp;",
    "&#38;",
    "&#38",
    "http://e.org",
    "<http://e.org>",
    "<me@e.org>",
    "<b>",
    "</b>",
    "<div>\n",
    "<!-- c -->",
    "[a](/x)",
    "[r]",
    "![i](/i)",
    "![r]",
    "](",
    "![",
    "[^1]",
    "\n\n[^1]: n\n",
    "x[^1]\n\n[^1]: n\n",
    "\n\n*[amp]: a\n",
    "\n\n[r]: /r\n",
    "**",
    "__",
    "``",
    "- ",
    "> ",
    "1. ",
    "\n# ",
    "\n===\n",
    "\n---\n",
    "* * *\n",
    "]: /r",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_any_text_of_those_pieces_agrees_with_the_stock_engines(text: str) -> None:
    assert not differs("extra", text)
    assert not differs("plain", text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_agrees_with_the_stock_engines(text: str) -> None:
    assert not differs("extra", text)
    assert not differs("plain", text)
