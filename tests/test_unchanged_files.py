"""`build` does not rewrite a file whose bytes are unchanged: same inode, same mtime."""

from __future__ import annotations

import os

import pytest

from conftest import SiteDir

MACRON = "statements/macron/index.html"
MODI = "statements/modi/index.html"
OLD_MTIME_NS = 1_600_000_000 * 10**9  # September 2020: no build could write this by chance


def test_a_rebuild_keeps_unchanged_files_and_rewrites_changed_ones(
    sample: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sample.build() == 0
    for rel in (MACRON, MODI):
        os.utime(sample.output / rel, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    before = {rel: (sample.output / rel).stat() for rel in (MACRON, MODI)}
    modi = sample.root / "content/statements/us-election-2024/modi.yaml"
    modi.write_text(modi.read_text("utf-8").replace("Heartiest", "Warmest"), "utf-8")
    capsys.readouterr()
    assert sample.build() == 0
    kept = (sample.output / MACRON).stat()
    assert (kept.st_ino, kept.st_mtime_ns) == (before[MACRON].st_ino, OLD_MTIME_NS)
    changed = (sample.output / MODI).stat()
    assert changed.st_ino != before[MODI].st_ino
    assert changed.st_mtime_ns != OLD_MTIME_NS
    assert "Warmest" in (sample.output / MODI).read_text("utf-8")
    out = capsys.readouterr().out
    assert out.endswith(" changed)\n")
    written = int(out.rsplit(", ", 1)[1].split()[0])
    # the statement, the pages and feeds that list it, the data export and the search index
    assert 0 < written < 25


def test_an_unchanged_site_rewrites_nothing(
    sample: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sample.build() == 0
    files = sorted(p for p in sample.output.rglob("*") if p.is_file())
    for path in files:
        os.utime(path, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    inodes = {p: p.stat().st_ino for p in files}
    capsys.readouterr()
    assert sample.build() == 0
    assert capsys.readouterr().out.endswith(", 0 changed)\n")
    for path in files:
        stat = path.stat()
        assert (stat.st_ino, stat.st_mtime_ns) == (inodes[path], OLD_MTIME_NS), path
