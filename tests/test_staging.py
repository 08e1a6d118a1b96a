"""The staging folder is recycled from build to build and always gives exactly the new output."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

import pytest

from site_gen import listing
from site_gen.output import MARKER, OutputFile, Staging, write_site

from conftest import snapshot


def _write(out: Path, files: dict[str, bytes]) -> None:
    made = [OutputFile(path, data, f"test /{path}") for path, data in files.items()]
    write_site([*made, OutputFile(MARKER, b"", "test")], out)


def _expected(files: dict[str, bytes]) -> dict[str, bytes]:
    return {**files, MARKER: b""}


def test_each_build_gives_exactly_its_files_whatever_the_builds_before(tmp_path: Path) -> None:
    out = tmp_path / "output"
    builds = [
        {"a": b"1", "b/index.html": b"b", "c/d/e.txt": b"e", "keep.txt": b"k"},
        {"a/index.html": b"a is a folder now", "b": b"b is a file now", "keep.txt": b"k"},
        {"a": b"1", "b/index.html": b"b", "keep.txt": b"k", "new.txt": b"n"},
        {"keep.txt": b"k"},
        {"a": b"1", "b/index.html": b"b", "c/d/e.txt": b"e", "keep.txt": b"k"},
    ]
    for files in builds:
        _write(out, files)
        assert snapshot(out) == _expected(files)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.prev", "output"]


def test_an_unchanged_file_is_the_same_file_in_every_output(tmp_path: Path) -> None:
    out = tmp_path / "output"
    inodes = set()
    for n in range(4):
        _write(out, {"same.txt": b"same", "changes.txt": str(n).encode()})
        inodes.add((out / "same.txt").stat().st_ino)
    assert len(inodes) == 1


def test_a_changed_file_is_written_beside_the_live_one_never_through_it(tmp_path: Path) -> None:
    out = tmp_path / "output"
    for _ in range(3):  # the recycled folder now holds hard links to the output's files
        _write(out, {"page.html": b"old"})
    prev = tmp_path / ".output.prev" / "page.html"
    assert prev.stat().st_ino == (out / "page.html").stat().st_ino
    staging = Staging(out)
    try:
        assert staging.place("page.html", b"new", "test") is True
        assert (out / "page.html").read_bytes() == b"old"  # the live site is untouched
    finally:
        staging.close()
    _write(out, {"page.html": b"new"})
    assert snapshot(out) == _expected({"page.html": b"new"})


def test_a_file_is_kept_only_as_the_very_file_its_stamp_was_taken_of(tmp_path: Path) -> None:
    out = tmp_path / "output"
    _write(out, {"page.html": b"one"})
    made = os.stat(out / "page.html")
    stamp = (made.st_size, made.st_mtime_ns, made.st_ino)
    # the folder the build recycles holds another file of that size and mtime
    other = tmp_path / ".output.prev" / "page.html"
    other.parent.mkdir(exist_ok=True)
    other.write_bytes(b"two")
    os.utime(other, ns=(made.st_mtime_ns, made.st_mtime_ns))
    staging = Staging(out)
    try:
        assert staging.keep("page.html", stamp) is True  # the output's file, linked again
        assert other.read_bytes() == b"one"
        assert other.stat().st_ino == made.st_ino
        os.utime(out / "page.html", ns=(1, 1))  # touched by hand: no longer as it was made
        assert staging.keep("page.html", stamp) is False
    finally:
        staging.close()


def test_a_build_beside_one_holding_the_lock_writes_a_folder_of_its_own(tmp_path: Path) -> None:
    out = tmp_path / "output"
    _write(out, {"a.txt": b"1"})
    _write(out, {"a.txt": b"2"})
    held = os.open(tmp_path / ".output.prev", os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _write(out, {"a.txt": b"3", "b.txt": b"b"})
    finally:
        os.close(held)
    assert snapshot(out) == _expected({"a.txt": b"3", "b.txt": b"b"})
    # the locked folder was left alone: it still holds the first build
    assert snapshot(tmp_path / ".output.prev") == _expected({"a.txt": b"1"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.prev", "output"]


def test_files_listed_before_the_build_changes_them_are_pruned_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old files are listed while the build writes: here, all of them before it does."""

    def at_once(made: listing.Listing, root: str) -> None:  # in full, before any write
        made._pid, made._thread, made._walked = 0, None, listing.walk(root)

    monkeypatch.setattr(listing.Listing, "__init__", at_once)
    out = tmp_path / "output"
    _write(out, {"a": b"a file", "b/index.html": b"b", "gone/x.txt": b"x", "keep.txt": b"k"})
    _write(out, {"keep.txt": b"k"})  # the folder recycled next holds the first build
    files = {"a/index.html": b"a folder now", "b": b"b is a file now", "keep.txt": b"k"}
    _write(out, files)
    assert snapshot(out) == _expected(files)
    _write(out, {"keep.txt": b"k2"})
    assert snapshot(out) == _expected({"keep.txt": b"k2"})


BUILDS = [
    {"a": b"1", "b/index.html": b"b", "c/d/e.txt": b"e", "keep.txt": b"k"},
    {"keep.txt": b"k"},  # the folder recycled next holds the first build
    {"a/index.html": b"a is a folder now", "keep.txt": b"k"},
]


def test_the_old_files_are_listed_by_a_process_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No other thread runs: the listing is a forked process, and gives os.walk's folders."""
    made: list[listing.Listing] = []
    original = listing.Listing.__init__

    def noting(started: listing.Listing, root: str) -> None:
        original(started, root)
        made.append(started)

    monkeypatch.setattr(listing.Listing, "__init__", noting)
    out = tmp_path / "output"
    for files in BUILDS:
        _write(out, files)
        assert snapshot(out) == _expected(files)
    assert made, "the recycled folder was never listed"
    assert all(one._thread is None and one._pid == 0 for one in made)
    staging = Staging(out)
    try:
        started = listing.Listing(str(staging.path))
        assert started._pid > 0
        assert started.result() == list(os.walk(staging.path, topdown=False))
    finally:
        staging.close()


def test_beside_other_threads_the_old_files_are_listed_on_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forking beside a running thread could copy a lock it holds: `serve` lists on a thread,
    and a build asking before its workers fork (thread=False) waits for them."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        out = tmp_path / "output"
        for files in BUILDS:
            _write(out, files)
            assert snapshot(out) == _expected(files)
        staging = Staging(out)
        try:
            staging.list_old_files(thread=False)
            assert staging._listing is None
            staging.list_old_files()
            assert staging._listing is not None and staging._listing._thread is not None
        finally:
            staging.close()
    finally:
        stop.set()
        other.join()


def test_a_listing_that_failed_leaves_the_prune_to_walk_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(root: str) -> None:
        raise OSError("listing failed")

    monkeypatch.setattr(listing, "walk", broken)  # the forked child then exits with status 1
    out = tmp_path / "output"
    for files in BUILDS:
        _write(out, files)
        assert snapshot(out) == _expected(files)


def test_a_listing_not_waited_for_is_stopped_when_the_folder_is_let_go(tmp_path: Path) -> None:
    out = tmp_path / "output"
    _write(out, BUILDS[0])
    _write(out, BUILDS[1])
    staging = Staging(out)
    staging.list_old_files(thread=False)
    assert staging._listing is not None
    pid = staging._listing._pid
    assert pid > 0
    staging.close()  # a failed build: no finish
    with pytest.raises(ChildProcessError):  # reaped: no zombie left behind
        os.waitpid(pid, os.WNOHANG)
