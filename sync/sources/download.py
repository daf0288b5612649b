"""Reading an HTTP answer within a list's limits: bytes counted on the wire and inflated, and a wall clock.

A socket timeout bounds each read, not a download: a server sending one byte every half second never trips
it. So each request runs on a helper thread that the caller waits for no longer than the time left; when the
time is up the caller fails the fetch at once, and the helper, told to stop, drops what it read at its next
read (soon: reads return as soon as any byte arrives, and the socket timeout is at most the time left).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

import requests
import urllib3

from sync.sources.limits import Limits, too_heavy, too_slow

T = TypeVar("T")
# Small reads: each returns as soon as bytes arrive, and inflates at most this much of a compressed body.
_READ_SIZE = 64 * 1024


class Cancelled(Exception):
    """The caller stopped waiting for this request; whatever it read is dropped."""


class TimeUp(Exception):
    """The helper was still running when the time given to it ran out."""


class _Helper(Generic[T]):
    """One piece of work on a daemon thread, its outcome kept for the caller."""

    def __init__(self, work: Callable[[threading.Event], T]) -> None:
        self.cancelled = threading.Event()
        self._work = work
        self._result: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="list-download", daemon=True)

    def _run(self) -> None:
        try:
            self._result = self._work(self.cancelled)
        except Cancelled:
            pass
        except BaseException as exc:  # handed to the caller's thread, which raises it
            self._error = exc

    def outcome(self, seconds: float) -> T:
        self._thread.start()
        self._thread.join(max(seconds, 0.0))
        if self._thread.is_alive():
            self.cancelled.set()
            raise TimeUp
        if self._error is not None:
            raise self._error
        return self._result  # type: ignore[return-value]  # set whenever the work returned


def within(seconds: float, work: Callable[[threading.Event], T]) -> T:
    """What ``work`` returns (or raises), run on a helper thread; :class:`TimeUp` after ``seconds``.

    ``work`` gets an event that is set when the caller stops waiting, and should raise :class:`Cancelled`
    when it sees it.
    """
    return _Helper(work).outcome(seconds)


def _read1(raw: urllib3.HTTPResponse) -> bytes:
    """What has arrived of the body (at most one small read, inflated), as ``requests`` would raise it."""
    try:
        return raw.read1(_READ_SIZE, decode_content=True)
    except urllib3.exceptions.ReadTimeoutError as exc:
        raise requests.ReadTimeout(exc) from exc
    except urllib3.exceptions.ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except urllib3.exceptions.DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except urllib3.exceptions.HTTPError as exc:  # anything else the connection does mid-body
        raise requests.ConnectionError(exc) from exc


class Body:
    """Reads answers' bodies for one list: every answer's bytes count against the list's one limit."""

    def __init__(
        self,
        label: str,
        limits: Limits,
        *,
        out_of_time: Callable[[], bool],
        received: Callable[[int], None] | None = None,
    ) -> None:
        self.label = label
        self.limits = limits
        self.kept = 0  # the bytes of the answers read so far (a feed's earlier pages)
        self._out_of_time = out_of_time
        self._received = received or (lambda count: None)

    def read(self, url: str, response: requests.Response, cancelled: threading.Event) -> bytes:
        """The whole (inflated) body of ``response``; :class:`LimitExceeded` when it crosses a limit."""
        self._check_announced(url, response)
        raw = response.raw
        chunks: list[bytes] = []
        count = 0
        while chunk := _read1(raw):
            if cancelled.is_set():
                raise Cancelled
            count += len(chunk)
            self._check(url, self.kept + count, raw.tell())
            chunks.append(chunk)
            self._received(self.kept + count)
        # A compressed stream that inflates to nothing (empty gzip members) never hands a chunk back:
        # only the time budget bounds it, and its bytes on the wire are counted at its end.
        self._check(url, self.kept + count, raw.tell())
        self.kept += count
        return b"".join(chunks)

    def _check(self, url: str, inflated: int, on_the_wire: int) -> None:
        if max(inflated, on_the_wire) > self.limits.max_bytes:
            raise too_heavy(self.label, f"{url} sent", self.limits)
        if self._out_of_time():
            raise too_slow(self.label, f"{url} was still downloading", self.limits)

    def _check_announced(self, url: str, response: requests.Response) -> None:
        announced = response.headers.get("Content-Length", "").strip()
        # More than 18 digits is more than any limit (and int() refuses a few thousand of them).
        if (
            announced.isascii()
            and announced.isdigit()
            and (len(announced) > 18 or self.kept + int(announced) > self.limits.max_bytes)
        ):
            raise too_heavy(self.label, f"{url} announced {announced} bytes,", self.limits)
