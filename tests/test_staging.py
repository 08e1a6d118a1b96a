"""The staging folder is recycled from build to build and always gives exactly the new output."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from site_gen import output
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
    monkeypatch.setattr(output._Listing, "start", output._Listing.run)  # at once, in full
    monkeypatch.setattr(output._Listing, "join", lambda self: None)
    out = tmp_path / "output"
    _write(out, {"a": b"a file", "b/index.html": b"b", "gone/x.txt": b"x", "keep.txt": b"k"})
    _write(out, {"keep.txt": b"k"})  # the folder recycled next holds the first build
    files = {"a/index.html": b"a folder now", "b": b"b is a file now", "keep.txt": b"k"}
    _write(out, files)
    assert snapshot(out) == _expected(files)
    _write(out, {"keep.txt": b"k2"})
    assert snapshot(out) == _expected({"keep.txt": b"k2"})
