"""Markdown without the marks of "extra" goes through the plain engine, with the same HTML."""

from __future__ import annotations

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
    assume(markup._EXTRA_MARKS.search(text) is None)  # most texts: "[^", "*[", "~~~" are rare
    plain = plain_engine(text)
    assert plain == full(text)
    assert markup.to_html(text) == plain


def test_benchmark_like_context_takes_the_plain_engine() -> None:
    text = (
        "This is *context* for statement 1649. It cites [a report](https://example.org/r/9)"
        " and quotes **democracy**; see `note 39`.\n\n- trade\n- security\n\n> A quote.\n"
    )
    assert markup._EXTRA_MARKS.search(text) is None
    assert markup.to_html(text) == full(text)
