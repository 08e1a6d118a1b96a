"""Chart geometry computed at build time: who reacted first, and stance by region."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from site_gen.model import STANCES, Event
from site_gen.views import ORGANIZATIONS_REGION, Card, since_label

WIDTH = 400  # SVG user units; the SVG scales to its box
LABEL_WIDTH = 124  # room for the row labels on the left
RIGHT_PAD = 14
ROW = 26
TOP = 30  # room for the axis labels
LABEL_CHARS = 14  # at 14px, about the widest that fits in LABEL_WIDTH
FIRST_RANKS = 30  # the chart and its list stop here; the timeline below has every statement
_STEPS = (15, 30, 60, 120, 180, 360, 720, 1440, 2880, 4320, 10080, 20160, 43200)


@dataclass(frozen=True, slots=True)
class Reaction:
    """One row of the "who reacted first" chart and list."""

    card: Card
    rank: int  # 1 = first; statements that may have come in either order share a rank
    tied: bool
    exact: bool
    label: str  # "+3 h 35 min", or "6 November 2024 (time not known)"
    name: str  # the row label, shortened to fit
    y: float
    x: float  # a point, or the start of a day band
    width: float  # 0 for a point


@dataclass(frozen=True, slots=True)
class FirstChart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    zero_x: float  # where the event moment is
    ticks: tuple[tuple[float, str], ...]
    rows: tuple[Reaction, ...]
    total: int  # statements in the event; more than len(rows) when the chart stops early


@dataclass(frozen=True, slots=True)
class Segment:
    stance: str
    count: int
    x: float
    width: float
    href: str  # the event timeline filtered to this region and stance


@dataclass(frozen=True, slots=True)
class RegionRow:
    region: str
    total: int
    y: float
    segments: tuple[Segment, ...]
    counts: tuple[tuple[str, int, str], ...]  # (stance, count, href) for every stance


@dataclass(frozen=True, slots=True)
class RegionChart:
    width: int
    height: int
    plot_left: float
    rows: tuple[RegionRow, ...]
    stances: tuple[str, ...]  # columns of the table: stances present
    regions_path: str  # the timeline's path, for links


def _interval(card: Card, event: Event, zone: ZoneInfo) -> tuple[float, float]:
    """Minutes from the event moment: a point, or the whole day in the site's time zone."""
    moment = card.statement.when.moment
    if moment is not None:
        minutes = (moment - event.moment).total_seconds() / 60
        return minutes, minutes
    start = datetime.combine(card.day, datetime.min.time(), tzinfo=zone)
    lo = (start - event.moment).total_seconds() / 60
    return lo, lo + 24 * 60


def rank_intervals(intervals: Sequence[tuple[float, float]]) -> list[int]:
    """Rank 1 + how many surely came before (ended before this one could start); ties share."""
    ends = sorted(hi for _, hi in intervals)
    return [1 + bisect_left(ends, lo) for lo, _ in intervals]


def first_reactions(event: Event, cards: Sequence[Card], zone: ZoneInfo) -> FirstChart | None:
    """The reactions that may have come first, on a time axis from the event moment.

    Ranked without guessing: a statement's rank is 1 + the statements that surely came before
    it. Every statement ranked at most FIRST_RANKS is shown (ties are never split), so a big
    event gets a chart a reader can take in, and the axis spans only what is drawn.
    """
    if not cards:
        return None
    intervals = [_interval(c, event, zone) for c in cards]
    ranks = rank_intervals(intervals)
    shown = [i for i in range(len(cards)) if ranks[i] <= FIRST_RANKS]
    order = sorted(shown, key=lambda i: (ranks[i], intervals[i], cards[i].path))
    lo = min(0.0, *(intervals[i][0] for i in shown))
    hi = max(60.0, *(intervals[i][1] for i in shown))
    step = next((s for s in _STEPS if (hi - lo) / s <= 6), _STEPS[-1])
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    left, right = float(LABEL_WIDTH), float(WIDTH - RIGHT_PAD)

    def x_of(minutes: float) -> float:
        return round(left + (minutes - lo) / (hi - lo) * (right - left), 1)

    ticks = tuple((x_of(m), _tick_label(event, m)) for m in range(int(lo), int(hi) + 1, step))
    rank_count = Counter(ranks)
    rows = []
    for n, i in enumerate(order):
        card, (start, end) = cards[i], intervals[i]
        exact = start == end
        rows.append(
            Reaction(
                card=card,
                rank=ranks[i],
                tied=rank_count[ranks[i]] > 1,
                exact=exact,
                label=card.since_label if exact else f"{card.day_label} (time not known)",
                name=_shorten(card.actor.name),
                y=TOP + n * ROW + ROW / 2,
                x=x_of(start),
                width=0.0 if exact else round(x_of(end) - x_of(start), 1),
            )
        )
    height = TOP + len(rows) * ROW + 6
    return FirstChart(WIDTH, height, left, right, x_of(0), ticks, tuple(rows), len(cards))


def _tick_label(event: Event, minutes: int) -> str:
    if minutes == 0:
        return "event"
    return since_label(event.moment + timedelta(minutes=minutes), event.moment)


def _shorten(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def stance_by_region(cards: Sequence[Card], timeline_path: str) -> RegionChart | None:
    """Statements per region split by stance; organisations are a row of their own."""
    if not cards:
        return None
    table: dict[str, dict[str, int]] = {}
    for card in cards:
        row = table.setdefault(card.region, {})
        row[card.statement.stance] = row.get(card.statement.stance, 0) + 1
    regions = sorted(table, key=lambda r: (r == ORGANIZATIONS_REGION, -sum(table[r].values()), r))
    stances = tuple(s for s in STANCES if any(s in row for row in table.values()))
    most = max(sum(row.values()) for row in table.values())
    left = float(LABEL_WIDTH)
    scale = (WIDTH - RIGHT_PAD - 24 - left) / most  # 24: room for the total after the bar
    rows = []
    for n, region in enumerate(regions):
        x = left
        segments = []
        for stance in stances:
            count = table[region].get(stance, 0)
            if count:
                width = round(count * scale, 1)
                segments.append(
                    Segment(stance, count, round(x, 1), width, _filtered(region, stance))
                )
                x += width
        counts = tuple((s, table[region].get(s, 0), _filtered(region, s)) for s in stances)
        total = sum(table[region].values())
        rows.append(RegionRow(region, total, n * ROW, tuple(segments), counts))
    height = len(rows) * ROW + 4
    return RegionChart(WIDTH, height, left, tuple(rows), stances, timeline_path)


def _filtered(region: str, stance: str) -> str:
    """The query and fragment that the filter script applies on the timeline."""
    return "?" + urlencode({"region": region, "stance": stance}) + "#timeline"
