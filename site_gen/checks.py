"""Checks of the records that statements refer to: site settings, countries, events, people."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from site_gen.countries import slugify
from site_gen.errors import Problem
from site_gen.extra_fields import read_milestones, read_watch_organizations
from site_gen.fields import Fields, did_you_mean, is_web_url
from site_gen.model import (
    Country,
    Event,
    Organization,
    Person,
    SiteConfig,
)
from site_gen.sources import Document, is_reserved

# codes people write that ISO 3166-1 spells otherwise
COMMON_MISTAKES = {"UK": "GB", "EL": "GR", "EN": "GB", "KO": "KR", "SP": "ES"}
SITE_FIELDS = ("title", "description", "base_url", "language", "timezone")
EVENT_FIELDS = ("title", "date", "summary", "milestones", "watch_organizations")
PERSON_FIELDS = (
    "name",
    "native_name",
    "native_language",
    "country",
    "organization",
    "role",
    "links",
)
ORGANIZATION_FIELDS = ("name", "short_name")
COUNTRY_FIELDS = ("name", "region", "subregion")


def check_site_config(doc: Document, problems: list[Problem]) -> SiteConfig:
    f = Fields(doc, SITE_FIELDS)
    title = f.text("title", required=True, example="World Reactions")
    base_url = f.url("base_url", required=True)
    timezone = f.text("timezone") or "UTC"
    try:
        zone(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        f.error(
            ("timezone",),
            f"'timezone' is {timezone!r}, which is not an IANA time zone",
            did_you_mean(timezone, available_timezones()) or "e.g. UTC or Europe/Paris",
        )
        timezone = "UTC"
    problems += f.problems
    return SiteConfig(
        title=title,
        description=f.text("description"),
        base_url=base_url.rstrip("/") + "/" if base_url else "https://example.org/",
        language=f.language("language", default="en"),
        timezone=timezone,
    )


def with_base_url(config: SiteConfig, base_url: str) -> SiteConfig | None:
    """The config with `--base-url` applied, or None when it is not an http(s) address."""
    if not is_web_url(base_url):
        return None
    return SiteConfig(
        config.title,
        config.description,
        base_url.rstrip("/") + "/",
        config.language,
        config.timezone,
    )


def zone(name: str) -> ZoneInfo:
    if not name or name.startswith(("/", ".")) or ".." in name:
        raise ValueError(name)
    return ZoneInfo(name)


def check_country(doc: Document, countries: dict[str, Country], problems: list[Problem]) -> None:
    f = Fields(doc, COUNTRY_FIELDS)
    code = doc.id.upper()
    if code not in countries:
        problems.append(
            Problem(
                doc.path,
                1,
                1,
                f"{doc.id!r} is not an ISO 3166-1 alpha-2 code",
                did_you_mean(code, countries) or "name the file after the code, e.g. cd.yaml",
            )
        )
        return
    base = countries[code]
    name = f.text("name", limit=100) or base.name
    countries[code] = Country(
        code,
        name,
        slugify(name) or code.lower(),
        f.text("region") or base.region,
        f.text("subregion") or base.subregion,
        base.flag,
    )
    problems += f.problems


def check_country_slugs(
    countries: dict[str, Country], docs: list[Document], problems: list[Problem]
) -> None:
    """Two countries may not share an address, nor have one that Windows cannot store."""
    paths = {doc.id.upper(): doc.path for doc in docs}
    seen: dict[str, str] = {}
    for code, country in countries.items():
        where = paths.get(code, "content/countries/")
        if is_reserved(country.slug):
            problems.append(
                Problem(
                    where,
                    1,
                    1,
                    f"{code} would be at /countries/{country.slug}/, a name Windows reserves",
                    "give it another name",
                )
            )
        if country.slug in seen:
            other = seen[country.slug]
            first = paths.get(other, f"the built-in {other}")
            this = paths.get(code, f"the built-in {code}")
            problems.append(
                Problem(
                    paths.get(code) or paths.get(other) or where,
                    1,
                    1,
                    f"{code} ({this}) and {other} ({first}) would both be at "
                    f"/countries/{country.slug}/",
                    "give one of them another name",
                )
            )
        seen[country.slug] = code


def check_event(
    doc: Document, zone: ZoneInfo, problems: list[Problem], org_ids: set[str] | None = None
) -> Event | None:
    f = Fields(doc, EVENT_FIELDS)
    title = f.text("title", required=True, example="2024 US presidential election")
    when = f.when("date", required=True)
    summary = f.text("summary")
    milestones = read_milestones(f, zone)
    watch = read_watch_organizations(f, org_ids or set())
    problems += f.problems
    if when is None or not title:
        return None
    moment = when.moment or datetime.combine(when.day, datetime.min.time(), tzinfo=zone)
    return Event(doc.id, title, moment, summary, doc.markdown or "", doc.path, milestones, watch)


def check_organization(doc: Document, problems: list[Problem]) -> Organization | None:
    f = Fields(doc, ORGANIZATION_FIELDS)
    name = f.text("name", required=True, example="European Union")
    problems += f.problems
    if not name:
        return None
    return Organization(doc.id, name, f.text("short_name"), doc.markdown or "", doc.path)


def check_person(
    doc: Document, countries: dict[str, Country], org_ids: set[str], problems: list[Problem]
) -> Person | None:
    f = Fields(doc, PERSON_FIELDS)
    name = f.text("name", required=True, example="Narendra Modi")
    before = len(f.problems)
    country = f.text("country")
    organization = f.ident("organization")
    unreadable = len(f.problems) > before  # already reported: `country: NO`, `organization: 1.5`
    if country and organization:
        f.error(
            ("organization",),
            "a person has a 'country' or an 'organization', not both",
            "keep the one they speak for by default",
        )
    elif not country and not organization and not unreadable:
        f.error(
            ("organization" if "organization" in f.data else "country",),
            "the required field 'country' (or 'organization') is missing",
            "add `country: IN` or `organization: eu`",
        )
    if country:
        country = country_code(f, ("country",), country, countries)
    if organization and organization not in org_ids:
        f.error(
            ("organization",),
            f"unknown organization {organization!r}",
            did_you_mean(organization, org_ids) or "add it under content/organizations/",
        )
    person = Person(
        id=doc.id,
        name=name,
        native_name=f.text("native_name"),
        native_language=f.language("native_language", default=""),
        country=country,
        organization=organization,
        role=f.text("role"),
        links=f.links("links"),
        markdown=doc.markdown or "",
        path=doc.path,
    )
    problems += f.problems
    return person if name else None


def country_code(f: Fields, key: tuple[str, ...], value: str, countries: dict[str, Country]) -> str:
    if value in countries:
        return value
    if value.upper() in countries:
        f.error(
            key,
            f"{key[-1]!r} is {value!r}; country codes are upper case",
            f"write {value.upper()!r}",
        )
    else:
        names = {c.name.lower(): c.code for c in countries.values()}
        near = COMMON_MISTAKES.get(value.upper()) or names.get(value.lower())
        hint = f"did you mean {near!r}?" if near else ""
        f.error(
            key,
            f"{key[-1]!r} is {value!r}, which is not an ISO 3166-1 alpha-2 code",
            hint or "use the two-letter code, e.g. IN for India",
        )
    return ""
