"""The typed, frozen model of a site, and `assemble()`, which links checked records into one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

STANCES = ("congratulatory", "hopeful", "cautious", "critical", "neutral")
ACTS = (
    "congratulation",
    "message",
    "phone call",
    "press remarks",
    "declined to comment",
    "no comment yet",
)
SILENT_ACTS = ("declined to comment", "no comment yet")  # a reaction with no words of its own
SOURCE_KINDS = ("primary", "report")  # the speaker's own words, or an outlet reporting them


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    description: str
    base_url: str  # absolute, ends with "/"
    language: str
    timezone: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    title: str
    publisher: str
    accessed: str
    archive_url: str
    kind: str = "report"  # "primary" | "report"


@dataclass(frozen=True, slots=True)
class When:
    """A moment as written: either an exact, offset-aware time or only a day."""

    written: str
    moment: datetime | None  # aware; None when only the day is known
    day: date  # the day as written (in the writer's own offset)

    @property
    def is_exact(self) -> bool:
        return self.moment is not None


@dataclass(frozen=True, slots=True)
class Milestone:
    """One moment of an event (polls closed, race called, concession)."""

    label: str
    moment: datetime  # aware
    written: str  # the date as written
    reference: bool  # "time since the event" is measured from this one


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    title: str
    moment: datetime
    summary: str
    markdown: str  # the Markdown beside the YAML, rendered by the pages stage
    path: str
    milestones: tuple[Milestone, ...] = ()  # in time order
    watch_organizations: tuple[str, ...] = ()  # organisation ids listed when they have not reacted

    @property
    def reference(self) -> datetime:
        """The moment reactions are measured from: the reference milestone, else `date`."""
        return next((m.moment for m in self.milestones if m.reference), self.moment)


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, upper case
    name: str
    slug: str
    region: str
    subregion: str
    flag: str


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    short_name: str
    markdown: str  # the Markdown beside the YAML, rendered by the pages stage
    path: str


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    native_name: str
    native_language: str
    country: str  # a country code, or "" when the person speaks for an organisation
    organization: str
    role: str
    links: tuple[tuple[str, str], ...]
    markdown: str  # the Markdown beside the YAML, rendered by the pages stage
    path: str


@dataclass(frozen=True, slots=True)
class Actor:
    """Who a statement speaks for: a country or an organisation."""

    type: str  # "country" | "organization"
    id: str  # country code or organisation id
    name: str
    flag: str


@dataclass(frozen=True, slots=True)
class Translation:
    language: str  # BCP 47
    text: str
    by: str  # who translated it: an outlet or an editor; "" when not said


@dataclass(frozen=True, slots=True)
class Correction:
    written: str  # the date as written
    day: date
    note: str


@dataclass(frozen=True, slots=True)
class Statement:
    id: str
    event: str
    speaker: str
    on_behalf_of: str  # as written; "" when the speaker's own country or organisation
    actor_type: str  # "country" | "organization", resolved by the validator
    actor_id: str  # country code or organisation id
    role: str
    when: When
    platform: str
    quote: str
    language: str
    translation: str
    stance: str
    tags: tuple[str, ...]
    sources: tuple[Source, ...]
    draft: bool
    markdown: str  # the Markdown beside the YAML, rendered by the pages stage
    path: str
    act: str = ""  # one of ACTS, or "" when not said
    translations: tuple[Translation, ...] = ()  # besides the single `translation`
    corrections: tuple[Correction, ...] = ()  # in date order

    @property
    def is_silent(self) -> bool:
        """True when the reaction was to decline, or not yet to comment."""
        return self.act in SILENT_ACTS


@dataclass(frozen=True, slots=True)
class Records:
    """Checked records, before they are linked together."""

    config: SiteConfig
    events: tuple[Event, ...]
    people: tuple[Person, ...]
    organizations: tuple[Organization, ...]
    countries: Mapping[str, Country]  # every known country, built in and overridden
    statements: tuple[Statement, ...]
    # statement id -> a digest of all it was made from (record_cache.py); may be partial
    digests: Mapping[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Site:
    """Everything a build needs to know, with the indexes pages are made from."""

    config: SiteConfig
    events: Mapping[str, Event]
    people: Mapping[str, Person]
    organizations: Mapping[str, Organization]
    countries: Mapping[str, Country]  # only those that have statements
    statements: tuple[Statement, ...]  # in time order
    actor_of: Mapping[str, Actor]  # statement id -> actor
    by_event: Mapping[str, tuple[Statement, ...]]
    by_person: Mapping[str, tuple[Statement, ...]]
    by_country: Mapping[str, tuple[Statement, ...]]
    by_organization: Mapping[str, tuple[Statement, ...]]
    known_countries: Mapping[str, Country] = field(default_factory=dict)  # every known country


def sort_key(statement: Statement) -> tuple[datetime, int, str]:
    """Time order: exact moments at their instant; a known-only day sorts after that day's start."""
    when = statement.when
    if when.moment is not None:
        return (when.moment, 0, statement.id)
    start = datetime.combine(when.day, datetime.min.time(), tzinfo=ZoneInfo("UTC"))
    return (start, 1, statement.id)


def _actor(statement: Statement, records: Records) -> Actor:
    if statement.actor_type == "country":
        country = records.countries[statement.actor_id]
        return Actor("country", country.code, country.name, country.flag)
    org = next(o for o in records.organizations if o.id == statement.actor_id)
    return Actor("organization", org.id, org.short_name or org.name, "")


_EPOCH = datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC"))
_MICROSECOND = timedelta(microseconds=1)


def order_key(statement: Statement) -> tuple[int, int, str]:
    """`sort_key` with the instant as microseconds since 1970: the same order, sorted several
    times faster (aware datetimes are converted to UTC at every comparison)."""
    moment, late, statement_id = sort_key(statement)
    return ((moment - _EPOCH) // _MICROSECOND, late, statement_id)


def assemble(records: Records) -> Site:
    """Link checked records: sort statements and index them by event, person and actor."""
    people = {p.id: p for p in records.people}
    statements = tuple(sorted(records.statements, key=order_key))
    actor_of: dict[str, Actor] = {}
    actors: dict[tuple[str, str], Actor] = {}
    by_event: dict[str, list[Statement]] = defaultdict(list)
    by_person: dict[str, list[Statement]] = defaultdict(list)
    by_country: dict[str, list[Statement]] = defaultdict(list)
    by_org: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:  # one pass: every list is built in time order
        actor = actors.get((statement.actor_type, statement.actor_id))
        if actor is None:
            actor = actors[statement.actor_type, statement.actor_id] = _actor(statement, records)
        actor_of[statement.id] = actor
        by_event[statement.event].append(statement)
        by_person[statement.speaker].append(statement)
        (by_country if actor.type == "country" else by_org)[actor.id].append(statement)
    return Site(
        config=records.config,
        events={e.id: e for e in sorted(records.events, key=lambda e: (e.moment, e.id))},
        people=dict(sorted(people.items())),
        organizations={o.id: o for o in sorted(records.organizations, key=lambda o: o.id)},
        countries={code: records.countries[code] for code in sorted(by_country)},
        statements=statements,
        actor_of=actor_of,
        by_event=_freeze(by_event),
        by_person=_freeze(by_person),
        by_country=_freeze(by_country),
        by_organization=_freeze(by_org),
        known_countries=records.countries,
    )


def _freeze(index: dict[str, list[Statement]]) -> dict[str, tuple[Statement, ...]]:
    return {key: tuple(items) for key, items in sorted(index.items())}
