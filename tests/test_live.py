"""`serve` takes in edits to statements without a full build (live.py): every file it serves
afterwards is the one a full build gives, and anything else still takes a full build."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from site_gen.build import build_site
from site_gen.model import Records, assemble
from site_gen.page_inputs import PageInputs
from site_gen.pages import plan_pages
from site_gen.publish import file_jobs, with_head
from site_gen.serve import Preview

from conftest import SiteDir, snapshot

MODI = "content/statements/us-election-2024/modi.yaml"
MACRON = "content/statements/us-election-2024/macron.yaml"
BASE = "http://127.0.0.1:9/"


def _served(preview: Preview) -> dict[str, bytes]:
    """Every file of the preview as the server gives it: each made fresh first if stale."""
    for path in sorted(
        p.relative_to(preview.out_dir).as_posix() for p in preview.out_dir.rglob("*")
    ):
        preview.fresh(path)
    return snapshot(preview.out_dir)


def _full(site: SiteDir, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "full"
    build_site(site.root, out, base_url=BASE, cache=False)
    return snapshot(out)


def _edit(site: SiteDir, rel: str, old: str, new: str) -> str:
    path = site.root / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    return str(path)


def test_edited_quotes_are_taken_in_and_served_as_a_full_build_gives_them(
    sample: SiteDir, tmp_path: Path
) -> None:
    preview = Preview(sample.root, BASE)
    assert preview.rebuild() is True
    assert preview.live is not None
    live = preview.live
    # a quote and a stance changed, and a day given a time: the order of statements changes
    changed = {_edit(sample, MODI, "Heartiest", "Warmest")}
    _edit(sample, MODI, "stance: congratulatory", "stance: neutral")
    changed.add(_edit(sample, MACRON, "date: 2024-11-06\n", "date: 2024-11-06T23:15:00+01:00\n"))
    assert preview.rebuild(changed) is True
    assert preview.live is live  # taken in, not built again
    assert live.stale
    page = (preview.out_dir / "statements/modi/index.html").read_text("utf-8")
    assert "Warmest" not in page  # not made again until it is asked for
    assert _served(preview) == _full(sample, tmp_path)
    assert not live.stale


def test_an_edited_context_file_is_taken_in(sample: SiteDir, tmp_path: Path) -> None:
    preview = Preview(sample.root, BASE)
    preview.rebuild()
    context = sample.root / MODI.replace(".yaml", ".md")
    context.write_text(context.read_text("utf-8") + "\nOne *more* line.\n", "utf-8")
    live = preview.live
    assert preview.rebuild({str(context)}) is True
    assert preview.live is live
    assert _served(preview) == _full(sample, tmp_path)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("stance: congratulatory", "stance: nonsense"),  # an error: the full build reports it
        ("speaker: narendra-modi", "speaker: emmanuel-macron"),  # other pages show it
    ],
)
def test_what_the_quick_path_cannot_take_gets_a_full_build(
    sample: SiteDir, tmp_path: Path, old: str, new: str
) -> None:
    preview = Preview(sample.root, BASE)
    preview.rebuild()
    live = preview.live
    changed = {_edit(sample, MODI, old, new)}
    preview.rebuild(changed)
    assert preview.live is not live
    if not preview.failed:
        assert snapshot(preview.out_dir) == _full(sample, tmp_path)


def test_a_statement_keeping_its_warning_is_taken_in(sample: SiteDir, tmp_path: Path) -> None:
    (sample.root / MODI.replace(".yaml", ".md")).unlink()  # a warning: no context file
    preview = Preview(sample.root, BASE)
    preview.rebuild()
    assert preview.problems and not preview.failed
    live = preview.live
    assert preview.rebuild({_edit(sample, MODI, "Heartiest", "Warmest")}) is True
    assert preview.live is live
    assert _served(preview) == _full(sample, tmp_path)
    context = sample.root / MODI.replace(".yaml", ".md")
    context.write_text("Now with context.\n", "utf-8")  # the warning goes: a full build
    preview.rebuild({str(context)})
    assert preview.live is not live
    assert not preview.problems


def test_a_new_or_other_file_gets_a_full_build(sample: SiteDir) -> None:
    preview = Preview(sample.root, BASE)
    preview.rebuild()
    live = preview.live
    person = next((sample.root / "content/people").glob("*.yaml"))
    person.write_text(person.read_text("utf-8") + "\n", "utf-8")
    preview.rebuild({str(person)})
    assert preview.live is not live


def test_pages_showing_names_every_page_whose_inputs_hold_the_statement(sample: SiteDir) -> None:
    site = build_site(sample.root, sample.output).site
    inputs = PageInputs(site)
    before = {path: inputs.key(path, value) for path, value in inputs.plan().items()}
    for statement in site.statements:
        edited = [
            dataclasses.replace(s, quote=s.quote + " Edited.") if s is statement else s
            for s in site.statements
        ]
        changed_site = assemble(
            Records(
                site.config,
                tuple(site.events.values()),
                tuple(site.people.values()),
                tuple(site.organizations.values()),
                site.known_countries,
                tuple(edited),
            )
        )
        after_inputs = PageInputs(changed_site)
        after = {p: after_inputs.key(p, v) for p, v in after_inputs.plan().items()}
        changed = {path for path in before if before[path] != after[path]}
        assert changed, statement.id
        assert changed <= set(inputs.pages_showing(statement)), statement.id


def test_every_file_of_a_job_is_one_it_says_it_makes(sample: SiteDir) -> None:
    site = build_site(sample.root, sample.output).site
    plan = with_head(site, plan_pages(site))
    for job in file_jobs(site, [p.path for p in plan]):
        for path, _ in job.run():
            assert job.made(path), (job.name, path)


def test_every_planned_page_has_its_inputs_named(sample: SiteDir) -> None:
    site = build_site(sample.root, sample.output).site
    assert set(PageInputs(site).plan()) == {p.path for p in plan_pages(site)}
