"""Reading an OData feed whole, or not at all: pages by ``$top``/``$skip``, the server's own next links, its
count, and JSON read within the list's limits.

Servers page in two ways. The client asks ``$top=100&$skip=N`` and a short page ends the feed; or the server
pages by itself, answering fewer records than asked with a next link (``"__next"`` in OData v2,
``"@odata.nextLink"`` in v4), as WCF Data Services and SharePoint do. A short page with a next link is not the
end. A listing that ends short of the count the server announced fails, naming both numbers. Next links are
followed only on the configured scheme and host, and a repeated link, page or set of ids ends the listing.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from sync.records import SourceError
from sync.sources.http import HttpClient
from sync.sources.limits import LimitExceeded, Limits, too_long

# Room for the envelope around the records ({"d": {"results": [...]}}) in the JSON limits.
_ENVELOPE = 16


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a feed: its records, the server's next link (absolute), and the count it announced."""

    records: list[Any]
    next_url: str | None = None
    count: int | None = None


def load_json(label: str, content: bytes, limits: Limits, where: str = "") -> Any:
    """``content`` as JSON, once it is known to hold no more values than ``limits`` allow.

    Raises :class:`SourceError` for content that is not JSON, :class:`LimitExceeded` for JSON too large or
    too deeply nested. An integer too long to be a number (a few thousand digits) is kept as its text.
    """
    at = f" at {where}" if where else ""
    _check_weight(f"{label}{at}", content, limits)
    try:
        return json.loads(content, parse_int=_int_or_text)
    except RecursionError:
        raise LimitExceeded(
            f"{label}{at} is nested deeper than JSON can be read; nothing of it was used"
        ) from None
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError both are
        raise SourceError(f"{label}{at} is not JSON: {exc}") from exc


def _check_weight(label: str, content: bytes, limits: Limits) -> None:
    # Parsed JSON can take twenty times its size in memory ("[{},{},...]"), so count before parsing. Every
    # object or array opens with a bracket, every further value follows a comma: these counts bound the
    # values from above (brackets and commas inside strings count too, which only errs on the safe side).
    rows = limits.max_rows
    containers = content.count(b"{") + content.count(b"[")
    most = rows * limits.json_containers_per_row + _ENVELOPE
    if containers > most:
        raise LimitExceeded(
            f"{label} holds over {most:,} JSON objects and arrays, more than {rows:,} rows (the most a list "
            "may have) need; nothing of it was used"
        )
    values = containers + content.count(b",")
    most = rows * limits.json_values_per_row + _ENVELOPE
    if values > most:
        raise LimitExceeded(
            f"{label} holds over {most:,} JSON values, more than {rows:,} rows (the most a list may have) "
            "need; nothing of it was used"
        )


def _int_or_text(digits: str) -> int | str:
    # int() refuses more than 4,300 digits (a ValueError in the middle of parsing); no field needs 19.
    return int(digits) if len(digits) <= 18 else digits


def dump_records(label: str, records: list[Any]) -> bytes:
    """The records as one UTF-8 JSON array (what the offline file holds)."""
    try:
        return json.dumps(records, ensure_ascii=False).encode("utf-8")
    except RecursionError:
        raise LimitExceeded(
            f"{label} is nested deeper than JSON can be written; nothing of it was used"
        ) from None


def entries(label: str, document: Any, where: str = "") -> list[Any]:
    """The records of a JSON array of records or of an OData page; :class:`SourceError` for anything else."""
    if isinstance(document, dict):
        inner = document.get("d", document.get("value"))
        document = inner.get("results") if isinstance(inner, dict) else inner
    if not isinstance(document, list):
        at = f" at {where}" if where else ""
        raise SourceError(f"{label}{at} is neither a JSON array of records nor an OData page of them")
    return document


def read_page(label: str, content: bytes, url: str, limits: Limits) -> Page:
    """One page of a feed served at ``url``: its records, next link and announced count."""
    document = load_json(label, content, limits, url)
    records = entries(label, document, url)
    if not isinstance(document, dict):
        return Page(records)
    wrapped = document.get("d")
    inner: dict[str, Any] = wrapped if isinstance(wrapped, dict) else document
    link = inner.get("__next", inner.get("@odata.nextLink", inner.get("odata.nextLink")))
    count = inner.get("__count", inner.get("@odata.count", inner.get("odata.count")))
    next_url = urllib.parse.urljoin(url, link) if isinstance(link, str) and link.strip() else None
    return Page(records, next_url, count_of(count))


def count_of(value: Any) -> int | None:
    """A count the server announced (a number, or its digits as text); None when it is not one."""
    text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def page_url(collection: str, skip: int, top: int) -> str:
    """The URL of one page of the feed, as the client asks for it."""
    return f"{collection}?$format=json&$top={top}&$skip={skip}"


@dataclass
class Feed:
    """Reads every page of one feed through ``client``, within ``limits``, from its first page on."""

    client: HttpClient
    label: str
    collection: str
    page_size: int = field(kw_only=True)
    max_pages: int = field(kw_only=True)
    limits: Limits = field(kw_only=True)

    def __post_init__(self) -> None:
        self._origin = _origin(self.collection)

    def records(self, first: Page) -> list[Any]:
        """The records of every page from ``first`` on, ids de-duplicated (the first kept).

        Raises :class:`SourceError` when the listing ends short of the count the server announced, when a
        next link leaves the configured host, or after ``max_pages`` pages.
        """
        listing, page, pages = _Listing(), first, 1
        total = first.count if first.count is not None else self._count()
        visited = {page_url(self.collection, 0, self.page_size)}
        while listing.add(page.records):
            if len(listing.records) > self.limits.max_rows:
                raise too_long(self.label, self.limits)
            url = self._next(page, listing.served, total)
            if url is None or url in visited:
                break
            if pages >= self.max_pages:
                raise SourceError(
                    f"{self.label}: {self.collection} still had more after {pages} pages; gave up"
                )
            visited.add(url)
            page, pages = read_page(self.label, self.client.get(url).body, url, self.limits), pages + 1
        # Served, not distinct: a record repeated under one id is in the count, and dropped here.
        if total is not None and listing.served < total:
            raise SourceError(
                f"{self.label}: {self.collection} counts {total:,} records, but the listing ended after "
                f"{listing.served:,}; nothing of it was used (the server's paging is broken)"
            )
        return listing.records

    def _next(self, page: Page, served: int, total: int | None) -> str | None:
        """Where the next page is: the server's next link, else the next ``$skip`` while pages come full or
        the count is not reached yet; None at the end."""
        if page.next_url is not None:
            return self._checked(page.next_url)
        full = len(page.records) >= self.page_size
        if (total is None and not full) or (total is not None and served >= total):
            return None
        return page_url(self.collection, served, self.page_size)

    def _checked(self, url: str) -> str:
        if _origin(url) != self._origin:
            raise SourceError(
                f"{self.label}: the server's next link {url[:200]} leaves {self._origin}; not followed, "
                "nothing of the list was used"
            )
        return url

    def _count(self) -> int | None:
        """The feed's ``$count`` (asked even after a short page: some servers cap ``$top`` silently);
        None when the server does not answer it."""
        try:
            body = self.client.get(f"{self.collection}/$count", retries=False).body
        except LimitExceeded:
            raise
        except SourceError:  # the count is an extra check: a server without it is still read
            return None
        return count_of(body.decode("ascii", errors="replace"))


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class _Listing:
    """The records gathered so far, and what it takes to notice a server that repeats itself."""

    def __init__(self) -> None:
        self.records: list[Any] = []
        self.served = 0  # the records served so far, repeats included: the next $skip
        self._seen: set[str] = set()
        self._previous: list[Any] | None = None

    def add(self, page: list[Any]) -> bool:
        """Add a page's new records; False (adding nothing) for an empty page or one with nothing new."""
        if not page or page == self._previous:
            return False
        self._previous = page
        ids = [id_of(entry) for entry in page]
        known = [ident for ident in ids if ident is not None]
        if known and all(ident in self._seen for ident in known):
            return False
        self.served += len(page)
        for entry, ident in zip(page, ids, strict=True):
            if ident is not None and ident in self._seen:
                continue
            if ident is not None:
                self._seen.add(ident)
            self.records.append(entry)
        return True


def id_of(entry: Any) -> str | None:
    """A record's id as text; None when it has none."""
    ident = entry.get("id") if isinstance(entry, dict) else None
    return None if ident is None or ident == "" else str(ident)
