"""The Stockholm list: an OData v2 feed of InforMEA ``Contact`` entities, paged with ``$top``/``$skip``.

Over HTTP, :meth:`StockholmSource.fetch` pages the feed and returns the records as one UTF-8 JSON array,
the same shape as the offline file, so :meth:`StockholmSource.parse` reads either (or a single page).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any

import requests

from registry.contacts.models import CONTACT_FIELDS
from sync.records import Fetched, ParsedList, RawRecord, RowProblem, SourceError
from sync.sources.http import (
    DEFAULT_RETRY,
    DEFAULT_TIMEOUT,
    Fetcher,
    HttpClient,
    RetryPolicy,
    is_http_url,
    now_utc,
    open_session,
    read_local,
)

logger = logging.getLogger(__name__)

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
_MS_DATE = re.compile(r"/Date\((-?\d+)([+-]\d{4})?\)/")
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

    def fetch(
        self, location: str, *, etag: str | None = None, session: requests.Session | None = None
    ) -> Fetched:
        """The whole feed as one JSON array (bytes), ids de-duplicated (first kept); or a local file's bytes.

        ``etag`` makes the first page conditional: a 304 there returns ``not_modified`` and no content.
        """
        if not is_http_url(location):
            return read_local(self.label, location)
        collection = contacts_url(location)
        with open_session(session) as http:
            client = self.client(http)
            first_url = page_url(collection, 0, self.page_size)
            first = client.get(first_url, etag=etag)
            if first.status == 304:
                return Fetched(location, b"", now_utc(), etag=first.etag or etag, not_modified=True)
            records = self._collect(client, collection, page_records(self.label, first.body, first_url))
        content = json.dumps(records, ensure_ascii=False).encode("utf-8")
        return Fetched(location, content, now_utc(), etag=first.etag)

    def _collect(self, client: HttpClient, collection: str, first: list[Any]) -> list[Any]:
        """The records of every page from ``first`` on, until a short, empty or repeated page."""
        listing = _Listing()
        page, skip, pages = first, 0, 1
        total = self._count(client, collection) if len(first) >= self.page_size else None
        while listing.add(page):
            skip += len(page)
            if len(page) < self.page_size or (total is not None and skip >= total):
                break
            if pages >= self.max_pages:
                raise SourceError(f"{self.label}: {collection} still had more after {pages} pages; gave up")
            url = page_url(collection, skip, self.page_size)
            page, pages = page_records(self.label, client.get(url).body, url), pages + 1
        if total is not None and len(listing.records) < total:
            logger.warning(
                "%s: %s counts %d records but served %d", self.label, collection, total, len(listing.records)
            )
        return listing.records

    def _count(self, client: HttpClient, collection: str) -> int | None:
        """The feed's ``$count``, or None when the server does not answer it (it is only a stopping aid)."""
        try:
            text = client.get(f"{collection}/$count", retries=False).body.decode("ascii").strip()
        except (SourceError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    def parse(self, content: bytes) -> ParsedList:
        """Every record as a :class:`RawRecord`, ``source_ref`` "id <id>" (or "record <n>" without an id).

        Accepts a JSON array of records or an OData page: ``{"d": {"results": [...]}}``, ``{"value": [...]}``.
        Raises :class:`SourceError` for content that is not such JSON, or when no record has one of the
        required keys (a renamed field). An entry that is not an object is skipped with a problem; a record
        without an id, or with a field that is not text, is kept with a problem. Unknown keys are ignored.
        """
        entries = page_records(self.label, content)
        _check_keys(self.label, entries)
        records: list[RawRecord] = []
        problems: list[RowProblem] = []
        for number, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict):
                problems.append(
                    RowProblem(f"record {number}", f"is a JSON {type(entry).__name__}, not an object")
                )
                continue
            record, record_problems = _record(number, entry)
            records.append(record)
            problems.extend(record_problems)
        return ParsedList(self.convention, tuple(records), tuple(problems))


class _Listing:
    """The records gathered so far, and what it takes to notice a server that repeats itself."""

    def __init__(self) -> None:
        self.records: list[Any] = []
        self._seen: set[str] = set()
        self._previous: list[Any] | None = None

    def add(self, page: list[Any]) -> bool:
        """Add a page's new records; False (adding nothing) for an empty page or one with nothing new."""
        if not page or page == self._previous:
            return False
        self._previous = page
        ids = [_id_of(entry) for entry in page]
        known = [ident for ident in ids if ident is not None]
        if known and all(ident in self._seen for ident in known):
            return False
        for entry, ident in zip(page, ids, strict=True):
            if ident is not None and ident in self._seen:
                continue
            if ident is not None:
                self._seen.add(ident)
            self.records.append(entry)
        return True


def contacts_url(location: str) -> str:
    """The ``Contacts`` collection under the configured base URL (which may already name it)."""
    base = location.rstrip("/")
    return base if base.rsplit("/", 1)[-1].lower() == "contacts" else f"{base}/Contacts"


def page_url(collection: str, skip: int, top: int) -> str:
    """The URL of one page of the feed."""
    return f"{collection}?$format=json&$top={top}&$skip={skip}"


def page_records(label: str, content: bytes, where: str = "") -> list[Any]:
    """The entries of a JSON array of records or of an OData page; :class:`SourceError` for anything else."""
    at = f" at {where}" if where else ""
    try:
        document = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{label}{at} is not JSON: {exc}") from exc
    if isinstance(document, dict):
        inner = document.get("d", document.get("value"))
        document = inner.get("results") if isinstance(inner, dict) else inner
    if not isinstance(document, list):
        raise SourceError(f"{label}{at} is neither a JSON array of records nor an OData page of them")
    return document


def _check_keys(label: str, entries: list[Any]) -> None:
    present = {key for entry in entries if isinstance(entry, dict) for key in entry}
    missing = [key for key in REQUIRED_KEYS if key not in present]
    if entries and missing:
        raise SourceError(f"{label}: no record has the field(s) {', '.join(missing)} (renamed in the feed?)")


def _id_of(entry: Any) -> str | None:
    ident = entry.get("id") if isinstance(entry, dict) else None
    return None if ident is None or ident == "" else str(ident)


def _record(number: int, entry: dict[str, Any]) -> tuple[RawRecord, list[RowProblem]]:
    ident = _id_of(entry)
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
    if isinstance(value, str):
        match = _MS_DATE.fullmatch(value.strip())
        if match:
            # The milliseconds count from the epoch in UTC; the offset only says where the writer was.
            return (_EPOCH + dt.timedelta(milliseconds=int(match.group(1)))).date(), None
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        if parsed is not None:
            return (parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed).date(), None
    return None, f"updated {value!r} is not a /Date(ms)/ or ISO 8601 date; kept without it"
