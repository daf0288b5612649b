"""How long ago a role's holders were last confirmed, in the buckets a secretariat asks about (pure)."""

from __future__ import annotations

import datetime as dt

# The buckets, freshest first; "unconfirmed": no list and not the party ever confirmed a current holder.
STALENESS: tuple[str, ...] = ("under_1_year", "1_to_3_years", "over_3_years", "unconfirmed")


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` years earlier (29 February becomes the 28th in a year that has none)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def staleness(last_confirmed: dt.date | None, today: dt.date) -> str:
    """The bucket of a confirmation on ``last_confirmed``, seen on ``today``: less than a year ago, one to
    three years (both included), more than three years, or never."""
    if last_confirmed is None:
        return "unconfirmed"
    if last_confirmed > years_before(today, 1):
        return "under_1_year"
    if last_confirmed >= years_before(today, 3):
        return "1_to_3_years"
    return "over_3_years"
