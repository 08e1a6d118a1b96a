"""Pure page data for the reaction-timeline additions: milestones, acts, silence, comparisons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from site_gen import urls
from site_gen.countries import data_source, un_members
from site_gen.model import ACTS, Correction, Event, Site, Statement, Translation
from site_gen.timeline import Milestone
from site_gen.views import Card, day_label, since_label, text_dir


def event_additions(site: Site, event_id: str, cards: Mapping[str, Card]) -> dict[str, Any]:
    """Extra context of an event page: its milestones, acts, who is silent."""
    event = site.events[event_id]
    statements = site.by_event.get(event_id, ())
    reference_label = next((m.label for m in event.milestones if m.reference), "")
    return {
        "milestones": [
            Milestone(m.moment, milestone_view(event, m.moment, m.label, site.config.zone))
            for m in event.milestones
        ],
        "acts": act_counts(statements),
        "not_reacted": not_reacted(site, event_id),
        "reference": milestone_view(event, event.reference, reference_label, site.config.zone),
    }


def statement_additions(site: Site, statement: Statement) -> dict[str, Any]:
    """Extra context of a statement page: translations side by side, and corrections."""
    return {
        "translations": translation_view(statement, site.config.language),
        "corrections": statement.corrections,
    }


def milestone_view(event: Event, moment: datetime, label: str, zone: ZoneInfo) -> dict[str, Any]:
    local = moment.astimezone(zone)
    return {
        "kind": "milestone",
        "label": label,
        "datetime_attr": moment.isoformat(),
        "time_label": f"{local:%H:%M} {local.tzname()}",
        "day_label": day_label(local.date()),
        "since_label": since_label(moment, event.reference),
        "is_reference": moment == event.reference,
    }


def act_counts(statements: tuple[Statement, ...]) -> list[tuple[str, int]]:
    """[(act, count)] in the order of ACTS, for the acts that occur."""
    counts = Counter(s.act for s in statements)
    return [(act, counts[act]) for act in ACTS if counts[act]]


def not_reacted(site: Site, event_id: str) -> dict[str, Any]:
    """UN member states (by region) and watched organisations with no statement on the event."""
    event = site.events[event_id]
    spoke = {(a.type, a.id) for s in site.by_event.get(event_id, ()) if (a := site.actor_of[s.id])}
    regions: dict[str, list[dict[str, str]]] = {}
    for code in un_members():
        if ("country", code) in spoke:
            continue
        country = site.known_countries[code]
        item = {"code": code, "name": country.name, "flag": country.flag}
        regions.setdefault(country.region, []).append(item)
    organizations = [
        {"id": org_id, "name": site.organizations[org_id].name}
        for org_id in event.watch_organizations
        if ("organization", org_id) not in spoke
    ]
    return {
        "count": sum(len(items) for items in regions.values()),
        "members": len(un_members()),
        "regions": [
            (region, sorted(items, key=lambda i: i["name"]))
            for region, items in sorted(regions.items())
        ],
        "organizations": organizations,
        "source": data_source(),
    }


def translation_view(statement: Statement, site_language: str) -> dict[str, Any]:
    """The original, the chosen translation beside it, and every translation for the switch."""
    items = list(statement.translations)
    old = statement.translation
    if old and all(t.text != old for t in items):
        items.insert(0, Translation(site_language, old, ""))
    chosen = next((t for t in items if t.language == site_language), items[0] if items else None)
    seen: Counter[str] = Counter()
    listed = []
    for t in items:
        seen[t.language] += 1
        anchor = f"tr-{t.language.lower()}" + (
            f"-{seen[t.language]}" if seen[t.language] > 1 else ""
        )
        listed.append(
            {"t": t, "anchor": anchor, "dir": text_dir(t.language), "chosen": t is chosen}
        )
    return {
        "original": {"language": statement.language, "dir": text_dir(statement.language)},
        "chosen": next((item for item in listed if item["chosen"]), None),
        "entries": listed,
    }


def compare(
    site: Site, statements: tuple[Statement, ...], cards: Mapping[str, Card], every_event: bool
) -> list[dict[str, Any]]:
    """One column per event (oldest first) with the reactions in it, when there are two or more.

    `every_event` keeps events without a reaction (a country's silence is news); a person's page
    shows only the events they spoke on.
    """
    by_event: dict[str, list[Card]] = {}
    for s in statements:
        by_event.setdefault(s.event, []).append(cards[s.id])
    columns = [
        {
            "event": event,
            "path": urls.event(event.id),
            "day_label": day_label(event.reference.astimezone(site.config.zone).date()),
            "cards": by_event.get(event.id, []),
        }
        for event in site.events.values()
        if every_event or event.id in by_event
    ]
    return columns if len(columns) >= 2 and by_event else []


def correction_entries(site: Site) -> list[tuple[Statement, Correction]]:
    """Every (statement, correction) for a corrections feed: newest correction first."""
    entries = [(s, c) for s in site.statements for c in s.corrections]
    entries.sort(key=lambda e: (e[1].day, e[1].written, e[0].id), reverse=True)
    return entries
