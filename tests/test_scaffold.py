"""`site-gen new`: skeletons at the right path, refusals, and placeholders that `check` rejects."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from site_gen.scaffold import ScaffoldError, new_event, new_statement, statement_skeleton

from conftest import SiteDir

STATEMENT = "content/statements/test-election/anne-leader"


def _fill(path: Path, **replacements: str) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _fill_statement(yaml_file: Path) -> None:
    text = yaml_file.read_text(encoding="utf-8")
    text = text.replace("https://example.com/REPLACE-ME", "https://news.example.org/a")
    text = text.replace("platform: REPLACE ME", "platform: X post")
    text = text.replace("  REPLACE ME", "  A brand new quote from the skeleton.")
    text = text.replace("title: REPLACE ME", "title: The headline")
    text = text.replace("publisher: REPLACE ME", "publisher: The Paper")
    yaml_file.write_text(text, encoding="utf-8")
    yaml_file.with_suffix(".md").write_text("Said at a rally.\n", encoding="utf-8")


def test_new_statement_prints_paths_and_writes_every_field(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    code = site.run("new", "statement", "--event", "test-election", "--speaker", "anne-leader")
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    root = str(site.root)
    assert out == [f"{root}/{STATEMENT}.yaml", f"{root}/{STATEMENT}.md"]
    text = (site.root / f"{STATEMENT}.yaml").read_text(encoding="utf-8")
    for field in ("event", "speaker", "on_behalf_of", "role", "date", "platform", "quote"):
        assert re.search(rf"^#? ?{field}:", text, re.M), field
    for field in ("language", "translation", "stance", "tags", "sources", "draft"):
        assert re.search(rf"^#? ?{field}:", text, re.M), field
    assert "# congratulatory | hopeful | cautious | critical | neutral" in text
    date = re.search(r"^date: (\S+)", text, re.M)
    assert date is not None
    assert datetime.fromisoformat(date.group(1)).utcoffset() is not None


def test_skeleton_date_keeps_the_local_offset() -> None:
    now = datetime(2025, 3, 4, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    skeleton = statement_skeleton("x", "ev", "sp", now)
    assert "date: 2025-03-04T09:30:15+05:30" in skeleton.files[0][1]
    assert "accessed: 2025-03-04" in skeleton.files[0][1]


def test_unfilled_statement_fails_check_naming_each_placeholder(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    site.run("new", "statement", "--event", "test-election", "--speaker", "anne-leader")
    capsys.readouterr()
    assert site.run("check") == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{STATEMENT}.md:1:1: the context still has the placeholder 'REPLACE ME'; "
        "write one or two sentences: who said it, where, and why it matters",
        f"{STATEMENT}.yaml:7:11: 'platform' still has the placeholder 'REPLACE ME'; "
        "replace it with the real platform",
        f"{STATEMENT}.yaml:8:8: 'quote' still has the placeholder 'REPLACE ME'; "
        "replace it with the real quote",
        f"{STATEMENT}.yaml:15:10: 'sources.0.url' still has the placeholder 'REPLACE-ME'; "
        "replace it with the real url",
        f"{STATEMENT}.yaml:16:12: 'sources.0.title' still has the placeholder 'REPLACE ME'; "
        "replace it with the real title",
        f"{STATEMENT}.yaml:17:16: 'sources.0.publisher' still has the placeholder 'REPLACE ME'; "
        "replace it with the real publisher",
        "6 problems in 2 files",
    ]


def test_filled_statement_passes_check_and_is_built(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add("statements/anne.md", "Context.\n")
    assert site.run("new", "statement", "--event", "test-election", "--speaker", "anne-leader") == 0
    _fill_statement(site.root / f"{STATEMENT}.yaml")
    capsys.readouterr()
    assert site.run("check") == 0
    assert capsys.readouterr().err == "no problems\n"
    assert site.build() == 0
    page = site.page("statements/anne-leader/")
    assert "A brand new quote from the skeleton." in page.get_text()
    assert page.find("a", href="https://news.example.org/a") is not None


def test_new_statement_suggests_near_event_and_speaker(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    assert site.run("new", "statement", "--event", "test-electon", "--speaker", "anne-leader") == 1
    assert capsys.readouterr().err == (
        "site-gen new: error: unknown event 'test-electon'; did you mean 'test-election'?\n"
    )
    assert site.run("new", "statement", "--event", "test-election", "--speaker", "ane-leader") == 1
    assert capsys.readouterr().err == (
        "site-gen new: error: unknown speaker 'ane-leader'; did you mean 'anne-leader'?\n"
    )
    assert site.run("new", "statement", "--event", "test-election", "--speaker", "zz") == 1
    assert capsys.readouterr().err == (
        "site-gen new: error: unknown speaker 'zz'; add it under content/people/ first\n"
    )
    assert not (site.root / "content/statements/test-election").exists()


def test_new_statement_refuses_a_taken_id(site: SiteDir) -> None:
    with pytest.raises(ScaffoldError) as raised:
        new_statement(site.root, "test-election", "anne-leader", _now(), "anne")
    assert str(raised.value) == (
        "the statement id 'anne' is already used by content/statements/anne.yaml; "
        "choose another --id"
    )


def test_new_never_overwrites_an_existing_file(site: SiteDir) -> None:
    target = site.add("statements/test-election/anne-leader.md", "Kept.\n")
    with pytest.raises(
        ScaffoldError, match=r"anne-leader\.md already exists; it was left as it is"
    ):
        new_statement(site.root, "test-election", "anne-leader", _now(), "anne-leader")
    assert target.read_text(encoding="utf-8") == "Kept.\n"
    assert not target.with_suffix(".yaml").exists()
    existing = site.root / "content/events/test-election.yaml"
    before = existing.read_bytes()
    with pytest.raises(ScaffoldError, match="already exists"):
        new_event(site.root, "Test election", _now())
    assert existing.read_bytes() == before


def test_new_person_and_event_fail_check_until_filled(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add("statements/anne.md", "Context.\n")
    assert site.run("new", "person", "--name", "Pedro Sánchez", "--country", "es") == 0
    assert site.run("new", "event", "--title", "Paris Summit 2025") == 0
    capsys.readouterr()
    assert site.run("check") == 1
    err = capsys.readouterr().err
    assert "content/people/pedro-sanchez.yaml:7:7: 'role' still has the placeholder" in err
    assert "content/events/paris-summit-2025.yaml:4:10: 'summary' still has the placeholder" in err
    _fill(
        site.root / "content/people/pedro-sanchez.yaml",
        **{"REPLACE ME": "Prime Minister of Spain", "REPLACE-ME": "Pedro_S%C3%A1nchez"},
    )
    _fill(site.root / "content/events/paris-summit-2025.yaml", **{"REPLACE ME": "A summit."})
    assert site.run("check") == 0
    assert site.build() == 0
    assert site.page("people/pedro-sanchez/").find("h1").get_text(strip=True) == "Pedro Sánchez"


def test_new_person_checks_country_and_organization(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    assert site.run("new", "person", "--name", "X", "--country", "XX") == 1
    assert "'XX' is not an ISO 3166-1 alpha-2 code" in capsys.readouterr().err
    assert site.run("new", "person", "--name", "X", "--organization", "eu") == 1
    assert capsys.readouterr().err == (
        "site-gen new: error: unknown organization 'eu'; "
        "add it under content/organizations/ first\n"
    )
    assert site.run("new", "person", "--name", "X") == 1
    assert "give exactly one of --country and --organization" in capsys.readouterr().err


def _now() -> datetime:
    return datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
