"""The content-format additions of issue 7, on a three-event site, checked on parsed HTML."""

from __future__ import annotations

import csv
import json

import pytest

from site_gen.build import check_site
from site_gen.countries import un_members
from site_gen.export_fields import (
    event_fields,
    source_fields,
    statement_fields,
)
from site_gen.model import assemble
from site_gen.reactions import correction_entries

from conftest import SiteDir

MILESTONES = """\
title: Test election
date: 2024-11-06T10:34:00+00:00
summary: Somebody wins.
watch_organizations: [eu, nato]
milestones:
  - label: Polls closed
    date: 2024-11-06T01:00:00+00:00
  - label: Race called by AP
    date: 2024-11-06T10:34:00+00:00
    reference: true
  - label: Concession
    date: 2024-11-06T16:00:00+00:00
"""
ANNE = """\
event: test-election
speaker: anne-leader
date: 2024-11-06T12:00:00+00:00
act: congratulation
quote: Félicitations au président élu.
language: fr
stance: congratulatory
translations:
  - language: en
    text: Congratulations to the president-elect.
    by: Reuters
  - language: de
    text: Glückwunsch an den gewählten Präsidenten.
    by: the editors
corrections:
  - date: 2024-11-08
    note: The English translation was reworded.
  - date: 2024-11-07
    note: The time was given in the wrong zone.
sources:
  - url: https://elysee.example/post
    title: Post
    kind: primary
    archive_url: https://web.archive.org/web/2024/https://elysee.example/post
  - url: https://news.example/story
    title: Story
"""
BORIS = """\
event: test-election
speaker: boris-chief
date: 2024-11-06T18:00:00+00:00
act: declined to comment
stance: neutral
sources:
  - url: https://news.example/boris
    title: Berlin stays silent
"""


def _other(event: str, speaker: str, date: str, act: str = "message") -> str:
    return (
        f"event: {event}\nspeaker: {speaker}\ndate: {date}\nact: {act}\n"
        "quote: We look forward to working together.\nstance: hopeful\n"
        "sources:\n  - url: https://news.example/x\n    title: X\n"
    )


@pytest.fixture
def world(site: SiteDir) -> SiteDir:
    """Three events, milestones, translations, corrections, a declined reaction, organisations."""
    site.add("events/test-election.yaml", MILESTONES)
    site.add("events/old-election.yaml", "title: Old election\ndate: 2020-11-07T16:25:00+00:00\n")
    site.add("events/summit.yaml", "title: Summit\ndate: 2025-06-24\n")
    site.add("organizations/eu.yaml", "name: European Union\nshort_name: EU\n")
    site.add("organizations/nato.yaml", "name: NATO\n")
    site.person("boris-chief", "Boris Chief", "DE")
    site.add("people/eu-chief.yaml", "name: Eu Chief\norganization: eu\nrole: President\n")
    site.add("statements/anne.yaml", ANNE)
    site.add("statements/boris.yaml", BORIS)
    site.add("statements/eu.yaml", _other("test-election", "eu-chief", "2024-11-06T13:00:00+00:00"))
    site.add("statements/anne-2020.yaml", _other("old-election", "anne-leader", "2020-11-08"))
    site.add(
        "statements/anne-summit.yaml",
        _other("summit", "anne-leader", "2025-06-24T09:00:00+02:00", "press remarks"),
    )
    assert site.build() == 0
    return site


def _text(node: object) -> str:
    return " ".join(node.get_text(" ", strip=True).split())  # type: ignore[attr-defined]


def test_timeline_shows_milestones_among_statements(world: SiteDir) -> None:
    page = world.page("events/test-election/")
    day = page.select(".timeline .day")
    assert len(day) == 1
    order = [
        e.select_one(".milestone-label").get_text() if "milestone" in e["class"] else e["id"]
        for e in day[0].select(".milestone, .card")
    ]
    assert order == ["Polls closed", "Race called by AP", "s-anne", "s-eu", "Concession", "s-boris"]
    reference = page.select(".milestone-reference")
    assert [_text(r.select_one(".milestone-label")) for r in reference] == ["Race called by AP"]
    assert _text(page.select(".milestone")[0].select_one(".since")) == "-9 h 34 min"
    assert _text(page.select_one("#s-anne .since")) == "+1 h 26 min relative to the event"
    assert "measured from Race called by AP" in _text(page.select_one(".reference-note"))


def test_declined_reaction_is_in_timeline_and_counts_honestly_labelled(world: SiteDir) -> None:
    page = world.page("events/test-election/")
    assert _text(page.select_one("#s-boris .silent-note")).startswith("Declined to comment")
    assert page.select_one("#s-boris blockquote") is None
    assert "3 statements" in _text(page.select_one(".event-meta"))
    acts = [_text(li) for li in page.select(".act-summary li")]
    assert acts == ["congratulation 1", "message 1", "declined to comment 1"]


def test_not_reacted_lists_silent_un_members_by_region_and_watched_organizations(
    world: SiteDir,
) -> None:
    section = world.page("events/test-election/").select_one("#not-reacted")
    codes = [li["data-code"] for li in section.select(".silent-list li[data-code]")]
    assert len(codes) == 193 - 2 == len(set(codes))
    assert "FR" not in codes and "DE" not in codes and "US" in codes
    assert [li["data-id"] for li in section.select(".silent-organizations li")] == ["nato"]
    regions = [_text(d.summary) for d in section.select("details")]
    assert regions == ["Africa 54", "Americas 35", "Asia 47", "Europe 41", "Oceania 14"]
    assert "un.org 'Member States'" in _text(section.select_one(".data-source"))


def test_statement_page_shows_translations_side_by_side_with_a_language_switch(
    world: SiteDir,
) -> None:
    page = world.page("statements/anne/")
    section = page.select_one(".translations")
    original = section.select_one("#tr-original blockquote")
    assert original["lang"] == "fr" and _text(original) == "Félicitations au président élu."
    chosen = section.select(".tr-chosen")
    assert [c["id"] for c in chosen] == ["tr-en"]
    assert _text(chosen[0].figcaption) == "Translation (en) by Reuters"
    switch = [(a["href"], _text(a)) for a in section.select(".lang-switch a")]
    assert switch == [
        ("#tr-original", "Original (fr)"),
        ("#tr-en", "en, by Reuters"),
        ("#tr-de", "de, by the editors"),
    ]
    assert section.select_one("#tr-de blockquote")["lang"] == "de"
    card = world.page("events/test-election/").select_one("#s-anne .translation")
    assert _text(card) == "Translation (Reuters): Congratulations to the president-elect."


def test_statement_page_shows_corrections_act_and_provenance(world: SiteDir) -> None:
    page = world.page("statements/anne/")
    notes = [_text(li) for li in page.select(".corrections li")]
    assert notes == [
        "2024-11-07 : The time was given in the wrong zone.",
        "2024-11-08 : The English translation was reworded.",
    ]
    facts = {_text(dt): _text(dt.find_next_sibling("dd")) for dt in page.select(".facts dt")}
    assert facts["Kind of reaction"] == "congratulation"
    sources = page.select(".sources li")
    assert [_text(li.select_one(".source-kind")) for li in sources] == ["primary source", "report"]
    archived = sources[0].find("a", string="archived copy")
    assert archived["href"] == "https://web.archive.org/web/2024/https://elysee.example/post"


def test_person_and_country_pages_compare_reactions_across_events(world: SiteDir) -> None:
    columns = world.page("people/anne-leader/").select(".compare-col")
    assert [_text(c.h3) for c in columns] == ["Old election", "Test election", "Summit"]
    assert [len(c.select(".compare-item")) for c in columns] == [1, 1, 1]
    assert "press remarks" in _text(columns[2])
    germany = world.page("countries/germany/").select(".compare-col")
    assert [_text(c.select_one(".no-statement") or c.h3) for c in germany] == [
        "No statement recorded.",
        "Test election",
        "No statement recorded.",
    ]
    assert "declined to comment" in _text(germany[1])
    single = world.page("people/eu-chief/")  # one event only: nothing to compare
    assert single.select_one(".compare") is None


def test_home_lists_events_by_date_with_counts_and_event_pages_are_shareable(
    world: SiteDir,
) -> None:
    items = world.page("").select(".event-list li")
    assert [
        (_text(li.select_one(".event-title")), _text(li.select_one(".event-meta"))) for li in items
    ] == [
        ("Summit", "24 June 2025 · 1 statement"),
        ("Test election", "6 November 2024 · 3 statements"),
        ("Old election", "7 November 2020 · 1 statement"),
    ]
    event = world.page("events/summit/")
    meta = {m["property"]: m["content"] for m in event.select("meta[property]")}
    assert meta["og:url"] == "https://example.org/events/summit/"
    assert meta["og:title"] == "Summit" and meta["og:type"] == "article"


def test_corrections_feed_entries_are_newest_first(world: SiteDir) -> None:
    records, _ = check_site(world.root)
    assert records is not None
    entries = correction_entries(assemble(records))
    assert [(s.id, c.written) for s, c in entries] == [
        ("anne", "2024-11-08"),
        ("anne", "2024-11-07"),
    ]


def test_sample_event_lists_186_un_members_that_have_not_reacted(sample: SiteDir) -> None:
    assert sample.build() == 0
    section = sample.page("events/us-election-2024/").select_one("#not-reacted")
    reacted = {"AF", "IN", "GB", "FR", "DE", "IT", "CA"}
    assert reacted <= set(un_members())
    codes = [li["data-code"] for li in section.select(".silent-list li")]
    assert len(codes) == 193 - len(reacted) == 186
    assert not reacted & set(codes)
    assert _text(section.select_one(".not-reacted-count")).startswith("186 of the 193")


def test_sample_without_additions_has_no_milestones_translations_or_comparisons(
    sample: SiteDir,
) -> None:
    assert sample.build() == 0
    assert sample.page("events/us-election-2024/").select(".milestone") == []
    assert sample.page("statements/modi/").select(".translations, .corrections") == []
    assert sample.page("people/narendra-modi/").select(".compare") == []


@pytest.mark.parametrize(
    ("rel", "text", "expected"),
    [
        (
            "statements/anne.yaml",
            ANNE.replace("act: congratulation", "act: congratulations"),
            "content/statements/anne.yaml:4:6: 'act' is 'congratulations'; "
            "did you mean 'congratulation'?",
        ),
        (
            "events/test-election.yaml",
            MILESTONES.replace(
                "date: 2024-11-06T16:00:00+00:00",
                "date: 2024-11-06T16:00:00+00:00\n    reference: true",
            ),
            "content/events/test-election.yaml:13:16: 2 milestones are marked `reference: true`; "
            "only one may be; keep `reference: true` on the moment reactions are measured from",
        ),
        (
            "events/test-election.yaml",
            MILESTONES.replace("[eu, nato]", "[eu, natto]"),
            "content/events/test-election.yaml:4:27: unknown organization 'natto'; "
            "did you mean 'nato'?",
        ),
        (
            "statements/anne.yaml",
            ANNE.replace("  - language: de\n", "  - language: de-\n"),
            "content/statements/anne.yaml:12:15: 'language' is 'de-', which is not a language tag; "
            "use a BCP 47 tag such as en, fr, pt-BR, fa",
        ),
        (
            "statements/anne.yaml",
            ANNE.replace("    kind: primary", "    kind: official"),
            "content/statements/anne.yaml:23:11: 'kind' is 'official'; use primary (the speaker's "
            "own post or release) or report (an outlet)",
        ),
        (
            "statements/anne.yaml",
            ANNE.replace("  - date: 2024-11-07\n", "  - date: 2024-11-07T10:00\n"),
            "content/statements/anne.yaml:18:11: 'date' is 2024-11-07T10:00 with no UTC offset; "
            "write it as 2024-11-07T10:00:00+00:00, with the offset where it was said",
        ),
        (
            "statements/boris.yaml",
            BORIS.replace("act: declined to comment", "act: message"),
            "content/statements/boris.yaml:1:1: the required field 'quote' is missing; "
            "add `quote: the words as said`",
        ),
    ],
)
def test_bad_additions_are_reported_with_their_place(
    world: SiteDir, capsys: pytest.CaptureFixture[str], rel: str, text: str, expected: str
) -> None:
    world.add(rel, text)
    capsys.readouterr()
    assert world.run("check") == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": warning: " not in line]
    assert errors[:-1] == [expected]


def test_translation_without_translator_is_a_warning(world: SiteDir) -> None:
    world.add("statements/anne.yaml", ANNE.replace("    by: the editors\n", ""))
    _, problems = check_site(world.root)
    assert [str(p) for p in problems if "context file" not in p.message] == [
        "content/statements/anne.yaml:12:5: warning: this translation does not say who made it; "
        "add `by:` with the outlet or editor"
    ]


def test_export_fields_carry_the_additions_and_match_their_schema(world: SiteDir) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    records, _ = check_site(world.root)
    assert records is not None
    site = assemble(records)
    anne = next(s for s in site.statements if s.id == "anne")
    fields = statement_fields(anne)
    assert fields["act"] == "congratulation"
    assert fields["translations"][0] == {
        "language": "en",
        "text": "Congratulations to the president-elect.",
        "by": "Reuters",
    }
    assert [c["date"] for c in fields["corrections"]] == ["2024-11-07", "2024-11-08"]
    assert [source_fields(s) for s in anne.sources] == [{"kind": "primary"}, {"kind": "report"}]
    assert world.build() == 0
    exported = json.loads((world.output / "data/statements.json").read_text())
    schema = json.loads((world.output / "data/statements.schema.json").read_text())
    jsonschema.validate(exported, schema)
    anne_record = next(item for item in exported["statements"] if item["id"] == "anne")
    assert anne_record["act"] == "congratulation"
    assert anne_record["translations"] == fields["translations"]
    assert [s["kind"] for s in anne_record["sources"]] == ["primary", "report"]
    with (world.output / "data/statements.csv").open(newline="", encoding="utf-8") as f:
        rows = {row["id"]: row for row in csv.DictReader(f)}
    assert rows["anne"]["act"] == "congratulation"
    event = event_fields(site.events["test-election"])
    assert event["reference"] == "2024-11-06T10:34:00+00:00"
    assert [m["label"] for m in event["milestones"] if m["reference"]] == ["Race called by AP"]
    assert event["watch_organizations"] == ["eu", "nato"]
    events = json.loads((world.output / "data/events.json").read_text())["events"]
    election = next(e for e in events if e["id"] == "test-election")
    assert election == {
        "id": "test-election",
        "url": "https://example.org/events/test-election/",
        "title": election["title"],
        "date": "2024-11-06T10:34:00+00:00",
        "summary": election["summary"],
        "statements": election["statements"],
        **event,
    }


def test_corrections_have_a_feed_of_their_own(world: SiteDir) -> None:
    feedparser = pytest.importorskip("feedparser")
    assert world.build() == 0
    feed = feedparser.parse((world.output / "corrections.xml").read_bytes())
    assert not feed.bozo
    assert [entry.id for entry in feed.entries] == [
        "https://example.org/statements/anne/#correction-2",
        "https://example.org/statements/anne/#correction-1",
    ]
    assert feed.feed.updated == "2024-11-08T00:00:00Z"
    assert feed.entries[0].link == "https://example.org/statements/anne/"
