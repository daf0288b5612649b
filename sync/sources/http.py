"""Getting a list's bytes: over HTTP with one careful client, or from a local file for offline runs.

Every failure leaves this module as a :class:`SourceError` whose message an operator can act on; no
``requests`` exception escapes. One fetch has its :class:`~sync.sources.limits.Limits`: a time budget shared
by all its requests and retries, kept by the wall clock however slowly a server sends, and a most it may
weigh, counted on the wire and once inflated.
"""

from __future__ import annotations

import datetime as dt
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from sync.records import Fetched, SourceError
from sync.sources.download import Body, TimeUp, within
from sync.sources.limits import DEFAULT_LIMITS, Limits, too_heavy, too_slow
from sync.sources.retry import DEFAULT_RETRY, RetryPolicy, parse_retry_after

__all__ = ["DEFAULT_RETRY", "DEFAULT_TIMEOUT", "USER_AGENT", "Fetcher", "HttpClient", "RetryPolicy"]

USER_AGENT = "brs-focal-point-registry-sync/0.1 (national focal point registry of the BRS conventions)"
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 30.0)
Received = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Answer:
    """A usable HTTP answer: a 2xx with its whole body, or a 304 to a conditional request."""

    status: int
    body: bytes
    etag: str | None


@dataclass(frozen=True, slots=True)
class _Failure:
    """A try that may succeed if repeated (a 5xx, a 429, a timeout, a dropped connection)."""

    message: str
    retry_after: float | None = None


class HttpClient:
    """The GET requests of one fetch: a User-Agent, timeouts, retries, and the fetch's limits for them all.

    The deadline starts when the client is made, so a paged feed shares one budget, and one most it may
    weigh, across its pages. ``received`` hears the bytes read so far, as they come.
    """

    def __init__(
        self,
        session: requests.Session,
        label: str,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY,
        limits: Limits = DEFAULT_LIMITS,
        received: Received | None = None,
    ) -> None:
        self._session = session
        self._label = label
        self._timeout = timeout
        self._retry = retry
        self._limits = limits
        self._deadline = retry.clock() + limits.fetch_budget
        self._body = Body(label, limits, out_of_time=lambda: self._remaining() <= 0, received=received)

    def get(self, url: str, *, etag: str | None = None, retries: bool = True) -> Answer:
        """GET ``url`` (conditionally when ``etag`` is given) and return a 2xx or 304 answer.

        Retries 5xx, 429, timeouts and dropped connections unless ``retries`` is False; raises
        :class:`SourceError` on any other status, when attempts run out, when the budget is spent or the
        list grows heavier than its limit.
        """
        attempts = self._retry.attempts if retries else 1
        for attempt in range(1, attempts):
            outcome = self._attempt(url, etag)
            if isinstance(outcome, Answer):
                return outcome
            self._pause(url, outcome, attempt)
        outcome = self._attempt(url, etag)
        if isinstance(outcome, Answer):
            return outcome
        raise SourceError(f"{self._label}: {outcome.message} from {url} after {attempts} attempt(s)")

    def _attempt(self, url: str, etag: str | None) -> Answer | _Failure:
        timeout = self._timeouts(url)
        try:
            return within(self._remaining(), lambda cancelled: self._request(url, etag, timeout, cancelled))
        except TimeUp:
            raise too_slow(self._label, f"{url} was still downloading", self._limits) from None

    def _request(
        self, url: str, etag: str | None, timeout: tuple[float, float], cancelled: threading.Event
    ) -> Answer | _Failure:
        headers = {"User-Agent": USER_AGENT}
        if etag is not None:
            headers["If-None-Match"] = etag
        try:
            with self._session.get(url, headers=headers, timeout=timeout, stream=True) as response:
                return self._answer(url, response, cancelled, conditional=etag is not None)
        except requests.Timeout as exc:
            if isinstance(exc, requests.ConnectTimeout):
                return _Failure(f"connection timed out (no connection within {timeout[0]:g} s)")
            return _Failure(f"read timed out (nothing received for {timeout[1]:g} s)")
        except requests.exceptions.SSLError as exc:  # a certificate problem will not fix itself in seconds
            raise SourceError(f"{self._label}: TLS failed for {url}: {_reason(exc)}") from exc
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            return _Failure(f"connection failed ({_reason(exc)})")
        except requests.RequestException as exc:
            raise SourceError(f"{self._label}: cannot fetch {url}: {_reason(exc)}") from exc

    def _answer(
        self, url: str, response: requests.Response, cancelled: threading.Event, *, conditional: bool
    ) -> Answer | _Failure:
        status = response.status_code
        described = f"{status} {response.reason or ''}".strip()
        if status == 429:
            return _Failure(described, parse_retry_after(response.headers.get("Retry-After")))
        if status >= 500:
            return _Failure(described)
        if status == 304 and conditional:
            return Answer(304, b"", response.headers.get("ETag"))
        if not 200 <= status < 300:
            raise SourceError(f"{self._label}: {described} from {url}")
        return Answer(status, self._body.read(url, response, cancelled), response.headers.get("ETag"))

    def _remaining(self) -> float:
        return self._deadline - self._retry.clock()

    def _timeouts(self, url: str) -> tuple[float, float]:
        remaining = self._remaining()
        if remaining <= 0:
            raise too_slow(self._label, f"{url} was not fetched yet", self._limits)
        return (min(self._timeout[0], remaining), min(self._timeout[1], remaining))

    def _pause(self, url: str, failure: _Failure, attempt: int) -> None:
        delay = failure.retry_after if failure.retry_after is not None else self._retry.backoff(attempt)
        delay = min(delay, self._retry.max_delay)
        if self._retry.clock() + delay >= self._deadline:
            raise SourceError(
                f"{self._label}: {failure.message} from {url}; gave up after {attempt} attempt(s) as waiting "
                f"{delay:g} s more would exceed the fetch budget of {self._limits.fetch_budget:g} s"
            )
        self._retry.sleep(delay)


def _reason(exc: BaseException) -> str:
    """What went wrong, without urllib3's wrapping ("Max retries exceeded ... Caused by ...")."""
    cause: object = exc.args[0] if exc.args else exc
    cause = getattr(cause, "reason", cause)  # urllib3's MaxRetryError holds the real error as .reason
    text = str(cause) or type(cause).__name__
    # urllib3 prefixes the connection's repr, "HTTPConnection(host=..., port=...): ", which says nothing new.
    return text.split("): ", 1)[1] if text.startswith("HTTP") and "): " in text else text


def now_utc() -> dt.datetime:
    """The current time, timezone-aware in UTC (what :attr:`Fetched.fetched_at` holds)."""
    return dt.datetime.now(dt.UTC)


def is_http_url(location: str) -> bool:
    """Whether ``location`` is an ``http://`` or ``https://`` URL (anything else is read as a local file)."""
    return location.lower().startswith(("http://", "https://"))


def local_path(label: str, location: str) -> Path:
    """The file a local ``location`` names: a plain path or a ``file://`` URL."""
    if location.lower().startswith("file://"):
        return Path(urllib.request.url2pathname(urllib.parse.urlsplit(location).path))
    if "://" in location:
        raise SourceError(
            f"{label}: cannot fetch {location}: only http(s) URLs and local files are supported"
        )
    return Path(location)


def read_local(label: str, location: str, limits: Limits = DEFAULT_LIMITS) -> Fetched:
    """The bytes of a local file as a :class:`Fetched` (no ETag, never "not modified").

    Raises :class:`~sync.sources.limits.LimitExceeded` for a file heavier than ``limits.max_bytes``.
    """
    path = local_path(label, location)
    try:
        with path.open("rb") as file:
            content = file.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise SourceError(f"{label}: no file at {path}") from None
    except OSError as exc:
        raise SourceError(f"{label}: cannot read {path}: {exc.strerror or exc}") from exc
    if len(content) > limits.max_bytes:
        raise too_heavy(label, f"{path} holds", limits)
    return Fetched(location=location, content=content, fetched_at=now_utc())


@contextmanager
def open_session(session: requests.Session | None) -> Iterator[requests.Session]:
    """The caller's session, left open; or a new one, closed on exit."""
    if session is not None:
        yield session
        return
    with requests.Session() as own:
        yield own


class Fetcher:
    """The fetch half of a source: one GET (conditional when given an ETag), or a local file read.

    Subclasses set ``convention`` and add ``parse()``; the Stockholm source overrides ``fetch()`` to page.
    """

    convention: str

    def __init__(
        self, *, timeout: tuple[float, float] = DEFAULT_TIMEOUT, retry: RetryPolicy = DEFAULT_RETRY
    ) -> None:
        self.timeout = timeout
        self.retry = retry

    @property
    def label(self) -> str:
        """How messages name this list, e.g. "basel list"."""
        return f"{self.convention} list"

    def client(
        self, session: requests.Session, limits: Limits = DEFAULT_LIMITS, received: Received | None = None
    ) -> HttpClient:
        """A client for one fetch, with this source's timeouts and retry policy, and the run's limits."""
        return HttpClient(
            session, self.label, timeout=self.timeout, retry=self.retry, limits=limits, received=received
        )

    def fetch(
        self,
        location: str,
        *,
        etag: str | None = None,
        session: requests.Session | None = None,
        limits: Limits = DEFAULT_LIMITS,
        received: Received | None = None,
    ) -> Fetched:
        """The list's bytes as served or stored; ``not_modified`` (and no content) on a 304 to ``etag``.

        ``received`` hears the count of bytes read so far while an answer comes in.
        """
        if not is_http_url(location):
            return read_local(self.label, location, limits)
        with open_session(session) as http:
            return self.download(self.client(http, limits, received), location, etag, limits)

    def download(self, client: HttpClient, location: str, etag: str | None, limits: Limits) -> Fetched:
        """The list at the http(s) URL ``location`` through ``client`` (a source that reads its list in
        several requests overrides this)."""
        answer = client.get(location, etag=etag)
        if answer.status == 304:
            return Fetched(location, b"", now_utc(), etag=answer.etag or etag, not_modified=True)
        return Fetched(location, answer.body, now_utc(), etag=answer.etag)
