"""The plain, immutable records that pass between the stages of a sync run.

fetch -> :class:`Fetched` (bytes, as served) -> parse -> :class:`RawRecord` (cells as written)
-> normalize -> :class:`ListRecord` (what the list says, in comparable form).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class SourceError(Exception):
    """A list cannot be read at all (unreachable, malformed file, unknown or missing columns).

    The message is written for the operator who reads the run's report.
    """


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a fetch brought back: the list's content as bytes, and what to remember for the next run."""

    location: str
    content: bytes
    fetched_at: dt.datetime
    etag: str | None = None
    not_modified: bool = False


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One row of a convention's list, its cells as written (``None``: a cell the list lacks or left empty).

    ``address`` is the Basel street cell, the Rotterdam address blob or the Stockholm free-text
    address; ``city`` and ``postal_code`` come only from Basel; ``full_name`` only from Rotterdam
    (which has no separate name columns); ``source_id`` only from Stockholm (a GUID stable for a
    designation).
    """

    convention: str
    source_ref: str
    country: str | None = None
    role: str | None = None
    scope: str | None = None
    title: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    full_name: str | None = None
    position: str | None = None
    department: str | None = None
    organization: str | None = None
    address: str | None = None
    city: str | None = None
    postal_code: str | None = None
    phones: str | None = None
    faxes: str | None = None
    emails: str | None = None
    website: str | None = None
    source_id: str | None = None
    designated_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that could not be read; the rest of the list still is."""

    source_ref: str
    message: str
    code: str = "malformed_row"


@dataclass(frozen=True, slots=True)
class ParsedList:
    """A whole list after parsing: its rows and the rows it could not read."""

    convention: str
    records: tuple[RawRecord, ...]
    problems: tuple[RowProblem, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Person:
    """A contact's values as a list gives them, cleaned into the registry's form.

    ``address_text`` is the list's own one-line address (Rotterdam, Stockholm) when it has no separate
    street, city and postal code; ``street``/``city``/``postal_code`` are then parsed from it, as well as
    they can be. ``covers`` names the fields the list really gives (a Rotterdam row has no website).
    """

    title: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    position: str | None = None
    department: str | None = None
    organization: str | None = None
    street: str | None = None
    city: str | None = None
    postal_code: str | None = None
    address_text: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    faxes: tuple[str, ...] = ()
    unparsed_phones: tuple[str, ...] = ()
    website: str | None = None
    covers: frozenset[str] = frozenset()

    @property
    def is_named(self) -> bool:
        return bool(self.given_name or self.family_name)


@dataclass(frozen=True, slots=True)
class ListRecord:
    """One designation as a list states it, normalized: the party's registry code, the role, the person."""

    convention: str
    source_ref: str
    party: str
    role: str
    person: Person
    scope: str | None = None
    is_transit: bool = False
    source_id: str | None = None
    designated_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class RowWarning:
    """Something about a list row that a person should look at (the contract's ``warnings``)."""

    code: str
    message: str
    source_ref: str


def quoted(value: object, limit: int = 80) -> str:
    """A cell's value quoted for a message, cut to ``limit`` characters (a report never carries a whole
    hostile cell)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
