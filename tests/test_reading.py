"""The content walk (sped up for `check` on big sites) still finds, skips and reports the same."""

from __future__ import annotations

import os

from site_gen.sources import read_content
from site_gen.yamltree import parse_yaml

from conftest import SiteDir


def test_walk_finds_records_twins_and_reports_strays(site: SiteDir) -> None:
    statements = site.root / "content/statements"
    (statements / "anne.md").unlink()
    site.statement("b-two", "anne-leader")
    site.add("statements/b-two.md", "Twin of b-two.\n")
    (statements / "a").mkdir()
    (statements / "a/z").mkdir()
    (statements / "a-b").mkdir()
    site.statement("a/z/deep", "anne-leader", context=None)
    site.statement("a-b/dash", "anne-leader", context=None)
    site.statement("a/shallow", "anne-leader", context=None)
    site.add("statements/a/orphan.md", "No YAML beside me.\n")
    site.add("statements/notes.txt", "stray\n")
    site.add("statements/.hidden.yaml", "not: read\n")
    site.add("statements/backup.yaml~", "not: read\n")
    (statements / ".git").mkdir()
    site.add("statements/.git/x.yaml", "not: read\n")
    site.add("people/readme.md", "stray\n")
    (site.root / "content/people/sub").mkdir()
    site.add("people/sub/nested.yaml", "not: read\n")
    outside = site.root / "elsewhere"
    outside.mkdir()
    (outside / "o.yaml").write_text("event: x\n", encoding="utf-8")
    os.symlink(outside / "o.yaml", statements / "out.yaml")
    os.symlink(outside, statements / "linked")
    os.symlink(statements / "anne.yaml", statements / "a/inside.yaml")

    documents, problems = read_content(site.root)

    assert [
        (d.kind, d.id, d.path, d.markdown_path) for d in documents if d.kind == "statement"
    ] == [
        ("statement", "inside", "content/statements/a/inside.yaml", None),
        ("statement", "shallow", "content/statements/a/shallow.yaml", None),
        ("statement", "deep", "content/statements/a/z/deep.yaml", None),
        ("statement", "dash", "content/statements/a-b/dash.yaml", None),
        ("statement", "anne", "content/statements/anne.yaml", None),
        ("statement", "b-two", "content/statements/b-two.yaml", "content/statements/b-two.md"),
    ]
    assert next(d for d in documents if d.id == "b-two").markdown == "Twin of b-two.\n"
    assert [str(p) for p in sorted(problems)] == [
        "content/people/readme.md:1:1: warning: ignored: not a person file; "
        "YAML records end in .yaml",
        "content/statements/a/orphan.md:1:1: warning: ignored: not a statement file; "
        "YAML records end in .yaml",
        "content/statements/linked:1:1: warning: symbolic links to folders are not followed; "
        "move the folder into content/",
        "content/statements/notes.txt:1:1: warning: ignored: not a statement file; "
        "YAML records end in .yaml",
        "content/statements/out.yaml:1:1: this link points outside content/; "
        "copy the file into content/ instead",
    ]


def test_quoted_and_plain_scalars_keep_their_yaml_meaning() -> None:
    tree, problems = parse_yaml(
        "a: yes\nb: \"yes\"\nc: 012\nd: '012'\ne: 2024-11-06\nf: ~\ng: on\n", "x.yaml"
    )
    assert problems == []
    assert tree is not None
    assert tree.data == {
        "a": True,
        "b": "yes",
        "c": 10,
        "d": "012",
        "e": "2024-11-06",
        "f": None,
        "g": True,
    }
    assert (tree.locs[("c",)].line, tree.locs[("c",)].raw) == (3, "012")
    assert tree.locs[("b",)].raw is None
