"""Markdown without the marks of "extra" goes through the plain engine, with the same HTML."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from site_gen import markup

# What each extension of "extra" reads: the plain engine would get these wrong.
EXTRA_SAMPLES = {
    "tables": "| a | b |\n| - | - |\n| 1 | 2 |\n",
    "footnotes": "A claim.[^1]\n\n[^1]: The source.\n",
    "def_list": "Term\n:   Its definition.\n",
    "fenced_code": "```\ncode\n```\n",
    "fenced_code (tilde)": "~~~\ncode\n~~~\n",
    "attr_list": "# Title {#custom-id}\n",
    "abbr": "The UN met.\n\n*[UN]: United Nations\n",
    "md_in_html": '<div markdown="1">*emphasis*</div>\n',
}

# The marks of "extra" (`markup.is_plain` looks for them): none, and the plain engine will do.
EXTRA_MARKS = re.compile(r"```|~~~|\[\^|[{|<]|\*\[|^[ \t]{0,3}:", re.MULTILINE)

# Everything else Python-Markdown reads: emphasis, links, images, code, lists, quotes, rules,
# headings, line breaks, escapes, entities, numbered items, autolinks without <>.
PLAIN_ALPHABET = "ab Z9\n\n*_`#->+.1)(!][\\&;=\"'/:~^" + "é—"
plain_texts = st.text(alphabet=PLAIN_ALPHABET, max_size=120)
any_texts = st.text(alphabet=PLAIN_ALPHABET + "{}|<[^", max_size=120)


def plain_engine(text: str) -> str:
    engine = markdown.Markdown(extensions=markup.PLAIN_EXTENSIONS, output_format="html")
    return engine.convert(text)


def full(text: str) -> str:
    engine = markdown.Markdown(extensions=markup.MARKDOWN_EXTENSIONS, output_format="html")
    return engine.convert(text)


@pytest.mark.parametrize("name", sorted(EXTRA_SAMPLES))
def test_each_extension_of_extra_is_noticed(name: str) -> None:
    text = EXTRA_SAMPLES[name]
    plain = plain_engine(text)
    assert plain != full(text)  # the sample needs the extension
    assert markup.to_html(text) == full(text)


@settings(max_examples=400, deadline=None)
@given(any_texts)
def test_any_text_gives_the_html_of_the_full_engine(text: str) -> None:
    assert markup.to_html(text) == full(text)


@settings(max_examples=400, deadline=None)
@given(plain_texts)
def test_without_marks_the_plain_engine_agrees_with_the_full_one(text: str) -> None:
    assume(EXTRA_MARKS.search(text) is None)  # most texts: "[^", "*[", "~~~" are rare
    plain = plain_engine(text)
    assert plain == full(text)
    assert markup.to_html(text) == plain


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=" \t\n:`~[^{|<*a", max_size=40))
def test_is_plain_finds_the_marks_of_extra(text: str) -> None:
    assert markup.is_plain(text) == (EXTRA_MARKS.search(text) is None)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Term\n:   Definition.", False),
        ("Term\n   : Definition.", False),
        ("Term\n\t:Definition.", False),
        (":first line", False),
        ("Term\n    : four spaces: indented code, not a definition.", True),
        ("See https://example.org: a link.", True),
        ("a\n x:y", True),
        ("a | b", False),
        ("a *[b", False),
    ],
)
def test_is_plain_on_lines_opening_with_a_colon(text: str, plain: bool) -> None:
    assert markup.is_plain(text) is plain
    assert (EXTRA_MARKS.search(text) is None) is plain


def test_benchmark_like_context_takes_the_plain_engine() -> None:
    text = (
        "This is *context* for statement 1649. It cites [a report](https://example.org/r/9)"
        " and quotes **democracy**; see `note 39`.\n\n- trade\n- security\n\n> A quote.\n"
    )
    assert EXTRA_MARKS.search(text) is None
    assert markup.to_html(text) == full(text)
