"""Content on disk only (after a restart) is read into memory ahead of the reading, and only
then: the same records and problems either way, in the same order."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from site_gen import gather, sources, textfile
from site_gen.sources import list_content

from conftest import SiteDir

linux_only = pytest.mark.skipif(
    not hasattr(os, "posix_fadvise") or not os.path.isdir("/proc/self/fd"),
    reason="the page cache is asked about and read into with Linux's calls",
)


def _site_with_statements(site: SiteDir, count: int = 12) -> None:
    for n in range(count):
        site.statement(f"s{n:02d}", "anne-leader", context=None if n % 3 else "Context.\n")
    site.add("statements/broken.yaml", "event: [unclosed\n")


def _advised(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Each (path, advice) `posix_fadvise` is given, in order."""
    calls: list[tuple[str, int]] = []

    def advise(fd: int, offset: int, length: int, advice: int) -> None:
        calls.append((os.readlink(f"/proc/self/fd/{fd}"), advice))

    monkeypatch.setattr(os, "posix_fadvise", advise)
    return calls


def _stops(stop: Callable[[], None]) -> bool:
    """Whether `stop()` returns within ten seconds."""
    done = threading.Thread(target=stop, daemon=True)
    done.start()
    done.join(10)
    return not done.is_alive()


@linux_only
def test_read_ahead_asks_for_every_file_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = []
    for n in range(40):
        path = tmp_path / f"f{n:02d}.yaml"
        path.write_text(f"n: {n}\n", encoding="utf-8")
        paths.append(str(path))
    calls = _advised(monkeypatch)
    stop = textfile.read_ahead(paths)
    for _ in range(1000):  # the thread works on its own: wait until it has asked for all
        if len(calls) == len(paths):
            break
        threading.Event().wait(0.01)
    assert _stops(stop)
    assert calls == [(path, os.POSIX_FADV_WILLNEED) for path in paths]


@linux_only
def test_read_ahead_passes_over_pipes_and_missing_files(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)  # opened for reading without a writer, it would block
    plain = tmp_path / "plain.yaml"
    plain.write_text("a: 1\n", encoding="utf-8")
    stop = textfile.read_ahead([str(pipe), str(tmp_path / "gone.yaml"), str(plain)])
    assert _stops(stop)
    assert not textfile.on_disk_only([str(pipe), str(tmp_path / "gone.yaml")])


@linux_only
def test_a_file_just_read_is_in_memory_and_one_dropped_from_it_is_not(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(b"quote: Hello.\n" * 500)
    path.read_bytes()
    assert not textfile.on_disk_only([str(path)])
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)  # written pages are dropped only once on disk
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    if not textfile.on_disk_only([str(path)]):
        pytest.skip("this file system keeps its files in memory (tmpfs): nothing to drop")
    path.read_bytes()  # read back: in memory again
    assert not textfile.on_disk_only([str(path)])


def _spy_read_ahead(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Records the paths `sources.reading_ahead` hands to `read_ahead`, and 'stopped'."""
    seen: list[Any] = []

    def read_ahead(paths: Sequence[str]) -> Callable[[], None]:
        seen.append(list(paths))
        return lambda: seen.append("stopped")

    monkeypatch.setattr(sources, "read_ahead", read_ahead)
    return seen


def test_files_on_disk_only_are_read_ahead_with_their_markdown_in_reading_order(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site_with_statements(site)
    seen = _spy_read_ahead(monkeypatch)
    probed: list[list[str]] = []
    monkeypatch.setattr(sources, "on_disk_only", lambda paths: probed.append(paths) or True)
    entries, _ = list_content(site.root)
    assert entries is not None
    with sources.reading_ahead(entries):
        assert len(seen) == 1  # started before the block reads anything
    assert probed == [[entry.path for entry in entries]]
    expected = []
    for entry in entries:
        expected.append(entry.path)
        if entry.has_markdown:
            expected.append(entry.path.rsplit(".", 1)[0] + ".md")
    assert seen == [expected, "stopped"]
    assert sum(path.endswith(".md") for path in expected) == 5  # anne's and four of twelve


def test_reading_ahead_stops_when_the_reading_fails(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _spy_read_ahead(monkeypatch)
    monkeypatch.setattr(sources, "on_disk_only", lambda paths: True)
    entries, _ = list_content(site.root)
    assert entries is not None
    with pytest.raises(KeyboardInterrupt), sources.reading_ahead(entries):
        raise KeyboardInterrupt
    assert seen[-1] == "stopped"


def test_files_in_memory_are_not_read_ahead(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    _site_with_statements(site)
    seen = _spy_read_ahead(monkeypatch)
    monkeypatch.setattr(sources, "on_disk_only", lambda paths: False)
    records, problems = gather.read_and_check(site.root)
    assert records is None and problems  # the broken statement, read all the same
    assert seen == []


@linux_only
def test_checking_while_reading_ahead_gives_the_same_records_and_problems(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site_with_statements(site)
    site.add("statements/s05.yaml", "event: test-election\nspeaker: nobody\n")
    expected = gather.check_site(site.root, beside=100)
    threads: list[threading.Thread] = []
    real_start = threading.Thread.start

    def start(thread: threading.Thread) -> None:
        threads.append(thread)
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    monkeypatch.setattr(sources, "on_disk_only", lambda paths: True)
    assert gather.check_site(site.root, beside=100) == expected
    assert [t.name for t in threads] == ["site-gen read-ahead"]
    assert not threads[0].is_alive()  # stopped with the reading
    assert expected[0] is None and len(expected[1]) >= 2  # both broken files reported
