"""The registry's clock: the one place that says what time it is.

Everything that records a time or compares one with a deadline (a session's idle limit, a link's or a
token's expiry, a rate limit's window, a change's timestamp) asks :func:`now`, through
:func:`registry.db.utcnow`. The clock can be replaced (:func:`set_clock`), so that a test of a 7-day expiry
moves time forward instead of sleeping, in the test's thread and in a served app's threads alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """The machine's time, in UTC."""
    return dt.datetime.now(dt.UTC)


_clock: Clock = system_clock


def now() -> dt.datetime:
    """The current time, timezone-aware in UTC, as the clock in use tells it."""
    return _clock()


def set_clock(clock: Clock | None) -> None:
    """Use ``clock`` from now on (None: the machine's time again)."""
    global _clock
    _clock = clock or system_clock
