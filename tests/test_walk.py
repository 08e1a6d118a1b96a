"""Which files under content/ are read, in which order, and the warnings about the others."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import SiteDir

from site_gen.errors import Problem
from site_gen.walk import walk_content


def walk(site: SiteDir) -> tuple[list[tuple[str, str, str]], list[str]]:
    content = site.root / "content"
    problems: list[Problem] = []
    found = walk_content(content, content / "site.yaml", problems, site.root)
    rows = [(kind, path.relative_to(content).as_posix(), doc_id) for kind, path, doc_id in found]
    return rows, [str(p) for p in problems]


def test_records_are_listed_by_kind_then_path(site: SiteDir) -> None:
    site.add("statements/b/z.yaml", "x: 1\n")
    site.add("statements/b/z.md", "context\n")
    site.add("statements/a-b.yaml", "x: 1\n")
    site.add("statements/a/y.yml", "x: 1\n")
    site.add("statements/.hidden/h.yaml", "x: 1\n")
    site.add("statements/.h.yaml", "x: 1\n")
    site.add("statements/backup.yaml~", "x: 1\n")
    rows, problems = walk(site)
    assert rows == [
        ("site", "site.yaml", "site"),
        ("event", "events/test-election.yaml", "test-election"),
        ("person", "people/anne-leader.yaml", "anne-leader"),
        ("statement", "statements/a/y.yml", "y"),
        ("statement", "statements/a-b.yaml", "a-b"),
        ("statement", "statements/anne.yaml", "anne"),
        ("statement", "statements/b/z.yaml", "z"),
    ]
    assert problems == []


def test_other_files_are_reported(site: SiteDir) -> None:
    site.add("statements/notes.txt", "x\n")
    site.add("statements/orphan.md", "no yaml beside me\n")
    site.add("people/Bad_Name.yaml", "name: x\n")
    site.add("people/sub/deeper.yaml", "name: x\n")  # people are not read from sub-folders
    rows, problems = walk(site)
    assert [r[2] for r in rows if r[0] == "person"] == ["anne-leader"]
    assert problems == [
        "content/people/Bad_Name.yaml:1:1: the file name 'Bad_Name.yaml' is not a valid id; "
        "use lowercase letters, digits and hyphens, at most 80",
        "content/statements/notes.txt:1:1: warning: ignored: not a statement file; "
        "YAML records end in .yaml",
        "content/statements/orphan.md:1:1: warning: ignored: not a statement file; "
        "YAML records end in .yaml",
    ]


def test_symbolic_links(site: SiteDir, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("x: 1\n", encoding="utf-8")
    statements = site.root / "content" / "statements"
    os.symlink(outside, statements / "linked.yaml")
    os.symlink(tmp_path, statements / "folder")
    os.symlink(statements / "anne.yaml", statements / "inside.yaml")
    rows, problems = walk(site)
    assert [r[2] for r in rows if r[0] == "statement"] == ["anne", "inside"]
    assert problems == [
        "content/statements/folder:1:1: warning: symbolic links to folders are not followed; "
        "move the folder into content/",
        "content/statements/linked.yaml:1:1: this link points outside content/; "
        "copy the file into content/ instead",
    ]
