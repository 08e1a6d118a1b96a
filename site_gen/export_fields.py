"""The content-format additions as open data: the fields they add to the data export."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from site_gen.model import Event, Milestone, Source, Statement


def statement_fields(statement: Statement) -> dict[str, Any]:
    """What `/data/statements.json` adds to each statement item (CSV: `act` as a column)."""
    return {
        "act": statement.act or None,
        "translations": [
            {"language": t.language, "text": t.text, "by": t.by or None}
            for t in statement.translations
        ],
        "corrections": [{"date": c.written, "note": c.note} for c in statement.corrections],
    }


def source_fields(source: Source) -> dict[str, Any]:
    """What each item of a statement's `sources` gains: its kind (archive_url is already there)."""
    return {"kind": source.kind}


def event_fields(event: Event) -> dict[str, Any]:
    """An event's milestones, its reference moment and its watched organisations."""
    return {
        "reference": event.reference.isoformat(),
        "milestones": [
            {"label": m.label, "date": m.written, "utc": _utc(m), "reference": m.reference}
            for m in event.milestones
        ],
        "watch_organizations": list(event.watch_organizations),
    }


def _utc(milestone: Milestone) -> str:
    return milestone.moment.astimezone(UTC).isoformat()
