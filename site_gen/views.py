"""What templates show of a statement: labels, times and links computed once, in Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from site_gen import urls
from site_gen.model import Actor, Event, Site, Statement

RTL_LANGUAGES = {
    "ar",
    "arc",
    "ckb",
    "dv",
    "fa",
    "he",
    "ks",
    "ku-arab",
    "prs",
    "ps",
    "sd",
    "ug",
    "ur",
    "yi",
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


ORGANIZATIONS_REGION = "Organizations"


@dataclass(frozen=True, slots=True)
class Card:
    """One statement as lists and timelines show it."""

    statement: Statement
    path: str
    actor: Actor
    actor_path: str
    speaker_name: str
    speaker_path: str
    event_title: str
    event_path: str
    day: date  # the day it falls on in the site's time zone (or as written)
    day_label: str
    time_label: str  # "08:35 UTC", or "" when only the day is known
    given_label: str  # "14:05 (UTC+05:30)" as said, or "" when the same as time_label
    datetime_attr: str  # for <time datetime="...">
    since_label: str  # "+3 h 35 min" after the event moment, "" when unknown
    dir: str  # "rtl" or "ltr" for the quote
    region: str  # the actor's region ("Europe"), or "Organizations" for an organisation
    hour: int  # hour of the day in the site's time zone, -1 when only the day is known


def statement_title(speaker_name: str, event_title: str) -> str:
    """A statement page's title, also its search result's: `Kim Leader on Test election`."""
    return f"{speaker_name} on {event_title}"


def text_dir(language: str) -> str:
    tag = language.lower()
    return "rtl" if tag in RTL_LANGUAGES or tag.split("-")[0] in RTL_LANGUAGES else "ltr"


def day_label(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def since_label(moment: datetime, reference: datetime) -> str:
    """`+3 h 35 min`, `-20 min`, `+2 d 4 h`: the signed time from the reference moment."""
    minutes = round((moment - reference).total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} d"] if days else []
    if hours:
        parts.append(f"{hours} h")
    if minutes and not days:
        parts.append(f"{minutes} min")
    return sign + " ".join(parts or ["0 min"])


def _offset_label(moment: datetime) -> str:
    offset = moment.utcoffset()
    if not offset:
        return "UTC"
    total = int(offset.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def make_card(site: Site, statement: Statement, zone: ZoneInfo) -> Card:
    actor = site.actor_of[statement.id]
    speaker = site.people[statement.speaker]
    event: Event = site.events[statement.event]
    moment = statement.when.moment
    if moment is not None:
        local = moment.astimezone(zone)
        day = local.date()
        hour = local.hour
        # "%02d:%02d" is `f"{local:%H:%M}"` without strftime, a fifth of a card's making
        time_label = f"{hour:02d}:{local.minute:02d} {local.tzname()}"
        if moment.utcoffset() == local.utcoffset():
            given_label = ""
        else:
            given_label = f"{moment.hour:02d}:{moment.minute:02d} ({_offset_label(moment)})"
        datetime_attr = moment.isoformat()
        since = since_label(moment, event.reference)
    else:
        day = statement.when.day
        hour = -1
        time_label = given_label = since = ""
        datetime_attr = day.isoformat()
    return Card(
        statement=statement,
        path=urls.statement(statement.id),
        actor=actor,
        actor_path=actor_path(site, actor),
        speaker_name=speaker.name,
        speaker_path=urls.person(speaker.id),
        event_title=event.title,
        event_path=urls.event(event.id),
        day=day,
        day_label=day_label(day),
        time_label=time_label,
        given_label=given_label,
        datetime_attr=datetime_attr,
        since_label=since,
        dir=text_dir(statement.language),
        region=actor_region(site, actor),
        hour=hour,
    )


def actor_path(site: Site, actor: Actor) -> str:
    if actor.type == "country":
        return urls.country(site.countries[actor.id].slug)
    return urls.organization(actor.id)


def actor_region(site: Site, actor: Actor) -> str:
    if actor.type == "country":
        return site.countries[actor.id].region
    return ORGANIZATIONS_REGION
