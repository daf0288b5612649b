"""The three convention lists: fetch each one's bytes, then parse them into rows as written.

``fetch()`` does I/O only (HTTP with retries, or a local file) and never parses; ``parse()`` is pure and
turns bytes into a :class:`ParsedList` of :class:`RawRecord`, cells unnormalized. Nothing outside this
package knows a list's column names.
"""

from __future__ import annotations

from typing import Protocol

import requests

from sync.records import Fetched, ParsedList
from sync.sources.basel import BaselSource
from sync.sources.http import Received, RetryPolicy
from sync.sources.limits import DEFAULT_LIMITS, LimitExceeded, Limits
from sync.sources.rotterdam import RotterdamSource
from sync.sources.stockholm import StockholmSource

__all__ = [
    "DEFAULT_LIMITS",
    "SOURCES",
    "BaselSource",
    "LimitExceeded",
    "Limits",
    "RetryPolicy",
    "RotterdamSource",
    "Source",
    "StockholmSource",
    "get_source",
]


class Source(Protocol):
    """One convention's list: where its bytes come from and how to read them."""

    convention: str
    #: The contact fields (API names) the list gives; the others it cannot confirm or contradict.
    covers: frozenset[str]
    #: How it writes an address: "parts" (street, city, postal code), "line" ("street, postal code city"),
    #: or "line_with_organization" ("[department, ]organization, street, postal code city").
    address_layout: str

    def fetch(
        self,
        location: str,
        *,
        etag: str | None = None,
        session: requests.Session | None = None,
        limits: Limits = DEFAULT_LIMITS,
        received: Received | None = None,
    ) -> Fetched:
        """The list's bytes from an http(s) URL, a ``file://`` URL or a local path; ``not_modified`` on a 304.

        The whole download keeps within ``limits`` (bytes and wall-clock seconds); ``received`` hears the
        bytes read so far. Raises :class:`~sync.records.SourceError` when the list cannot be fetched
        (:class:`LimitExceeded` when it crosses a limit).
        """
        ...

    def parse(self, content: bytes, limits: Limits = DEFAULT_LIMITS) -> ParsedList:
        """The list's rows as written, plus the rows it could not read; within ``limits``.

        Raises :class:`~sync.records.SourceError` when the list as a whole cannot be read
        (:class:`LimitExceeded` when it crosses a limit).
        """
        ...


SOURCES: dict[str, Source] = {
    "basel": BaselSource(),
    "rotterdam": RotterdamSource(),
    "stockholm": StockholmSource(),
}


def get_source(convention: str) -> Source:
    """The source for ``convention`` ("basel", "rotterdam" or "stockholm"); ValueError for any other name."""
    try:
        return SOURCES[convention]
    except KeyError:
        raise ValueError(f"unknown convention {convention!r}; expected one of {', '.join(SOURCES)}") from None
