"""The staleness buckets: under a year, one to three years, over three, never confirmed."""

from __future__ import annotations

import datetime as dt

import pytest

from registry.coverage.staleness import staleness, years_before

TODAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    ("confirmed", "bucket"),
    [
        (dt.date(2026, 11, 29), "under_1_year"),
        (dt.date(2025, 11, 30), "under_1_year"),
        (dt.date(2025, 11, 29), "1_to_3_years"),
        (dt.date(2023, 11, 29), "1_to_3_years"),
        (dt.date(2023, 11, 28), "over_3_years"),
        (dt.date(1999, 1, 1), "over_3_years"),
        (None, "unconfirmed"),
    ],
)
def test_staleness_puts_each_day_in_its_bucket(confirmed: dt.date | None, bucket: str) -> None:
    assert staleness(confirmed, TODAY) == bucket


def test_staleness_of_a_day_after_today_is_fresh() -> None:
    # A list run's clock may be ahead of the server's by a moment: it is still a fresh confirmation.
    assert staleness(TODAY + dt.timedelta(days=1), TODAY) == "under_1_year"


def test_years_before_29_february_is_the_28th_in_a_common_year() -> None:
    assert years_before(dt.date(2028, 2, 29), 1) == dt.date(2027, 2, 28)


def test_years_before_keeps_the_day_in_a_leap_year() -> None:
    assert years_before(dt.date(2028, 2, 29), 4) == dt.date(2024, 2, 29)
