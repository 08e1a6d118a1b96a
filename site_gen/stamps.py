"""Timestamps taken from the content (never the clock): a statement's moment, as text."""

from __future__ import annotations

from datetime import UTC, datetime

from site_gen.model import Statement, sort_key


def utc_text(moment: datetime) -> str:
    """`2024-11-06T08:35:00Z`: an aware moment in UTC, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def moment_of(statement: Statement) -> datetime:
    """The exact moment, or the start of the day (UTC) when only the day is known."""
    return sort_key(statement)[0].astimezone(UTC)


def lastmod_text(statement: Statement) -> str:
    """W3C datetime for a sitemap: the UTC moment, or the day as written when only that is known."""
    moment = statement.when.moment
    if moment is None:
        return statement.when.day.isoformat()
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()
