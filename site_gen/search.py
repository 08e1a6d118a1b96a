"""The search index, made from the model: the word shards and result chunks search.js reads."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from functools import cache, partial
from typing import Any

from site_gen import urls
from site_gen.cache import Chunks, chunks_made
from site_gen.model import STANCES, Site, Statement
from site_gen.views import statement_title, text_dir

FOLDER = "search/"
CHUNK = 500  # statements per file of results (docs/<n>.json)
EXCERPT_LENGTH = 200  # characters of the quote shown under a result, about
FACETS = ("country", "stance", "event")  # what the search page narrows results by
# combining accents of Latin, Greek and Cyrillic letters, as NFKD leaves them: dropped. The vowel
# signs of Devanagari, Arabic and other scripts have blocks of their own and are kept.
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_PLAIN_KEY = re.compile("[a-z0-9]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_FINAL_SIGMA, _SIGMA = "\u03c2", "\u03c3"  # a word's end is not always known: one sigma


def fold(text: str) -> str:
    """Text as the index compares it: NFKD, lower case, accents dropped, final sigma as sigma.

    `fold` in templates/assets/search.js takes the same steps (`toLowerCase` is `str.lower`,
    not `casefold`), so that a query and the words it should find fold alike.
    """
    folded = _ACCENTS.sub("", unicodedata.normalize("NFKD", text).lower())
    return folded.replace(_FINAL_SIGMA, _SIGMA)


def terms(text: str) -> list[str]:
    """The words of `text`, folded: runs of letters, digits and marks, in any script."""
    folded = fold(text).replace("_", " ")  # `\w` takes in `_`; a word does not
    plane0, anywhere = _word_patterns()
    return (anywhere if _ASTRAL.search(folded) else plane0).findall(folded)


def shard_key(term: str) -> str:
    """The shard a word is kept in: its first two characters."""
    return term[:2]


def shard_file(key: str) -> str:
    """`mo` -> `mo`; a key with anything but a-z and 0-9 is spelled in hex: `मो` -> `u-92e-94b`.

    Hex keeps file names ASCII, so no two keys can clash on a case-insensitive or normalising
    file system (`ß` and `ss`), and no link needs escaping.
    """
    if _PLAIN_KEY.fullmatch(key):
        return key
    return "u-" + "-".join(f"{ord(c):x}" for c in key)


def search_files(site: Site, chunks: Chunks | None = None) -> Iterator[tuple[str, bytes]]:
    """(output path, bytes) of every file of the index, in a stable order, the same every run.

    A statement is known by its number, its place in `site.statements` (time order), so a
    higher number is a newer statement. With `chunks`, what a chunk of statements unchanged
    since the last build gives (its results file, its words with the statements they are
    found in) is read back: after one edit, one chunk's words are found again, not all.
    """
    split: dict[str, frozenset[str]] = {}  # a text many statements share -> its words
    made = chunks_made(
        chunks, "search", site.statements, CHUNK, partial(_chunk, site, split), _valid_chunk
    )
    docs = []
    found: defaultdict[str, list[int]] = defaultdict(list)
    for start, (results, postings) in zip(range(0, len(site.statements), CHUNK), made, strict=True):
        docs.append(results)
        for term, numbers in postings.items():  # chunks in order: every list stays sorted
            found[term] += [start + number for number in numbers] if start else numbers
    shards: defaultdict[str, dict[str, list[int]]] = defaultdict(dict)
    for term, numbers in sorted(found.items()):
        shards[shard_key(term)][term] = numbers
    count = len(site.statements)
    meta = {"chunk": CHUNK, "shards": sorted(shards), "statements": count, "version": 1}
    yield f"{FOLDER}meta.json", _json(meta)
    yield f"{FOLDER}facets.json", _json(_facets(site))
    for number, results in enumerate(docs):
        yield f"{FOLDER}docs/{number}.json", results.encode()
    for key in sorted(shards):
        yield f"{FOLDER}terms/{shard_file(key)}.json", _json(shards[key])


def _chunk(
    site: Site, split: dict[str, frozenset[str]], statements: Sequence[Statement]
) -> tuple[str, dict[str, list[int]]]:
    """A chunk's file of results, and its postings (numbered from the chunk's first)."""
    link = urls.Urls(site.config.base_url).link
    results = _json_text([_doc(site, statement, link) for statement in statements])
    return results, _postings(site, statements, split)


def _valid_chunk(value: Any, count: int) -> bool:
    """Whether a cached chunk is what `_chunk` gives for `count` statements."""
    if not (type(value) is tuple and len(value) == 2):
        return False
    results, postings = value
    return (
        type(results) is str
        and type(postings) is dict
        and all(
            type(numbers) is list and numbers and 0 <= numbers[-1] < count
            for numbers in postings.values()
        )
    )


def _postings(
    site: Site, statements: Sequence[Statement], split: dict[str, frozenset[str]]
) -> dict[str, list[int]]:
    """Each word of the statements, with the sorted numbers (places in `statements`) of those
    it is found in.

    Names, titles, tags and platforms recur: each is split once, into `split`. Statements are
    taken in order, each added once to each of its words, so every list comes out sorted.
    """
    found: defaultdict[str, list[int]] = defaultdict(list)
    for number, statement in enumerate(statements):
        words = set(terms(_own_text(statement)))
        for text in _shared_texts(site, statement):
            shared = split.get(text)
            if shared is None:
                shared = split[text] = frozenset(terms(text))
            words |= shared
        for term in words:
            found[term].append(number)
    return dict(found)


def _own_text(statement: Statement) -> str:
    """The statement's own words: its quote and every translation."""
    texts = (statement.quote, statement.translation, *(t.text for t in statement.translations))
    return "\n".join(texts)


def _shared_texts(site: Site, statement: Statement) -> Iterator[str]:
    """What else it is found by: who said it, for whom, on which event, tags and platform."""
    speaker = site.people[statement.speaker]
    actor = site.actor_of[statement.id]
    yield speaker.name
    yield speaker.native_name
    yield actor.name
    if actor.type == "organization":
        yield site.organizations[actor.id].name  # actor.name is the short name
    yield site.events[statement.event].title
    yield from statement.tags
    yield statement.platform


def _doc(site: Site, statement: Statement, link: Callable[[str], str]) -> dict[str, str]:
    """What a result shows besides its facets: the page's link and title, and an excerpt."""
    excerpt, language = _excerpt(statement, site.config.language)
    speaker, event = site.people[statement.speaker], site.events[statement.event]
    return {
        "url": link(urls.statement(statement.id)),
        "title": statement_title(speaker.name, event.title),
        "excerpt": excerpt,
        "lang": language,
        "dir": text_dir(language),
    }


def _excerpt(statement: Statement, site_language: str) -> tuple[str, str]:
    """The quote, or its translation into the site's language when it was said in another."""
    text, language = statement.quote, statement.language
    if language != site_language:
        translated = statement.translation or next(
            (t.text for t in statement.translations if t.language == site_language), ""
        )
        if translated:
            text, language = translated, site_language
    if not text:  # declined to comment: no words of their own
        return (f"{statement.act.capitalize()}." if statement.act else ""), site_language
    text = " ".join(text.split())
    if len(text) <= EXCERPT_LENGTH:
        return text, language
    cut = text[:EXCERPT_LENGTH]
    space = cut.rfind(" ")
    if space > EXCERPT_LENGTH // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…", language


def _facets(site: Site) -> dict[str, Any]:
    """The values of each facet, and for each statement the place of its value among them:
    results are narrowed by them before any result is loaded."""
    values: dict[str, list[str]] = {
        "country": sorted({a.name for a in site.actor_of.values()}, key=_by_folded),
        "stance": list(STANCES),
        "event": [event.title for event in site.events.values()],
    }
    places = {facet: {value: i for i, value in enumerate(values[facet])} for facet in FACETS}
    of: dict[str, list[int]] = {facet: [] for facet in FACETS}
    for statement in site.statements:
        of["country"].append(places["country"][site.actor_of[statement.id].name])
        of["stance"].append(places["stance"][statement.stance])
        of["event"].append(places["event"][site.events[statement.event].title])
    return {"values": values, "of": of}


def _by_folded(name: str) -> tuple[str, str]:
    return fold(name), name


def _json(value: object) -> bytes:
    """Compact UTF-8 JSON; every dict is built in a fixed order, so keys are not sorted again."""
    return _json_text(value).encode()


def _json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@cache
def _word_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A word is a run of `\\w` (letters, digits) and marks; Python's `re` has no `\\p{M}`, so
    the marks are looked up, once. No mark lies above U+1FFFF but the variation selectors
    (tested). `re` checks a class of plane 0 characters at once, but goes through a list of
    ranges when one is above it: the first pattern, 3 times faster, is for text without such.
    """
    category = unicodedata.category
    spans: list[list[int]] = []
    for code in (*range(0x300, 0x20000), *range(0xE0100, 0xE01F0)):
        if category(chr(code))[0] == "M":
            if spans and spans[-1][1] == code - 1:
                spans[-1][1] = code
            else:
                spans.append([code, code])
    classes = [
        "".join(f"{chr(a)}-{chr(b)}" if a < b else chr(a) for a, b in part)
        for part in ([s for s in spans if s[1] <= 0xFFFF], spans)
    ]
    plane0, anywhere = (re.compile(f"[\\w{marks}]+") for marks in classes)
    return plane0, anywhere
