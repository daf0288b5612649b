"""How a fetch retries: how many tries, and how long to wait between them (or as long as the server asks)."""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How one fetch retries: at most ``attempts`` tries per request, within the fetch's time budget.

    Pauses grow from ``base_delay`` by doubling, up to ``max_delay``, plus up to ``jitter`` (a fraction) more.
    ``sleep`` and ``clock`` (what the budget is measured with) are injectable so that tests need not wait.
    """

    attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0
    jitter: float = 0.1
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("a retry policy needs at least one attempt")

    def backoff(self, retry: int) -> float:
        """The pause in seconds before retry number ``retry`` (1 for the first retry)."""
        delay = min(self.max_delay, self.base_delay * 2.0 ** (retry - 1))
        return delay + random.uniform(0, self.jitter * delay)


DEFAULT_RETRY = RetryPolicy()


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """The seconds a ``Retry-After`` header asks to wait (seconds or an HTTP date); None if unreadable."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # str.isdigit() also takes "²", which float() refuses
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    try:
        return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())
    except OverflowError:  # a date at the edge of the calendar, shifted by its offset
        return None
