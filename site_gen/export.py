"""Open data: statements as JSON and CSV, the JSON's schema, and a TimelineJS file per event."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Sequence
from functools import cache, partial
from importlib import resources
from typing import Any

from site_gen import urls
from site_gen.cache import Chunks, chunks_made
from site_gen.export_fields import event_fields, source_fields, statement_fields
from site_gen.model import Site, Statement
from site_gen.stamps import utc_text

JSON_PATH = "data/statements.json"
CSV_PATH = "data/statements.csv"
SCHEMA_PATH = "data/statements.schema.json"
EVENTS_PATH = "data/events.json"
CSV_COLUMNS = (
    "id",
    "url",
    "event",
    "speaker_id",
    "speaker_name",
    "actor_type",
    "actor_id",
    "actor_name",
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
    "act",
)
TAG_SEPARATOR = "; "  # tags in one CSV cell
URL_SEPARATOR = " "  # source URLs in one CSV cell (a URL has no spaces)


def timeline_path(event_id: str) -> str:
    return urls.event(event_id) + "timeline.json"


def statement_record(site: Site, statement: Statement) -> dict[str, Any]:
    """One statement as the contract's data export describes it."""
    speaker = site.people[statement.speaker]
    actor = site.actor_of[statement.id]
    moment = statement.when.moment
    return {
        "id": statement.id,
        "url": urls.Urls(site.config.base_url).absolute(urls.statement(statement.id)),
        "event": statement.event,
        "speaker": {"id": speaker.id, "name": speaker.name},
        "actor": {"type": actor.type, "id": actor.id, "name": actor.name},
        "role": statement.role or None,
        "date": statement.when.written,
        "utc": utc_text(moment) if moment is not None else None,
        "platform": statement.platform or None,
        "quote": statement.quote or None,  # None only for a reaction that declined to comment
        "language": statement.language,
        "translation": statement.translation or None,
        "stance": statement.stance,
        "tags": list(statement.tags),
        "sources": [
            {
                "url": source.url,
                "title": source.title or None,
                "publisher": source.publisher or None,
                "accessed": source.accessed or None,
                "archive_url": source.archive_url or None,
                **source_fields(source),
            }
            for source in statement.sources
        ],
        **statement_fields(statement),
    }


CHUNK = 500  # statements per cached part of the export (cache.Chunks)


def render_statements(site: Site, chunks: Chunks | None = None) -> tuple[bytes, bytes]:
    """The JSON (`{"statements": [...]}`) and the CSV of every statement, in time order.

    Made a chunk of statements at a time, so the records of a large site are never all held
    at once (they would take several times the size of the files). With `chunks`, the
    chunks of statements unchanged since the last build are read back.
    """
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerow(CSV_COLUMNS)  # RFC 4180: UTF-8, CRLF, quoted where needed
    items, rows = [], [buffer.getvalue()]
    make = partial(_encoded, site)
    for records, lines in chunks_made(chunks, "export", site.statements, CHUNK, make, _valid):
        items.append(records)
        rows.append(lines)
    return _json_with_list("statements", items), "".join(rows).encode("utf-8")


def _encoded(site: Site, statements: Sequence[Statement]) -> tuple[str, str]:
    """The statements' records in the JSON (one per line) and their rows of the CSV."""
    records, buffer = [], io.StringIO(newline="")
    writer = csv.writer(buffer)
    for statement in statements:
        record = statement_record(site, statement)
        records.append(_dumps(record))
        writer.writerow(csv_row(record))
    return ",\n".join(records), buffer.getvalue()


def _valid(value: Any, count: int) -> bool:
    """Whether a cached chunk has the shape `_encoded` gives."""
    return type(value) is tuple and len(value) == 2 and all(type(v) is str for v in value)


def render_events_json(site: Site) -> bytes:
    """`{"events": [...]}`: each event with its moment, milestones and number of statements."""
    absolute = urls.Urls(site.config.base_url).absolute
    events = [
        {
            "id": event.id,
            "url": absolute(urls.event(event.id)),
            "title": event.title,
            "date": event.moment.isoformat(),
            "summary": event.summary or None,
            "statements": len(site.by_event.get(event.id, ())),
            **event_fields(event),
        }
        for event in site.events.values()
    ]
    return _json({"events": events})


def csv_row(r: dict[str, Any]) -> list[str]:
    """One statement's CSV row (see CSV_COLUMNS): lists joined in a cell."""
    return [
        r["id"],
        r["url"],
        r["event"],
        r["speaker"]["id"],
        r["speaker"]["name"],
        r["actor"]["type"],
        r["actor"]["id"],
        r["actor"]["name"],
        r["role"] or "",
        r["date"],
        r["utc"] or "",
        r["platform"] or "",
        r["quote"] or "",
        r["language"],
        r["translation"] or "",
        r["stance"],
        TAG_SEPARATOR.join(r["tags"]),
        URL_SEPARATOR.join(s["url"] for s in r["sources"]),
        r["act"] or "",
    ]


def render_schema(site: Site) -> bytes:
    """The JSON Schema of statements.json, with its own address as `$id`."""
    own = urls.Urls(site.config.base_url).absolute(SCHEMA_PATH)
    return _json({"$id": own, **statements_schema()})


@cache
def statements_schema() -> dict[str, Any]:
    text = resources.files("site_gen").joinpath("data/statements.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def render_timeline(site: Site, event_id: str) -> bytes:
    """The event in TimelineJS's JSON format: a title slide and one slide per statement."""
    event = site.events[event_id]
    absolute = urls.Urls(site.config.base_url).absolute
    slides = [_slide(site, s) for s in site.by_event.get(event_id, ())]
    href = html.escape(absolute(urls.event(event_id)))
    link = f'<p><a href="{href}">{html.escape(event.title)}</a></p>'
    title = {
        "text": {"headline": html.escape(event.title), "text": _para(event.summary) + link},
        "unique_id": f"event-{event_id}",
    }
    return _json({"title": title, "events": slides})


def _slide(site: Site, statement: Statement) -> dict[str, Any]:
    speaker = site.people[statement.speaker]
    actor = site.actor_of[statement.id]
    permalink = urls.Urls(site.config.base_url).absolute(urls.statement(statement.id))
    lang = html.escape(statement.language)
    text = f'<blockquote lang="{lang}"><p>{html.escape(statement.quote)}</p></blockquote>'
    if statement.translation:
        text += _para(f"Translation: {statement.translation}")
    text += f'<p><a href="{html.escape(permalink)}">Permalink and sources</a></p>'
    return {
        "start_date": _date(site, statement),
        "text": {"headline": html.escape(f"{speaker.name} ({actor.name})"), "text": text},
        "group": statement.stance,
        "unique_id": statement.id,
        "autolink": False,
    }


def _date(site: Site, statement: Statement) -> dict[str, Any]:
    """The moment in the site's time zone, or the day as written."""
    moment = statement.when.moment
    if moment is None:
        day = statement.when.day
        return {"year": day.year, "month": day.month, "day": day.day}
    local = moment.astimezone(site.config.zone)
    return {
        "year": local.year,
        "month": local.month,
        "day": local.day,
        "hour": local.hour,
        "minute": local.minute,
        "display_date": f"{local:%Y-%m-%d %H:%M} {local.tzname()}",
    }


def _para(text: str) -> str:
    return f"<p>{html.escape(text)}</p>" if text else ""


def _json(data: dict[str, Any]) -> bytes:
    """The object with one member per line, and a list member's items one per line.

    Readable in a text editor and diffable, yet encoded by the json module's C encoder
    (`indent` would switch to its pure-Python encoder: seconds on a large site).
    """
    members = []
    for key, value in data.items():
        name = _dumps(key)
        if isinstance(value, list) and value:
            items = ",\n".join(_dumps(item) for item in value)
            members.append(f"{name}: [\n{items}\n]")
        else:
            members.append(f"{name}: {_dumps(value)}")
    return ("{\n" + ",\n".join(members) + "\n}\n").encode("utf-8")


def _json_with_list(name: str, items: list[str]) -> bytes:
    """`{"name": [...]}` laid out as `_json` does, from items already encoded."""
    if not items:
        return _json({name: []})
    return ("{\n" + _dumps(name) + ": [\n" + ",\n".join(items) + "\n]\n}\n").encode("utf-8")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
