"""The build cache and the parallel render never change a byte of the output."""

from __future__ import annotations

import marshal
import shutil
import threading
from pathlib import Path

import pytest

from site_gen import parallel

from conftest import REPO, SiteDir, map_each, snapshot


@pytest.fixture(autouse=True)
def _parallel_even_for_tiny_sites(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork workers for every map, in chunks of two, so the tests exercise the parallel path."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "CHUNK", 2)
    monkeypatch.setattr(parallel, "cores", lambda: 2)


@pytest.fixture
def bigger(site: SiteDir) -> SiteDir:
    """The minimal site plus two speakers and six statements, most with Markdown context."""
    site.person("bo-leader", "Bo Leader", country="DE")
    site.person("cy-leader", "Cy Leader", country="JP")
    for i in range(6):
        speaker = ("anne-leader", "bo-leader", "cy-leader")[i % 3]
        site.statement(
            f"s{i}",
            speaker,
            quote=f"Quote number {i}.",
            date=f"2024-11-0{6 + i % 3}T1{i}:00:00+01:00",
        )
        if i % 2 == 0:
            site.add(
                f"statements/s{i}.md", f"Context *{i}* with [a link](https://example.org/{i}).\n"
            )
    site.add("people/bo-leader.md", "Bo's **biography**.\n")
    return site


def build_fresh(site: SiteDir, tmp_path: Path, name: str) -> dict[str, bytes]:
    """A --no-cache build into a folder never used before, as a snapshot."""
    out = tmp_path / name
    assert site.build("--no-cache", "--output", str(out)) == 0
    return snapshot(out)


def test_cold_warm_and_edited_builds_equal_a_fresh_no_cache_build(
    bigger: SiteDir, tmp_path: Path
) -> None:
    assert bigger.build() == 0  # cold, fills the cache
    assert (bigger.root / ".cache" / "site-gen" / "pages.bin").is_file()
    assert snapshot(bigger.output) == build_fresh(bigger, tmp_path, "fresh-1")

    assert bigger.build() == 0  # warm: everything from the cache
    assert snapshot(bigger.output) == build_fresh(bigger, tmp_path, "fresh-2")

    bigger.statement("s1", "bo-leader", quote="An edited quote.", date="2024-11-07T11:00:00+01:00")
    bigger.add("statements/s2.md", "Edited context.\n")
    assert bigger.build() == 0  # incremental
    edited = snapshot(bigger.output)
    assert edited == build_fresh(bigger, tmp_path, "fresh-3")
    assert b"An edited quote." in edited["statements/s1/index.html"]
    assert b"Edited context." in edited["statements/s2/index.html"]
    assert b"An edited quote." in edited["people/bo-leader/index.html"]


def test_a_corrupt_cache_is_ignored(bigger: SiteDir, tmp_path: Path) -> None:
    assert bigger.build() == 0
    cache = bigger.root / ".cache" / "site-gen"
    names = sorted(p.name for p in cache.glob("*.bin"))
    assert names == ["markdown.bin", "pages.bin", "records.bin"]
    for path in cache.glob("*.bin"):
        path.write_bytes(b"\xffnot marshal data" + path.read_bytes()[:40])
    bigger.statement("s3", "anne-leader", quote="Changed while the cache was broken.")
    assert bigger.build() == 0
    assert snapshot(bigger.output) == build_fresh(bigger, tmp_path, "fresh")


@pytest.mark.parametrize(
    "files",
    [
        [("statements/s4/index.html", b"digest", (1, 2))],  # another shape of record
        [("../../escape.html", (1, 2))],  # a path no build writes
        "not a list",
    ],
)
def test_page_cache_entries_of_another_shape_are_made_again(
    bigger: SiteDir, tmp_path: Path, files: object
) -> None:
    assert bigger.build() == 0
    store = bigger.root / ".cache" / "site-gen" / "pages.bin"
    stamp, entries = marshal.loads(store.read_bytes())
    store.write_bytes(marshal.dumps((stamp, {k: (v[0], files) for k, v in entries.items()})))
    assert bigger.build() == 0
    assert snapshot(bigger.output) == build_fresh(bigger, tmp_path, "fresh")
    assert not (bigger.root / "escape.html").exists()


def test_a_cache_from_other_values_is_never_used(bigger: SiteDir, tmp_path: Path) -> None:
    """A well-formed cache whose entries do not match the content cannot leak into the output."""
    assert bigger.build() == 0
    stale = tmp_path / "stale-cache"
    shutil.copytree(bigger.root / ".cache", stale)
    bigger.statement("s0", "anne-leader", quote="Newer words.")
    bigger.add("statements/s0.md", "Newer context.\n")
    assert bigger.build() == 0
    shutil.rmtree(bigger.root / ".cache")
    shutil.copytree(stale, bigger.root / ".cache")  # the cache of the older content
    assert bigger.build() == 0
    page = bigger.page("statements/s0/")
    assert "Newer words." in page.text
    assert "Newer context." in page.text
    assert snapshot(bigger.output) == build_fresh(bigger, tmp_path, "fresh")


def test_a_changed_template_renders_every_page_again(bigger: SiteDir) -> None:
    assert bigger.build() == 0
    own = bigger.root / "templates"
    own.mkdir()
    base = (REPO / "templates" / "base.html").read_text(encoding="utf-8")
    (own / "base.html").write_text(base.replace("<body>", '<body class="mine">'), "utf-8")
    assert bigger.build() == 0
    for path in ("", "statements/s4/", "people/cy-leader/"):
        assert bigger.page(path).body["class"] == ["mine"]


@pytest.mark.parametrize("builds", [1, 3])  # after three, the recycled folder links the file
@pytest.mark.parametrize("how", ["in place", "replaced"])
def test_an_output_file_changed_by_hand_is_written_again(
    bigger: SiteDir, builds: int, how: str
) -> None:
    for _ in range(builds):
        assert bigger.build() == 0
    file = bigger.output / "statements" / "s5" / "index.html"
    good = file.read_bytes()
    if how == "replaced":  # as an editor saving a copy does: another file in its place
        file.unlink()
    file.write_bytes(b"defaced")
    assert bigger.build() == 0
    assert file.read_bytes() == good


def test_pages_no_longer_made_are_removed_with_their_folders(bigger: SiteDir) -> None:
    assert bigger.build() == 0
    assert (bigger.output / "statements" / "s5" / "index.html").is_file()
    (bigger.root / "content" / "statements" / "s5.yaml").unlink()
    assert bigger.build() == 0
    assert not (bigger.output / "statements" / "s5").exists()
    assert (bigger.output / "statements" / "s4" / "index.html").is_file()


def test_stale_and_stray_files_go_with_the_old_output(bigger: SiteDir) -> None:
    assert bigger.build() == 0
    (bigger.output / "stray.txt").write_text("not made by site-gen", encoding="utf-8")
    (bigger.root / "content" / "statements" / "s5.yaml").unlink()
    assert bigger.build() == 0
    assert not (bigger.output / "statements" / "s5").exists()
    assert not (bigger.output / "stray.txt").exists()  # the output is swapped whole
    assert (bigger.output / "statements" / "s4" / "index.html").is_file()


def test_unchanged_files_keep_their_mtime(bigger: SiteDir) -> None:
    assert bigger.build() == 0
    untouched = bigger.output / "statements" / "s4" / "index.html"
    edited = bigger.output / "statements" / "s1" / "index.html"
    before = untouched.stat().st_mtime_ns, edited.stat().st_mtime_ns
    bigger.statement("s1", "bo-leader", quote="New words.", date="2024-11-07T11:00:00+01:00")
    assert bigger.build() == 0
    assert untouched.stat().st_mtime_ns == before[0]
    assert edited.read_bytes() != b"" and "New words." in bigger.page("statements/s1/").text


def test_no_cache_keeps_no_cache(bigger: SiteDir) -> None:
    assert bigger.build("--no-cache") == 0
    assert not (bigger.root / ".cache").exists()


def test_a_template_error_in_a_worker_is_reported(
    bigger: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    own = bigger.root / "templates"
    own.mkdir()
    (own / "statement.html").write_text("{{ no_such_value }}\n", "utf-8")
    assert bigger.build() == 1
    err = capsys.readouterr().err
    assert "templates/statement.html:1:1: template error: 'no_such_value' is undefined" in err
    assert not bigger.output.exists()


def test_map_batched_keeps_the_order_of_the_items() -> None:
    items = list(range(101))
    assert list(map_each(_square, items)) == [i * i for i in items]
    assert list(map_each(_square, items, window=1)) == [i * i for i in items]


def _square(i: int) -> int:
    return i * i


def test_no_workers_are_forked_while_other_threads_run() -> None:
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        results = map_each(_square, list(range(10)))
        assert not isinstance(results, parallel.Ordered)
        assert list(results) == [i * i for i in range(10)]
    finally:
        stop.set()
        server.join()
    forked = map_each(_square, [1, 2, 3])
    assert isinstance(forked, parallel.Ordered)
    assert list(forked) == [1, 4, 9]


def test_compiled_templates_are_kept_for_this_version_only(bigger: SiteDir, tmp_path: Path) -> None:
    folder = bigger.root / ".cache" / "site-gen" / "jinja"
    folder.mkdir(parents=True)
    older = folder / "__jinja2_0123.0000000000000000.cache"  # another version of site-gen
    older.write_bytes(b"compiled another way")
    assert bigger.build() == 0
    kept = sorted(p.name for p in folder.iterdir())
    assert not older.exists()
    assert kept and all(name.startswith("__jinja2_") for name in kept)
    assert bigger.build() == 0  # warm: compiled templates read back
    assert sorted(p.name for p in folder.iterdir()) == kept
    assert snapshot(bigger.output) == build_fresh(bigger, tmp_path, "fresh")


def test_the_export_and_search_parts_are_kept_by_chunk_and_stale_ones_removed(
    bigger: SiteDir, tmp_path: Path
) -> None:
    parts = bigger.root / ".cache" / "site-gen" / "parts"
    assert bigger.build() == 0
    first = sorted(p.name for p in parts.iterdir())
    assert [name.split("-")[0] for name in first] == ["export", "search"]  # one chunk each
    bigger.statement("s3", "anne-leader", quote="A new quote, in a new chunk.")
    assert bigger.build() == 0
    second = sorted(p.name for p in parts.iterdir())
    assert len(second) == 2 and not set(first) & set(second)  # the old chunks are gone
    assert snapshot(bigger.output) == build_fresh(bigger, tmp_path, "fresh")


@pytest.mark.parametrize("damage", [b"not marshal data", marshal.dumps(("a", 1)), b""])
def test_a_damaged_chunk_is_made_again(bigger: SiteDir, tmp_path: Path, damage: bytes) -> None:
    assert bigger.build() == 0
    bigger.statement("s3", "anne-leader", quote="Changed, so both files are made again.")
    assert bigger.build() == 0  # the chunk files of this content
    for chunk in (bigger.root / ".cache" / "site-gen" / "parts").iterdir():
        chunk.write_bytes(damage)
    (bigger.output / "data" / "statements.json").unlink()  # made again, from the chunks
    (bigger.output / "search" / "meta.json").unlink()
    assert bigger.build() == 0
    assert snapshot(bigger.output) == build_fresh(bigger, tmp_path, "fresh")


def test_statements_in_several_chunks_are_joined_in_order(
    bigger: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_gen import export, search

    monkeypatch.setattr(export, "CHUNK", 2)
    monkeypatch.setattr(search, "CHUNK", 2)
    assert bigger.build() == 0
    assert len(list((bigger.root / ".cache" / "site-gen" / "parts").iterdir())) == 8
    bigger.statement("s4", "cy-leader", quote="Edited in the third chunk.")
    assert bigger.build() == 0
    monkeypatch.undo()
    monkeypatch.setattr(search, "CHUNK", 2)  # the index's own layout, same both ways
    assert snapshot(bigger.output) == build_fresh(bigger, tmp_path, "fresh")
