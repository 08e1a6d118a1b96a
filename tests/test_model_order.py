"""Statements sort by `order_key` exactly as by `sort_key` (the instant, then day-only last)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from site_gen.model import Statement, When, order_key, sort_key

OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
MOMENTS = st.builds(
    lambda base, zone: base.replace(tzinfo=zone),
    st.datetimes(datetime(1990, 1, 1), datetime(2040, 1, 1)),
    OFFSETS,
)
WHENS = st.one_of(
    MOMENTS.map(lambda m: When(m.isoformat(), m, m.date())),
    st.dates(date(1990, 1, 1), date(2040, 1, 1)).map(lambda d: When(d.isoformat(), None, d)),
)


def _statement(number: int, when: When) -> Statement:
    return Statement(
        f"s{number}", "e", "p", "", "country", "FR", "", when, "", "q", "en", "", "neutral",
        (), (), False, "", f"s{number}.yaml",
    )  # fmt: skip


@given(st.lists(WHENS, min_size=2, max_size=30))
def test_order_key_sorts_as_sort_key(whens: list[When]) -> None:
    statements = [_statement(i, when) for i, when in enumerate(whens)]
    assert sorted(statements, key=order_key) == sorted(statements, key=sort_key)


def test_the_same_instant_in_two_offsets_ties_on_the_id() -> None:
    paris = datetime(2024, 11, 6, 12, 0, tzinfo=timezone(timedelta(hours=1)))
    later_id = _statement(2, When("", paris, paris.date()))
    utc = paris.astimezone(UTC)
    earlier_id = _statement(1, When("", utc, utc.date()))
    assert sorted([later_id, earlier_id], key=order_key) == [earlier_id, later_id]
