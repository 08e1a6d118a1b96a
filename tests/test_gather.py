"""Reading and checking on all cores gives what one core gives: the same records, the same
problems in the same order; a worker that fails or dies is reported, never waited for."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_gen import gather, parallel
from site_gen.errors import BuildFailed, Problem
from site_gen.sources import Entry, list_content, read_content
from site_gen.validate import check

from conftest import SiteDir, map_each

PARENT = os.getpid()
SOURCES = "sources:\n  - url: https://example.com/news\n    title: News\n"
ERRORS = {  # file -> content with errors of reading or checking (see test_content_errors.py)
    "people/bob.yaml": "name: Bob\ncountry: XZ\n",
    "people/carl.yaml": "name: Carl\norganization: nato\n",
    "statements/naive.yaml": "event: test-election\nspeaker: anne-leader\n"
    "date: 2024-11-06T14:05:00\nquote: Hello.\n" + SOURCES,
    "statements/s03.yaml": "event: test-elektion\nspeaker: anne-leadr\ndate: 2024-11-06\n"
    "quote: Hi.\non_behalf_of: eu\n" + SOURCES,
    "statements/s09.yaml": "event: test-election\nspeaker: bo-leader\nquote: One.\n"
    "date: 2024-11-06\nquote: Two.\n" + SOURCES,
    "statements/s16.yaml": "event: test-election\nspeaker: cy-leader\ndate: 2024-11-06\n"
    "quote: [a, b]\nsources: [ftp://example.com/file]\n",
    "statements/s19.yaml": "event: test-election\nspeaker: cy-leader\ndate: 2024-02-30\n",
    "statements/s24.yaml": "",
    "statements/s27.yaml": "- a list\n- not a mapping\n",
    "statements/s30.yaml": "event: [unclosed\n",
    "statements/s33.md": "[" * 20_000 + "\n",
    "statements/s36.md": "Still REPLACE ME here.\n",
    "statements/s38.yaml": "event: test-election\n\tspeaker: anne-leader\n",
    "statements/zz.yaml": "event: test-election\nspeaker: anne-leader\nquote: NO\n"
    "date: 2024-11-06\nact: waved\n" + SOURCES,
    "statements/notes.txt": "a stray file\n",
}


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Statements read by two forked workers in chunks of two or more; lists each map made."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "MIN_CHUNK", 2)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    maps: list[Any] = []
    real = gather.map_batched

    def spy(*args: Any, **kwargs: Any) -> Iterator[Any]:
        maps.append(real(*args, **kwargs))
        return maps[-1]  # type: ignore[no-any-return]

    monkeypatch.setattr(gather, "map_batched", spy)
    return maps


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """Fail a test that waits for a lost worker instead of hanging the suite."""
    signal.signal(signal.SIGALRM, _timed_out)
    signal.alarm(60)
    yield
    signal.alarm(0)


def _timed_out(signum: int, frame: object) -> None:
    raise TimeoutError("waited 60 s: a worker's result never came")


def _many(site: SiteDir, count: int = 40) -> None:
    """`count` statements of three speakers, a quarter without context, one a draft."""
    site.person("bo-leader", "Bo Leader", country="DE")
    site.person("cy-leader", "Cy Leader", country="JP")
    for i in range(count):
        speaker = ("anne-leader", "bo-leader", "cy-leader")[i % 3]
        extra = {"draft": "true"} if i == 7 else {"bogus": "1"} if i == 5 else {}
        if i % 5 == 1:
            extra["translations"] = "[{language: fr, text: Bravo, by: AFP}]"
            extra["corrections"] = "[{date: 2024-11-08, note: Fixed.}, {date: 2024-11-07, note: A}]"
            extra["act"] = "phone call"
        context = None if i % 4 == 3 else f"Context of *{i}*, see [this](https://e.org/{i})."
        site.statement(f"s{i:02}", speaker, quote=f"Quote {i}.", context=context, **extra)


def _broken(site: SiteDir) -> None:
    """Every kind of content error, in files spread over the chunks, among good ones."""
    _many(site)
    for rel, text in ERRORS.items():
        (site.root / "content" / rel).write_text(text, encoding="utf-8")
    (site.root / "content/statements/s13.yaml").write_bytes(b"event: x\0\n")
    (site.root / "content/statements/s21.yaml").write_bytes(b"quote: caf\xe9\n")


def _broken_site_file(site: SiteDir) -> None:
    """Statements with errors, and a site file that cannot be read: they are only read."""
    _broken(site)
    site.add("site.yaml", "title: [unclosed\n")


def _chunks_with_errors(root: Path, problems: list[Problem]) -> set[int]:
    """The numbers of the chunks of statements that have a file with an error."""
    entries, _ = list_content(root)
    files = [e.rel for e in entries or () if e.kind == "statement"]
    bounds = parallel._shrinking(len(files), 2)
    chunk_of = {rel.rsplit(".", 1)[0]: n for n, (a, b) in enumerate(bounds) for rel in files[a:b]}
    stems = {p.path.rsplit(".", 1)[0] for p in problems if p.is_error}
    return {chunk_of[stem] for stem in stems if stem in chunk_of}


def _one_core(root: Path, drafts: bool = False) -> tuple[Any, list[Problem]]:
    documents, problems = read_content(root)
    records, found = check(documents, drafts=drafts)
    return records, problems + found


@pytest.mark.parametrize("drafts", [False, True])
@pytest.mark.parametrize(
    "make", [_many, _broken, _broken_site_file], ids=["warnings-only", "every-error", "no-site"]
)
def test_all_cores_give_the_records_and_problems_of_one(
    site: SiteDir, forked: list[Any], make: Any, drafts: bool
) -> None:
    make(site)
    expected = _one_core(site.root, drafts)
    records, problems = gather.read_and_check(site.root, drafts=drafts)
    assert [type(m) for m in forked] == [parallel.Ordered]  # it did fork
    assert problems == expected[1]  # the same, in the same order
    assert records == expected[0]
    if make is not _many:
        assert records is None
        assert len(_chunks_with_errors(site.root, problems)) >= 6
    else:
        assert records is not None
        assert len(records.statements) == (41 if drafts else 40)
        assert len(problems) == 11  # ten statements without context, one unknown field


@pytest.mark.parametrize("make", [_many, _broken], ids=["warnings-only", "every-error"])
def test_check_site_is_the_same_forked_or_not(
    site: SiteDir, forked: list[Any], make: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(site)
    on_all_cores = gather.check_site(site.root, base_url="https://example.net/")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
    on_one_core = gather.check_site(site.root, base_url="https://example.net/")
    assert isinstance(forked[0], parallel.Ordered)
    assert not isinstance(forked[1], parallel.Ordered)
    assert on_all_cores == on_one_core
    assert (on_all_cores[0] is None) == (make is _broken)


@pytest.mark.parametrize("make", [_many, _broken], ids=["warnings-only", "every-error"])
def test_with_markdown_rendering_beside_the_statements_are_checked_here_alike(
    site: SiteDir, forked: list[Any], make: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(site)
    monkeypatch.setattr(gather, "cores", lambda: 2)
    on_all_cores = gather.check_site(site.root)
    # far more Markdown rendering on the other core than statements here: no worker
    assert gather.checked_here(40, 200) == 40
    beside = gather.check_site(site.root, beside=200)
    assert isinstance(forked[0], parallel.Ordered)
    assert not isinstance(forked[1], parallel.Ordered)
    assert beside == on_all_cores


@pytest.mark.parametrize("make", [_many, _broken], ids=["warnings-only", "every-error"])
def test_statements_checked_partly_here_and_partly_by_workers_come_out_alike(
    site: SiteDir, forked: list[Any], make: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(site)
    monkeypatch.setattr(gather, "cores", lambda: 2)
    expected = _one_core(site.root)
    beside = 10
    here = gather.checked_here(40, beside)
    assert 0 < here < 40  # the first ones here, the others by the workers
    records, problems = gather.read_and_check(site.root, beside=beside)
    assert len(forked) == 2
    assert isinstance(forked[0], parallel.Ordered)  # the workers' part, started first
    assert not isinstance(forked[1], parallel.Ordered)  # this process's part
    assert problems == expected[1]  # the same, in the same order
    assert records == expected[0]


@pytest.mark.parametrize(
    ("cores", "statements", "beside", "here"),
    [
        (2, 10_000, 7_500, 7_250),  # the benchmark site: the other core renders the Markdown
        (2, 10_000, 20_000, 10_000),  # much more Markdown than statements: all here
        (2, 10_000, 0, 0),  # `site-gen check`, or a build with the Markdown cached: all cores
        (4, 10_000, 8_018, 3_703),  # three other cores: the Markdown alone cannot fill them
        (1, 10_000, 0, 10_000),  # one core: always here
    ],
)
def test_statements_are_checked_here_as_the_other_cores_have_markdown(
    monkeypatch: pytest.MonkeyPatch, cores: int, statements: int, beside: int, here: int
) -> None:
    monkeypatch.setattr(gather, "cores", lambda: cores)
    monkeypatch.setattr(gather, "MARKDOWN_COST", 0.6)
    assert gather.checked_here(statements, beside) == here


@pytest.mark.parametrize("make", [_many, _broken], ids=["warnings-only", "every-error"])
def test_check_problems_are_those_of_check_site(
    site: SiteDir, forked: list[Any], make: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(site)
    on_all_cores = gather.check_problems(site.root)
    assert isinstance(forked[0], parallel.Ordered)
    assert on_all_cores == gather.check_site(site.root)[1]
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
    assert gather.check_problems(site.root) == on_all_cores


def _dies_on_s17(known: Any, records: bool, pack: bool, entry: Entry, files: Any) -> Any:
    if entry.id == "s17" and os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return _read_statement(known, records, pack, entry, files)


def _fails_on_s17(known: Any, records: bool, pack: bool, entry: Entry, files: Any) -> Any:
    if entry.id == "s17":
        raise BuildFailed([Problem(entry.rel, 1, 1, "cannot go on")])
    return _read_statement(known, records, pack, entry, files)


_read_statement = gather._read_statement


def test_a_worker_that_dies_is_reported(
    site: SiteDir, forked: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _many(site)
    monkeypatch.setattr(gather, "_read_statement", _dies_on_s17)
    records, problems = gather.check_site(site.root)
    assert records is None
    assert str(problems[-1]) == (
        "site-gen:1:1: a worker process was stopped by SIGKILL before finishing its work; "
        "run it again; if it happens again, the machine may be short of memory"
    )


def test_a_failure_in_a_worker_is_reported(
    site: SiteDir, forked: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _many(site)
    monkeypatch.setattr(gather, "_read_statement", _fails_on_s17)
    records, problems = gather.check_site(site.root)
    assert records is None
    assert str(problems[-1]) == "content/statements/s17.yaml:1:1: cannot go on"


def _die(i: int) -> int:
    if i == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return i


def test_map_batched_fails_when_a_worker_dies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    with pytest.raises(BuildFailed) as failure:
        list(map_each(_die, list(range(50))))
    assert [p.message for p in failure.value.problems] == [
        "a worker process was stopped by SIGKILL before finishing its work"
    ]
