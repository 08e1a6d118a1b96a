"""The search index's words: folding, splitting and shard names (search.js must agree)."""
# ruff: noqa: RUF001  (look-alike characters are what this module tests)

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from datetime import date

import pytest

from site_gen import search
from site_gen.gather import check_site
from site_gen.model import Statement, When, assemble

from conftest import TRICKY, SiteDir


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Élysée", ["elysee"]),
        ("José MÜLLER", ["jose", "muller"]),
        ("Straße", ["straße"]),  # lower-case, not case-folded: `ß` stays as in JavaScript
        ("नरेन्द्र मोदी", ["नरेन्द्र", "मोदी"]),  # Devanagari vowel signs are kept
        ("مُحَمَّد", ["مُحَمَّد"]),  # so are Arabic ones
        ("Ёлка, Путин", ["елка", "путин"]),
        ("ΟΔΥΣΣΕΥΣ", ["οδυσσευσ"]),  # final sigma is sigma
        ("India-US e-mail_address", ["india", "us", "e", "mail", "address"]),
        ("2024: 47th ２０２４", ["2024", "47th", "2024"]),
        ("تبریک می‌گوییم", ["تبریک", "می", "گوییم"]),  # a zero-width non-joiner splits
        ("", []),
    ],
)
def test_terms_fold_and_split_words_of_any_script(text: str, words: list[str]) -> None:
    assert search.terms(text) == words


def test_every_mark_is_in_the_planes_the_word_pattern_looks_at() -> None:
    outside = [
        hex(code)
        for code in (*range(0x300), *range(0x20000, 0xE0100), *range(0xE01F0, 0x110000))
        if unicodedata.category(chr(code)).startswith("M")
    ]
    assert outside == []


def test_both_word_patterns_split_alike() -> None:
    plane0, anywhere = search._word_patterns()
    for text in TRICKY:
        folded = search.fold(text).replace("_", " ")
        if not search._ASTRAL.search(folded):
            assert plane0.findall(folded) == anywhere.findall(folded)
    assert search.terms("\U00011013\U00011038") == ["\U00011013\U00011038"]  # Brahmi: a mark


@pytest.mark.parametrize(
    ("key", "name"),
    [("mo", "mo"), ("2", "2"), ("मो", "u-92e-94b"), ("ß", "u-df"), ("eΩ", "u-65-3a9")],
)
def test_shard_files_are_ascii_and_never_clash(key: str, name: str) -> None:
    assert search.shard_file(key) == name


def _statement(quote: str, language: str = "en", translation: str = "") -> Statement:
    return Statement(
        id="s",
        event="e",
        speaker="p",
        on_behalf_of="",
        actor_type="country",
        actor_id="FR",
        role="",
        when=When("2024-11-06", None, date(2024, 11, 6)),
        platform="",
        quote=quote,
        language=language,
        translation=translation,
        stance="hopeful",
        tags=(),
        sources=(),
        draft=False,
        markdown="",
        path="",
    )


def test_long_quotes_are_cut_at_a_word_to_about_200_characters() -> None:
    excerpt, language = search._excerpt(_statement("word,  " * 100), "en")
    assert language == "en"
    assert excerpt.startswith("word, word, ")
    assert excerpt.endswith("word…")
    assert 190 <= len(excerpt) <= 201


def test_the_excerpt_is_the_translation_into_the_site_language_when_there_is_one() -> None:
    assert search._excerpt(_statement("Merci.", "fr", "Thank you."), "en") == ("Thank you.", "en")
    assert search._excerpt(_statement("Merci.", "fr"), "en") == ("Merci.", "fr")
    declined = replace(_statement(""), act="declined to comment")
    assert search._excerpt(declined, "en") == ("Declined to comment.", "en")


def test_the_words_are_found_alike_however_the_statements_are_chunked(
    sample: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each chunk keeps its own words (numbered from its first statement) for the build
    cache; joined, they give the index one pass over all statements gives."""
    records, _ = check_site(sample.root)
    assert records is not None
    site = assemble(records)
    assert len(site.statements) > 3
    whole = dict(search.search_files(site))
    monkeypatch.setattr(search, "CHUNK", 2)
    chunked = dict(search.search_files(site))
    shards = sorted(path for path in whole if path.startswith("search/terms/"))
    assert shards and shards == sorted(p for p in chunked if p.startswith("search/terms/"))
    assert [whole[path] for path in shards] == [chunked[path] for path in shards]
    last = len(site.statements) - 1  # the newest statement: in the last chunk of two
    newest = search.terms(site.statements[last].quote)[0]
    assert last in json.loads(chunked[f"search/terms/{search.shard_file(newest[:2])}.json"])[newest]
