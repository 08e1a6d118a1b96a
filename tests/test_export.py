"""Open data: statements.json meets the contract and its own schema; the CSV round-trips;
each event has a TimelineJS file."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import SiteDir

ADDED_FIELDS = {"act", "translations", "corrections"}  # README: content format additions
CONTRACT_FIELDS = {
    "id",
    "url",
    "event",
    "speaker",
    "actor",
    "role",
    "date",
    "utc",
    "platform",
    "quote",
    "language",
    "translation",
    "stance",
    "tags",
    "sources",
}
TRICKY_QUOTE = '"Say \\"yes\\", then, no;\\nnew line, tab\\t and ünïcödé — 你好"'


def _load(output: Path, name: str) -> Any:
    return json.loads((output / "data" / name).read_text(encoding="utf-8"))


def _validate(output: Path) -> dict[str, Any]:
    data: dict[str, Any] = _load(output, "statements.json")
    schema = _load(output, "statements.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(data)
    return data


def test_the_sample_export_validates_against_its_schema(sample: SiteDir) -> None:
    assert sample.build() == 0
    data = _validate(sample.output)
    assert len(data["statements"]) == 7
    for item in data["statements"]:
        assert set(item) == CONTRACT_FIELDS | ADDED_FIELDS
        assert item["url"] == f"https://example.github.io/reactions/statements/{item['id']}/"
    schema = _load(sample.output, "statements.schema.json")
    assert schema["$id"] == "https://example.github.io/reactions/data/statements.schema.json"


def test_an_item_holds_the_contract_fields(site: SiteDir) -> None:
    site.add("organizations/eu.yaml", "name: European Union\nshort_name: EU\n")
    site.statement(
        "exact",
        "anne-leader",
        date="2024-11-06T14:05:00+05:30",
        quote=TRICKY_QUOTE,
        language="fr",
        translation="Say yes",
        on_behalf_of="eu",
        role="Envoy",
        platform="X post",
        tags="[b-tag, a-tag]",
    )
    assert site.build() == 0
    items = {i["id"]: i for i in _validate(site.output)["statements"]}

    assert items["exact"] == {
        "id": "exact",
        "url": "https://example.org/statements/exact/",
        "event": "test-election",
        "speaker": {"id": "anne-leader", "name": "Anne Leader"},
        "actor": {"type": "organization", "id": "eu", "name": "EU"},
        "role": "Envoy",
        "date": "2024-11-06T14:05:00+05:30",
        "utc": "2024-11-06T08:35:00Z",
        "platform": "X post",
        "quote": 'Say "yes", then, no;\nnew line, tab\t and ünïcödé — 你好',
        "language": "fr",
        "translation": "Say yes",
        "stance": "congratulatory",
        "tags": ["a-tag", "b-tag"],
        "sources": [
            {
                "url": "https://example.com/news",
                "title": "News",
                "publisher": None,
                "accessed": None,
                "archive_url": None,
                "kind": "report",
            }
        ],
        "act": None,
        "translations": [],
        "corrections": [],
    }
    assert items["anne"]["actor"] == {"type": "country", "id": "FR", "name": "France"}
    assert items["anne"]["utc"] == "2024-11-06T12:00:00Z"


def test_a_plain_date_has_no_utc_moment(site: SiteDir) -> None:
    site.statement("anne", "anne-leader", date="2024-11-06")
    assert site.build() == 0
    [item] = _validate(site.output)["statements"]
    assert (item["date"], item["utc"]) == ("2024-11-06", None)


def test_the_schema_rejects_an_item_without_a_quote(sample: SiteDir) -> None:
    assert sample.build() == 0
    data = _load(sample.output, "statements.json")
    del data["statements"][0]["quote"]
    schema = _load(sample.output, "statements.schema.json")
    with pytest.raises(jsonschema.ValidationError, match="'quote' is a required property"):
        jsonschema.validate(data, schema)


def test_the_csv_round_trips_with_the_same_rows_as_the_json(site: SiteDir) -> None:
    site.statement(
        "tricky", "anne-leader", quote=TRICKY_QUOTE, tags="[x, y]", date="2024-11-07T01:00:00-05:00"
    )
    assert site.build() == 0
    data = _validate(site.output)["statements"]
    raw = (site.output / "data" / "statements.csv").read_bytes()
    with (site.output / "data" / "statements.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["id", "url", "event"]
    expected = [
        [
            i["id"],
            i["url"],
            i["event"],
            i["speaker"]["id"],
            i["speaker"]["name"],
            i["actor"]["type"],
            i["actor"]["id"],
            i["actor"]["name"],
            i["role"] or "",
            i["date"],
            i["utc"] or "",
            i["platform"] or "",
            i["quote"],
            i["language"],
            i["translation"] or "",
            i["stance"],
            "; ".join(i["tags"]),
            " ".join(s["url"] for s in i["sources"]),
            i["act"] or "",
        ]
        for i in data
    ]
    assert body == expected
    tricky = body[1][header.index("quote")]
    assert tricky == 'Say "yes", then, no;\nnew line, tab\t and ünïcödé — 你好'
    assert raw.count(b"\r\n") == len(rows)  # RFC 4180 line ends; the quote's newline stays \n


def test_each_event_has_a_timelinejs_file(site: SiteDir) -> None:
    site.statement(
        "exact",
        "anne-leader",
        date="2024-11-06T14:05:00+05:30",
        quote='"<b>bold</b> & more"',
        translation="Translated",
    )
    site.statement("day", "anne-leader", date="2024-11-05")
    assert site.build() == 0
    timeline = json.loads((site.output / "events/test-election/timeline.json").read_text())
    assert timeline["title"]["text"]["headline"] == "Test election"
    assert [e["unique_id"] for e in timeline["events"]] == ["day", "exact", "anne"]
    day, exact, _ = timeline["events"]
    assert day["start_date"] == {"year": 2024, "month": 11, "day": 5}
    assert exact["start_date"] == {
        "year": 2024,
        "month": 11,
        "day": 6,
        "hour": 8,
        "minute": 35,
        "display_date": "2024-11-06 08:35 UTC",
    }
    assert exact["text"]["headline"] == "Anne Leader (France)"
    assert exact["text"]["text"] == (
        '<blockquote lang="en"><p>&lt;b&gt;bold&lt;/b&gt; &amp; more</p></blockquote>'
        "<p>Translation: Translated</p>"
        '<p><a href="https://example.org/statements/exact/">Permalink and sources</a></p>'
    )
    assert exact["autolink"] is False


def test_the_whole_output_is_byte_identical_across_builds(sample: SiteDir, snap: Any) -> None:
    assert sample.build() == 0
    again = sample.root / "again"
    assert sample.build("--output", str(again)) == 0
    first, second = snap(sample.output), snap(again)
    assert first == second
    assert {".nojekyll", "robots.txt", "sitemap.xml", "feed.xml", "data/statements.csv"} <= set(
        first
    )
