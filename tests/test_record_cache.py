"""The cache of checked statements: an unchanged statement file is not parsed or checked again,
and what a build reports and writes is exactly what a build without the cache does."""

from __future__ import annotations

import marshal
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from site_gen import gather, parallel, record_cache
from site_gen.build import build_site
from site_gen.cache import FOLDER, code_stamp, open_store, save_store
from site_gen.errors import BuildFailed, Problem
from site_gen.model import Correction, Source, Statement, Translation, When
from site_gen.sources import Entry

from conftest import SiteDir, snapshot

Parsed = Callable[[], list[str]]
STATEMENTS = [f"content/statements/s{i}.yaml" for i in range(8)]
QUOTE = [field.name for field in fields(Statement)].index("quote")


@pytest.fixture(params=["forked", "in-process"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Statements read by two forked workers in small chunks, or all in this process."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1 if request.param == "forked" else 10**9)
    monkeypatch.setattr(parallel, "MIN_CHUNK", 2)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    return str(request.param)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Parsed:
    """The statement files a build with the cache parsed and checked since the last call,
    rather than taking them from the cache (by any process), sorted."""
    log = tmp_path / "parsed.log"
    real = gather._read_cached

    def spy(
        known: Any, context: bytes, old: Any, entry: Entry, files: Any
    ) -> tuple[bytes | None, Any]:
        key, value = real(known, context, old, entry, files)
        if value is not None:  # parsed: not found in the cache
            with open(log, "a", encoding="utf-8") as file:  # appends from the workers too
                file.write(entry.rel + "\n")
        return key, value

    monkeypatch.setattr(gather, "_read_cached", spy)

    def taken() -> list[str]:
        lines = log.read_text("utf-8").splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
        return sorted(lines)

    return taken


@pytest.fixture
def many(site: SiteDir, mode: str) -> SiteDir:
    """Eight statements of two speakers (one without context, one with a translation and a
    correction), instead of the minimal site's one."""
    (site.root / "content/statements/anne.yaml").unlink()
    (site.root / "content/statements/anne.md").unlink()
    site.person("bo-leader", "Bo Leader", country="DE")
    for i in range(8):
        extra = {}
        if i == 5:
            extra["translations"] = "[{language: fr, text: Bravo, by: AFP}]"
            extra["corrections"] = "[{date: 2024-11-08, note: Fixed.}]"
        site.statement(
            f"s{i}",
            ("anne-leader", "bo-leader")[i % 2],
            quote=f"Quote {i}.",
            date=f"2024-11-0{6 + i % 3}" if i == 6 else f"2024-11-06T1{i}:30:00+05:30",
            context=None if i == 3 else f"Context of *{i}*.",
            **extra,
        )
    return site


def fresh(site: SiteDir, tmp_path: Path, name: str) -> dict[str, bytes]:
    """A --no-cache build into a folder never used before, as a snapshot."""
    out = tmp_path / name
    build_site(site.root, out, cache=False)
    return snapshot(out)


def failure(root: Path, cache: bool = True) -> tuple[Problem, ...]:
    with pytest.raises(BuildFailed) as failed:
        build_site(root, cache=cache)
    return failed.value.problems


def test_only_the_edited_statement_is_checked_again(
    many: SiteDir, parsed: Parsed, tmp_path: Path
) -> None:
    build_site(many.root)
    assert parsed() == STATEMENTS  # cold: every statement, kept in the cache
    build_site(many.root)
    assert parsed() == []  # warm: none
    assert snapshot(many.output) == fresh(many, tmp_path, "fresh-1")

    many.statement("s2", "anne-leader", quote="Edited words.", context="Context of *2*.")
    many.add("statements/s4.md", "Edited context.\n")
    result = build_site(many.root)
    assert parsed() == [STATEMENTS[2], STATEMENTS[4]]
    assert snapshot(many.output) == fresh(many, tmp_path, "fresh-2")
    assert "Edited words." in many.page("statements/s2/").text
    assert "Edited context." in many.page("statements/s4/").text
    assert "statements/s5/index.html" not in result.rendered


def test_problems_in_cached_files_are_reported_as_before(
    many: SiteDir, parsed: Parsed, tmp_path: Path
) -> None:
    many.statement("s1", "bo-leader", quote="Quote 1.", bogus="1")  # a warning
    many.add("statements/s2.md", "Still REPLACE ME here.\n")  # an error in the Markdown file
    many.statement("s6", "cy-leader", quote="Quote 6.")  # an error: unknown speaker
    without = gather.check_site(many.root)[1]  # in reading order, as reported
    assert [p.is_error for p in without].count(True) == 2
    assert [p.is_error for p in without].count(False) == 2  # s3 has no context, s1 a bogus field
    stamp = code_stamp() + record_cache.stamp()
    for run in range(2):
        store = open_store(many.root, record_cache.STORE, stamp)
        assert gather.check_site(many.root, cache=store) == (None, without)
        save_store(many.root, store)  # kept with the errors too
        assert parsed() == (STATEMENTS if run == 0 else [])
    assert failure(many.root) == failure(many.root, cache=False)
    assert parsed() == []

    many.statement("s6", "bo-leader", quote="Quote 6.")  # the errors fixed: warnings remain
    many.add("statements/s2.md", "Context of *2*.\n")
    warnings = build_site(many.root, cache=False).problems
    assert len(warnings) == 2
    assert build_site(many.root).problems == warnings
    assert parsed() == [STATEMENTS[2], STATEMENTS[6]]
    assert build_site(many.root).problems == warnings
    assert parsed() == []


def test_what_statements_refer_to_is_part_of_the_key(
    many: SiteDir, parsed: Parsed, tmp_path: Path
) -> None:
    build_site(many.root)
    parsed()
    many.add("people/anne-leader.yaml", "name: Anne Leader\ncountry: FR\nrole: Prime Minister\n")
    build_site(many.root)
    assert parsed() == STATEMENTS  # checked again against the new person
    assert "Prime Minister" in many.page("statements/s0/").text
    assert snapshot(many.output) == fresh(many, tmp_path, "fresh")

    (many.root / "content/people/bo-leader.yaml").unlink()
    problems = failure(many.root)
    assert problems == failure(many.root, cache=False)
    unknown = [p for p in problems if p.message == "unknown speaker 'bo-leader'"]
    assert [p.path for p in unknown] == [f"content/statements/s{i}.yaml" for i in (1, 3, 5, 7)]


def test_drafts_are_cached_and_left_out_or_in_as_asked(
    many: SiteDir, parsed: Parsed, tmp_path: Path
) -> None:
    many.statement("s7", "bo-leader", quote="Not yet.", draft="true")
    for drafts in (False, True, False):
        result = build_site(many.root, drafts=drafts)
        out = tmp_path / f"fresh-{drafts}"
        assert [s.id for s in result.site.statements if s.draft] == (["s7"] if drafts else [])
        build_site(many.root, out, drafts=drafts, cache=False)
        assert snapshot(many.output) == snapshot(out)
    assert parsed() == STATEMENTS  # once, by the first build


def test_a_corrupt_or_damaged_cache_is_ignored(
    many: SiteDir, parsed: Parsed, tmp_path: Path
) -> None:
    build_site(many.root)
    parsed()
    store = many.root / FOLDER / "records.bin"
    store.write_bytes(b"\xffnot marshal data" + store.read_bytes()[:40])
    build_site(many.root)
    assert parsed() == STATEMENTS
    assert snapshot(many.output) == fresh(many, tmp_path, "fresh-1")

    stamp, entries = marshal.loads(store.read_bytes())
    store.write_bytes(marshal.dumps((stamp, {key: (1, 2) for key in entries})))
    build_site(many.root)  # each damaged entry is checked again, and replaced
    assert parsed() == STATEMENTS
    assert snapshot(many.output) == fresh(many, tmp_path, "fresh-2")
    build_site(many.root)
    assert parsed() == []


def test_the_cache_is_read_with_it_and_untouched_without_it(many: SiteDir, parsed: Parsed) -> None:
    """A doctored cache shows whether a build reads it: only a cached build takes its word."""
    build_site(many.root)
    store = many.root / FOLDER / "records.bin"
    stamp, entries = marshal.loads(store.read_bytes())
    for _read, _found, record in entries.values():
        record[QUOTE] = "Words from the cache."
    doctored = marshal.dumps((stamp, entries))
    store.write_bytes(doctored)
    parsed()
    build_site(many.root, cache=False)
    assert "Words from the cache." not in many.page("statements/s0/").text
    assert store.read_bytes() == doctored
    other = many.root / "other"  # a folder of its own: no page is kept from an earlier build
    build_site(many.root, other)
    assert parsed() == []
    assert "Words from the cache." in (other / "statements/s0/index.html").read_text("utf-8")


def test_records_come_back_from_the_cache_as_they_were(sample: SiteDir, many: SiteDir) -> None:
    for root in (sample.root, many.root):
        records = gather.check_site(root)[0]
        assert records is not None
        for statement in records.statements:
            value = record_cache.to_value([], [], statement)
            back = record_cache.from_value(marshal.loads(marshal.dumps(value)))[2]
            assert repr(back) == repr(statement)  # repr shows each time zone, unlike ==


def test_every_field_of_a_statement_has_a_builtin_form() -> None:
    """A field of a new type needs a builtin form in record_cache.to_value: this says when."""
    handled = {
        Statement: {"str", "bool", "When", "tuple[str, ...]", "tuple[Source, ...]"}
        | {"tuple[Translation, ...]", "tuple[Correction, ...]"},
        When: {"str", "datetime | None", "date"},
        Source: {"str"},
        Translation: {"str"},
        Correction: {"str", "date"},
    }
    for cls, types in handled.items():
        assert {str(field.type) for field in fields(cls)} <= types, cls.__name__
