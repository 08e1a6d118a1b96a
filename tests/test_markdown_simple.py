"""Text of the simplest kind, read in one pass (site_gen.markdown_simple), gets the stock HTML."""

from __future__ import annotations

import runpy
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_gen import markdown_gates, markdown_simple, markup

from conftest import REPO
from test_markdown_gate import EXTENSIONS, differs

# Read in one pass: each of their blocks is of the simplest kind.
READ = [
    "This is *context* for statement 1649, paragraph 1. It cites [a report]"
    "(https://example.org/report/9695) and quotes **democracy** as the main theme; see "
    "`note 39`.\n\n- trade\n- *security*\n- democracy",
    "*Em* at the start, **strong words** at the end: **done**",
    "Code with marks: `a * b _c_ [d](e) ![f]`, and `  padded  ` and `x > y`.",
    "A [link](https://e.org/a_b*c?d=e#f) and [another one](/people/x/) (in brackets).",
    "Wrapped *over*\nlines, **still**\nfine; *a*, *b*. *c*! *d*? *e*: *f*;",
    "Unicode *élan* and **日本** and *مرحبا* and [ссылка](https://e.org/ж).",
    "1. one `x`\n2. *two*\n\n> quoted *em*\n\n# A *heading*",
    "Lone ] and ( and ) and ! and # and > and ' and \" are plain, beside *em*.",
]
# Left to the stock patterns: some mark in them is not of the simplest kind.
REFUSED = [
    "An image ![alt](https://e.org/i.png) in text.",
    "A line break  \nhere and [link](https://e.org).",
    "*em*s, *em*-dash, x*em*, (*em*) and * lone *.",
    "*nested **strong** inside*, ***both***, **a *b* c**.",
    "_underscore_ and snake_case and __strong__.",
    "``two ticks`` and `one and ``` and `unclosed.",
    "[text with *em*](https://e.org) and [a](<https://e.org>) and [a](https://e.org 'title').",
    "[link](https://e.org/(paren)) and [ref][r] and [short].\n\n[r]: https://e.org/r",
    "Escapes \\* and entities &amp; and <b>html</b> and <https://e.org>.",
    "* em * with spaces, *multi\nline*, **strong\nover lines**.",
    "[a\nb](https://e.org) and `a\nb`.",
    "Code with `<b>`, `&amp;` and `\\`.",
]


@pytest.mark.parametrize("name", sorted(EXTENSIONS))
def test_the_samples_agree_with_the_stock_engine(name: str) -> None:
    assert [t for t in READ + REFUSED if differs(name, t)] == []


def test_the_plain_engine_reads_the_simplest_text_in_one_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read: list[str] = []
    parse = markdown_simple.parse

    def noting(text: str) -> list[object] | None:
        parts = parse(text)
        if parts is not None and any(not isinstance(part, str) for part in parts):
            read.append(text)
        return parts  # type: ignore[return-value]

    monkeypatch.setattr(markdown_simple, "parse", noting)
    for text in READ:
        read.clear()
        markup.engine(True).reset().convert(text)
        assert read, text


@pytest.mark.parametrize("text", REFUSED)
def test_text_not_of_the_simplest_kind_is_refused(text: str) -> None:
    blocks = [block for block in text.split("\n\n") if not block.startswith("[r]:")]
    assert any(markdown_simple.parse(block) is None for block in blocks)


def test_the_extra_engine_and_changed_patterns_are_left_to_the_stock_patterns() -> None:
    known = lambda p: markdown_gates.triggers(p) is not None  # noqa: E731
    assert markdown_simple.applies(markup.engine(True).inlinePatterns, known)
    assert not markdown_simple.applies(markup.engine(False).inlinePatterns, known)
    md = markdown_gates.gate(markdown.Markdown(extensions=["sane_lists"], output_format="html"))
    assert md.convert("`code` and *em*") == "<p><code>code</code> and <em>em</em></p>"
    md.inlinePatterns.deregister("backtick")  # an extension may change them between runs
    assert not markdown_simple.applies(md.inlinePatterns, known)
    assert md.reset().convert("`code` and *em*") == "<p>`code` and <em>em</em></p>"
    md = markdown_gates.gate(markdown.Markdown(extensions=["sane_lists"], output_format="html"))
    md.inlinePatterns["em_strong"].add("~", "del")  # a new delimiter
    assert not markdown_simple.applies(md.inlinePatterns, known)


def test_a_wrong_reading_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_simple, "REFUSED", ())  # images and line breaks read as text
    assert any(differs("plain", text) for text in REFUSED)


def test_a_wrong_placing_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    parse = markdown_simple.parse

    def reversed_parts(text: str) -> list[object] | None:
        parts = parse(text)
        return None if parts is None else parts[::-1]

    monkeypatch.setattr(markdown_simple, "parse", reversed_parts)
    assert any(differs("plain", text) for text in READ)


# Pieces of text of the simplest kind, and of marks that must not be read so.
PIECES = [
    *"ab Z9é\n*_`[]()<>&;!.,:?\\#'\"",
    "word",
    "\n\n",
    "  \n",
    "*em*",
    "**strong**",
    "*two words*",
    "**a, b**",
    "`code`",
    "`*_[x](y)`",
    "` `",
    "``",
    "[text](https://e.org/a_b)",
    "[t](/x)",
    "[",
    "](",
    "![",
    "- ",
    "1. ",
    "> ",
    "# ",
    "    ",
    "\n\n[r]: /r\n",
    "[r]",
]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_any_text_of_those_pieces_agrees_with_the_stock_engines(text: str) -> None:
    assert not differs("plain", text)
    assert not differs("extra", text)


def test_the_benchmark_contexts_agree_with_the_stock_engine(tmp_path: Path) -> None:
    generate = runpy.run_path(str(REPO / "benchmarks" / "generate.py"))["generate"]
    generate(200, tmp_path)
    texts = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.rglob("*.md"))]
    assert len(texts) > 100
    assert [t for t in texts if differs("plain", t)] == []
    assert all(markdown_simple.parse(t.split("\n\n")[0]) is not None for t in texts)
