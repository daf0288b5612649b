"""A clock that tests move forward (``clock.advance(days=7)``) instead of sleeping: the registry's clock
(registry.clock) for the test's thread and a served app's threads alike, put back afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from registry.clock import set_clock, system_clock


class MovedClock:
    """The machine's time plus an offset that only grows (time still passes between two readings)."""

    def __init__(self) -> None:
        self.offset = dt.timedelta(0)

    def __call__(self) -> dt.datetime:
        return system_clock() + self.offset

    def advance(self, **delta: float) -> None:
        """Move the clock forward by ``delta`` (``days=7``, ``minutes=61``)."""
        self.offset += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Iterator[MovedClock]:
    moved = MovedClock()
    set_clock(moved)
    try:
        yield moved
    finally:
        set_clock(None)
