"""The Stockholm list: an OData feed of InforMEA ``Contact`` entities, paged by the client or the server.

Over HTTP, :meth:`StockholmSource.fetch` reads the whole feed (see :mod:`sync.sources.odata`) and returns the
records as one UTF-8 JSON array, the same shape as the offline file, so :meth:`StockholmSource.parse` reads
either (or a single page).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from registry.contacts.models import CONTACT_FIELDS
from sync.records import Fetched, ParsedList, RawRecord, RowProblem, SourceError
from sync.sources.http import (
    DEFAULT_RETRY,
    DEFAULT_TIMEOUT,
    Fetcher,
    HttpClient,
    RetryPolicy,
    now_utc,
)
from sync.sources.limits import DEFAULT_LIMITS, Limits, too_long
from sync.sources.odata import Feed, dump_records, entries, id_of, load_json, page_url, read_page

REQUIRED_KEYS = ("id", "country", "firstName", "lastName", "type")
# Entity key -> RawRecord field; "id" and "updated" are read on their own, other keys are ignored.
FIELDS = {
    "country": "country",
    "prefix": "title",
    "firstName": "given_name",
    "lastName": "family_name",
    "position": "position",
    "institution": "organization",
    "department": "department",
    "address": "address",
    "email": "emails",
    "phoneNumber": "phones",
    "fax": "faxes",
    "type": "role",
}
# Milliseconds since the epoch: 18 digits reach far past year 9999 (a longer number is no date at all).
_MS_DATE = re.compile(r"/Date\((-?\d{1,18})([+-]\d{4})?\)/")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class StockholmSource(Fetcher):
    """Reads the Stockholm OData feed (or its offline copy, a JSON array of records)."""

    convention = "stockholm"
    covers = frozenset(CONTACT_FIELDS) - {"website"}  # no website field
    address_layout = "line"

    def __init__(
        self,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY,
        page_size: int = 100,
        max_pages: int = 10_000,
    ) -> None:
        super().__init__(timeout=timeout, retry=retry)
        self.page_size = page_size
        self.max_pages = max_pages

    def download(self, client: HttpClient, location: str, etag: str | None, limits: Limits) -> Fetched:
        """The whole feed as one JSON array (bytes), ids de-duplicated (first kept).

        ``etag`` makes the first page conditional: a 304 there returns ``not_modified`` and no content.
        Raises :class:`SourceError` for a feed that cannot be read whole (see :class:`.odata.Feed`).
        """
        collection = contacts_url(location)
        first_url = page_url(collection, 0, self.page_size)
        first = client.get(first_url, etag=etag)
        if first.status == 304:
            return Fetched(location, b"", now_utc(), etag=first.etag or etag, not_modified=True)
        feed = Feed(
            client, self.label, collection, page_size=self.page_size, max_pages=self.max_pages, limits=limits
        )
        records = feed.records(read_page(self.label, first.body, first_url, limits))
        return Fetched(location, dump_records(self.label, records), now_utc(), etag=first.etag)

    def parse(self, content: bytes, limits: Limits = DEFAULT_LIMITS) -> ParsedList:
        """Every record as a :class:`RawRecord`, ``source_ref`` "id <id>" (or "record <n>" without an id).

        Accepts a JSON array of records or an OData page: ``{"d": {"results": [...]}}``, ``{"value": [...]}``.
        Raises :class:`SourceError` for content that is not such JSON, or when no record has one of the
        required keys (a renamed field); :class:`~sync.sources.limits.LimitExceeded` for JSON beyond
        ``limits``. An entry that is not an object is skipped with a problem; a record without an id, with
        a field that is not text, or with a date that is not one, is kept with a problem. Unknown keys are
        ignored.
        """
        found = page_records(self.label, content, limits)
        _check_keys(self.label, found)
        records: list[RawRecord] = []
        problems: list[RowProblem] = []
        for number, entry in enumerate(found, start=1):
            if not isinstance(entry, dict):
                problems.append(
                    RowProblem(f"record {number}", f"is a JSON {type(entry).__name__}, not an object")
                )
                continue
            record, record_problems = _record(number, entry)
            records.append(record)
            problems.extend(record_problems)
        return ParsedList(self.convention, tuple(records), tuple(problems))


def contacts_url(location: str) -> str:
    """The ``Contacts`` collection under the configured base URL (which may already name it)."""
    base = location.rstrip("/")
    return base if base.rsplit("/", 1)[-1].lower() == "contacts" else f"{base}/Contacts"


def page_records(label: str, content: bytes, limits: Limits = DEFAULT_LIMITS) -> list[Any]:
    """The entries of a JSON array of records or of an OData page, at most ``limits.max_rows`` of them."""
    records = entries(label, load_json(label, content, limits))
    if len(records) > limits.max_rows:
        raise too_long(label, limits)
    return records


def _check_keys(label: str, found: list[Any]) -> None:
    present = {key for entry in found if isinstance(entry, dict) for key in entry}
    missing = [key for key in REQUIRED_KEYS if key not in present]
    if found and missing:
        raise SourceError(f"{label}: no record has the field(s) {', '.join(missing)} (renamed in the feed?)")


def _record(number: int, entry: dict[str, Any]) -> tuple[RawRecord, list[RowProblem]]:
    ident = id_of(entry)
    source_ref = f"id {ident}" if ident is not None else f"record {number}"
    problems = [] if ident is not None else [RowProblem(source_ref, "has no id; kept without one")]
    fields: dict[str, str | None] = {}
    for key, field in FIELDS.items():
        fields[field], problem = _text(entry.get(key), key)
        if problem:
            problems.append(RowProblem(source_ref, problem))
    designated_on, problem = _updated(entry.get("updated"))
    if problem:
        problems.append(RowProblem(source_ref, problem))
    record = RawRecord("stockholm", source_ref, source_id=ident, designated_on=designated_on, **fields)
    return record, problems


def _text(value: Any, key: str) -> tuple[str | None, str | None]:
    """A field as written (numbers as their text), and a complaint when it holds a list, object or bool."""
    if value is None or value == "":
        return None, None
    if isinstance(value, str):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value), None
    return None, f"field {key} holds a JSON {type(value).__name__}, not text; left empty"


def _updated(value: Any) -> tuple[dt.date | None, str | None]:
    """The UTC date of ``updated`` (``/Date(ms)/``, ``/Date(ms+hhmm)/``, ISO 8601); a complaint if not."""
    if value is None or value == "":
        return None, None
    shown = repr(value) if len(repr(value)) <= 60 else f"{repr(value)[:57]}..."
    if not isinstance(value, str):
        return None, f"updated {shown} is not a /Date(ms)/ or ISO 8601 date; kept without it"
    try:
        day = _date(value.strip())
    except OverflowError:  # a real date format, but past the calendar's ends (year 1 to 9999)
        return None, f"updated {shown} is outside the calendar (years 1 to 9999); kept without it"
    if day is None:
        return None, f"updated {shown} is not a /Date(ms)/ or ISO 8601 date; kept without it"
    return day, None


def _date(text: str) -> dt.date | None:
    """The UTC date ``text`` writes, None when it is no date; OverflowError past the calendar's ends."""
    match = _MS_DATE.fullmatch(text)
    if match:
        # The milliseconds count from the epoch in UTC; the offset only says where the writer was.
        return (_EPOCH + dt.timedelta(milliseconds=int(match.group(1)))).date()
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return (parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed).date()
