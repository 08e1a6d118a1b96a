"""Texts converted together (markup.to_html_all) get the HTML each gets alone."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_gen import markup

from conftest import REPO
from test_markdown_gate import PIECES, SAMPLE_SITE, SAMPLES

# Texts that end or begin with a block left open, or with blank lines and spaces around it
EDGES = [
    "- an item\n- another",
    "1. one\n2. two\n\n    indented in the item",
    "    indented code\n\n\n",
    "> a quote\nlazy line",
    "Setext above\n",
    "===\nnot a heading alone",
    "---",
    "\n\n   leading blank lines and spaces",
    "trailing spaces  ",
    "trailing backslash \\",
    "tab\tinside\n\tand indented by a tab",
    "# a heading #",
    "* * *",
    "`unclosed code",
    "*unclosed emphasis",
    "[a shortcut reference] and [another][ref]",
    "![an image](https://e.org/i.png)",
    "line\r\nwith\rreturns",
    "**a* * *\n**``a`aaa**",  # Python-Markdown leaves a numbered placeholder in its HTML
]


def one_by_one(texts: list[str]) -> list[str]:
    return [markup.to_html(text) for text in texts]


@pytest.mark.parametrize("order", ["as listed", "reversed"])
def test_samples_edges_and_the_sample_site_get_their_own_html(order: str) -> None:
    site = [path.read_text(encoding="utf-8") for path in SAMPLE_SITE]
    texts = [*SAMPLES, *EDGES, *site, *EDGES]
    if order == "reversed":
        texts.reverse()
    assert markup.to_html_all(texts) == one_by_one(texts)


def test_texts_are_converted_together(monkeypatch: pytest.MonkeyPatch) -> None:
    documents: list[str] = []
    engine = markup.engine(True)
    convert = engine.convert
    monkeypatch.setattr(engine, "convert", lambda text: documents.append(text) or convert(text))
    texts = [f"Context *{n}*, with [a link](https://e.org/{n}).\n\n- a\n- b\n" for n in range(40)]
    html = markup.to_html_all(texts)
    assert len(documents) == 2  # 32 texts, then 8
    assert html == one_by_one(texts)


def test_texts_that_cannot_share_a_document_are_converted_alone() -> None:
    alone = [
        "[r]\n\n[r]: https://e.org/r",  # a reference: known to the whole document
        "AT&T",  # an entity or "&": stashed document-wide
        f"the mark {markup.BATCH_MARK} itself",
        "| a | b |\n| - | - |\n| 1 | 2 |",  # needs "extra"
        "   ",
        "    \n# a heading",  # a first line of spaces: code alone, blank in a document
        "Long. " * (markup.BATCH_TEXT_LIMIT // 6 + 1),  # longer than a batch takes
    ]
    assert not any(markup._batchable(text) for text in alone)
    texts = ["*before*", *alone, "[r] after"]
    assert markup.to_html_all(texts) == one_by_one(texts)


def test_a_document_that_does_not_split_into_its_texts_is_converted_text_by_text() -> None:
    texts = ["one", f"two\n\n{markup.BATCH_MARK}\n\nthree", "four"]  # one part too many
    assert markup._to_html_together(texts) == one_by_one(texts)


# the gate's pieces that do not keep a text from being batched (some joined still do: "]" ":")
BATCH_PIECES = [piece for piece in PIECES if markup._batchable(piece + "x")]
batches = st.lists(st.lists(st.sampled_from(BATCH_PIECES), max_size=25).map("".join), max_size=6)


@settings(max_examples=400, deadline=None)
@given(batches)
def test_any_texts_of_the_gate_pieces_get_their_own_html(texts: list[str]) -> None:
    assert markup.to_html_all(texts) == one_by_one(texts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*EDGES, *SAMPLES]), min_size=2, max_size=8))
def test_any_order_of_the_edges_and_samples_gets_their_own_html(texts: list[str]) -> None:
    assert markup.to_html_all(texts) == one_by_one(texts)


def test_the_benchmark_contexts_get_their_own_html(tmp_path: Path) -> None:
    # the contexts the speed goal is measured on
    generate = runpy.run_path(str(REPO / "benchmarks" / "generate.py"))["generate"]
    generate(60, tmp_path)
    texts = sorted(path.read_text(encoding="utf-8") for path in tmp_path.rglob("*.md"))
    assert len(texts) > 40 and all(markup._batchable(text) for text in texts)
    assert markup.to_html_all(texts) == one_by_one(texts)
