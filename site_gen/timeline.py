"""Timeline structure for readers: days split into hours, and the filter choices of a list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from site_gen.model import STANCES, sort_key
from site_gen.views import Card, day_label

UNKNOWN_HOUR = "Time not known"


@dataclass(frozen=True, slots=True)
class Milestone:
    """A moment of the event shown among the statements (polls closed, race called, ...)."""

    moment: datetime
    view: Mapping[str, Any]  # what the template shows: label, time, since, is_reference


@dataclass(frozen=True, slots=True)
class HourGroup:
    label: str  # "14:00", or UNKNOWN_HOUR for statements known only to the day
    entries: tuple[Card | Milestone, ...]  # in time order; a milestone before a card at its instant

    @property
    def cards(self) -> tuple[Card, ...]:
        return tuple(e for e in self.entries if isinstance(e, Card))


@dataclass(frozen=True, slots=True)
class DayGroup:
    label: str  # "6 November 2024"
    iso: str  # "2024-11-06"
    hours: tuple[HourGroup, ...]


@dataclass(frozen=True, slots=True)
class Facet:
    """One filter: its query name, its label, and (value, label, count) choices."""

    name: str  # "stance": the card's data-stance attribute and the ?stance= query parameter
    label: str
    choices: tuple[tuple[str, str, int], ...]


def group_by_day_and_hour(
    cards: Sequence[Card], milestones: Sequence[Milestone] = (), zone: ZoneInfo | None = None
) -> tuple[DayGroup, ...]:
    """Days in order, each split into hours; day-only statements come last in their day.

    Cards must come in time order; milestones (placed in `zone`) go among them by their moment.
    """
    days: dict[date, dict[int, list[tuple[tuple[datetime, int, str], Card | Milestone]]]] = {}
    for card in cards:
        days.setdefault(card.day, {}).setdefault(card.hour, []).append(
            (sort_key(card.statement), card)
        )
    for milestone in milestones:
        local = milestone.moment.astimezone(zone)
        key = (milestone.moment, -1, str(milestone.view["label"]))
        days.setdefault(local.date(), {}).setdefault(local.hour, []).append((key, milestone))
    result = []
    for day, hours in sorted(days.items()):
        ordered = sorted(hours.items(), key=lambda item: (item[0] < 0, item[0]))
        groups = tuple(
            HourGroup(
                UNKNOWN_HOUR if hour < 0 else f"{hour:02d}:00",
                tuple(entry for _, entry in sorted(items, key=lambda item: item[0])),
            )
            for hour, items in ordered
        )
        result.append(DayGroup(day_label(day), day.isoformat(), groups))
    return tuple(result)


def derive_facets(cards: Sequence[Card]) -> tuple[Facet, ...]:
    """The filters worth offering for these cards: only those with more than one choice."""
    stance_counts = _count(c.statement.stance for c in cards)
    facets = [
        Facet("region", "Region", _choices(_count(c.region for c in cards))),
        Facet(
            "country",
            "Country or organisation",
            _choices(_count(c.actor.id for c in cards), {c.actor.id: c.actor.name for c in cards}),
        ),
        Facet(
            "stance",
            "Stance",
            tuple((s, s.capitalize(), stance_counts[s]) for s in STANCES if s in stance_counts),
        ),
        Facet("platform", "Platform", _choices(_count(c.statement.platform for c in cards))),
        Facet("language", "Language", _choices(_count(c.statement.language for c in cards))),
    ]
    return tuple(f for f in facets if len(f.choices) > 1)


def _count(values: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        if value:
            counts[value] = counts.get(value, 0) + 1
    return counts


def _choices(
    counts: dict[str, int], labels: dict[str, str] | None = None
) -> tuple[tuple[str, str, int], ...]:
    names = labels or {}
    rows = [(value, names.get(value, value), n) for value, n in counts.items()]
    return tuple(sorted(rows, key=lambda row: (row[1].lower(), row[0])))
