"""A local HTTP server that plays a convention's list server in tests, faults included.

Routes map a path (no query string) to a handler: a function from the :class:`Request` received to the
:class:`Reply` to send. The factories below build the usual ones: a file with an ETag, a paged OData
feed (paged by the client, or by the server with next links), a fixed status, "fail N times then answer", a
slow answer; and hostile ones: a body trickling a byte at a time, a gzip bomb. Every request is recorded::

    server.route("/basel.xlsx", failing(2, then=static(data)))
    source.fetch(server.url + "/basel.xlsx")
    assert len(server.requests_to("/basel.xlsx")) == 3
"""

from __future__ import annotations

import gzip
import json
import threading
import traceback
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class Request:
    """A request as the server received it."""

    method: str
    target: str
    headers: Mapping[str, str]

    @property
    def path(self) -> str:
        """The path, percent-decoded, without the query string."""
        return urllib.parse.unquote(urllib.parse.urlsplit(self.target).path)

    @property
    def query(self) -> dict[str, str]:
        """The query parameters (the last value of a repeated one)."""
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.target).query))

    def header(self, name: str) -> str | None:
        """A request header, its name compared without regard to case."""
        return next((value for key, value in self.headers.items() if key.lower() == name.lower()), None)


@dataclass(frozen=True)
class Reply:
    """What to answer: a status, a body, headers, and how long to wait before answering.

    ``trickle`` sends the body one byte at a time, that many seconds apart (with ``trickle_head``, the status
    line and headers too), until done or the server closes. Without ``length`` the body has no
    ``Content-Length``: it ends when the connection closes.
    """

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    trickle: float = 0.0
    trickle_head: bool = False
    length: bool = True


Handler = Callable[[Request], Reply]


class ListServer:
    """A threaded HTTP server on 127.0.0.1 (a free port) answering from per-path handlers.

    Unknown paths answer 404; a handler that raises answers 500 with the traceback. Use it as a context
    manager, or call :meth:`close`.
    """

    def __init__(self) -> None:
        self._routes: dict[str, Handler] = {}
        self._received: list[Request] = []
        self._lock = threading.Lock()
        self.closing = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _RequestHandler)
        self._httpd.list_server = self
        # A short poll interval, so that close() (which waits for the serving loop to notice) is quick.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="list-server", daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """The server's base URL, e.g. ``http://127.0.0.1:54321`` (no trailing slash)."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def route(self, path: str, handler: Handler) -> str:
        """Answer requests for ``path`` with ``handler`` (replacing any earlier one); returns the full URL."""
        with self._lock:
            self._routes[path] = handler
        return self.url + path

    def serve_odata(
        self,
        base: str,
        records: Sequence[Any],
        *,
        ignore_skip: bool = False,
        overlap: int = 0,
        etag: str | None = None,
        claim: int | None = None,
    ) -> str:
        """Serve ``records`` as an OData feed at ``{base}/Contacts`` and ``{base}/Contacts/$count``.

        The options are :func:`odata_feed`'s; ``claim`` is the count to announce instead of the true one.
        Returns the base URL, what a source is configured with.
        """
        self.route(
            f"{base}/Contacts", odata_feed(records, ignore_skip=ignore_skip, overlap=overlap, etag=etag)
        )
        self.route(f"{base}/Contacts/$count", odata_count(records, claim=claim))
        return self.url + base

    @property
    def requests(self) -> list[Request]:
        """Every request received so far, oldest first."""
        with self._lock:
            return list(self._received)

    def requests_to(self, path: str) -> list[Request]:
        """The requests received for ``path`` (query strings ignored)."""
        return [request for request in self.requests if request.path == path]

    def dispatch(self, request: Request) -> Reply:
        """Record ``request`` and return its handler's reply."""
        with self._lock:
            self._received.append(request)
            handler = self._routes.get(request.path)
        if handler is None:
            return Reply(404, b"no route for " + request.path.encode())
        try:
            return handler(request)
        except Exception:  # a broken test handler should show up as a 500, not kill the server thread
            return Reply(500, traceback.format_exc().encode())

    def close(self) -> None:
        """Stop serving, wake slow handlers, and release the socket."""
        self.closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def __enter__(self) -> ListServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class _Server(ThreadingHTTPServer):
    list_server: ListServer


class _RequestHandler(BaseHTTPRequestHandler):
    # HTTP/1.0: one request per connection, so no handler thread lingers on a kept-alive socket.
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        assert isinstance(self.server, _Server)
        owner = self.server.list_server
        reply = owner.dispatch(Request(self.command, self.path, dict(self.headers.items())))
        if reply.delay and owner.closing.wait(reply.delay):
            return
        try:
            if reply.trickle and reply.trickle_head:
                self._trickle(_raw_head(reply) + reply.body, reply.trickle, owner)
                return
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.length:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.trickle:
                self._trickle(reply.body, reply.trickle, owner)
            else:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a timeout test): nobody is left to answer

    def _trickle(self, data: bytes, interval: float, owner: ListServer) -> None:
        for position in range(len(data)):
            self.wfile.write(data[position : position + 1])
            self.wfile.flush()
            if owner.closing.wait(interval):
                return

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


def _raw_head(reply: Reply) -> bytes:
    """The status line and headers of ``reply``, as the handler would send them."""
    lines = [f"HTTP/1.0 {reply.status} {HTTPStatus(reply.status).phrase}"]
    lines += [f"{name}: {value}" for name, value in reply.headers.items()]
    lines.append(f"Content-Length: {len(reply.body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def static(
    body: bytes, *, etag: str | None = None, content_type: str = "application/octet-stream"
) -> Handler:
    """Serve ``body``, with ``etag`` if given; answer 304 to an ``If-None-Match`` naming that ETag."""

    def handle(request: Request) -> Reply:
        if etag is not None and request.header("If-None-Match") == etag:
            return Reply(304, headers={"ETag": etag})
        headers = {"Content-Type": content_type} | ({"ETag": etag} if etag else {})
        return Reply(200, body, headers)

    return handle


def status(code: int, *, headers: Mapping[str, str] | None = None, body: bytes = b"") -> Handler:
    """Always answer ``code`` (with ``headers``, e.g. a ``Retry-After``)."""
    return lambda request: Reply(code, body, dict(headers or {}))


def failing(
    times: int, then: Handler, *, code: int = 503, headers: Mapping[str, str] | None = None
) -> Handler:
    """Answer ``code`` to the first ``times`` requests, then hand every later one to ``then``."""
    counter = _Counter()
    fault = status(code, headers=headers)
    return lambda request: fault(request) if counter.next() <= times else then(request)


def slow(delay: float, then: Handler) -> Handler:
    """``then``'s reply, sent only after ``delay`` seconds (cut short when the server closes)."""

    def handle(request: Request) -> Reply:
        reply = then(request)
        return Reply(reply.status, reply.body, reply.headers, delay)

    return handle


def odata_feed(
    records: Sequence[Any], *, ignore_skip: bool = False, overlap: int = 0, etag: str | None = None
) -> Handler:
    """Page ``records`` as ``{"d": {"results": [...]}}`` by ``$top`` (default 100) and ``$skip``.

    Faults: ``ignore_skip`` always serves the first page; ``overlap`` starts each page that many records
    early, so pages repeat ids. With ``etag``, a matching ``If-None-Match`` answers 304.
    """

    def handle(request: Request) -> Reply:
        if etag is not None and request.header("If-None-Match") == etag:
            return Reply(304, headers={"ETag": etag})
        top = int(request.query.get("$top", "100"))
        skip = 0 if ignore_skip else max(0, int(request.query.get("$skip", "0")) - overlap)
        page = {"d": {"results": list(records[skip : skip + top])}}
        headers = {"Content-Type": "application/json"} | ({"ETag": etag} if etag else {})
        return Reply(200, json.dumps(page).encode(), headers)

    return handle


def odata_count(records: Sequence[Any], *, claim: int | None = None) -> Handler:
    """Answer the number of ``records`` (or the ``claim`` given instead) as plain text (OData ``$count``)."""
    text = str(len(records) if claim is None else claim).encode()
    return lambda request: Reply(200, text, {"Content-Type": "text/plain"})


def odata_server_paged(records: Sequence[Any], *, page: int, version: str = "v2") -> Handler:
    """Page ``records`` by the server: at most ``page`` records an answer, however many ``$top`` asks, with a
    next link while more remain (``"__next"`` in ``{"d": {"results": ...}}`` for OData v2,
    ``"@odata.nextLink"`` in ``{"value": ...}`` for v4), resuming at ``$skiptoken``."""

    def handle(request: Request) -> Reply:
        start = int(request.query.get("$skiptoken", request.query.get("$skip", "0")))
        served = list(records[start : start + min(page, int(request.query.get("$top", "100")))])
        after = start + len(served)
        link = f"{request.path}?$format=json&$skiptoken={after}" if after < len(records) else None
        if version == "v4":
            body: dict[str, Any] = {"value": served} | ({"@odata.nextLink": link} if link else {})
        else:
            body = {"d": {"results": served} | ({"__next": link} if link else {})}
        return Reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})

    return handle


def gzipped(body: bytes, *, copies: int = 1, length: bool = True) -> Handler:
    """Serve ``body`` gzip-encoded, ``copies`` times over (concatenated gzip members inflate as one body:
    a small answer that inflates to ``copies * len(body)`` bytes); without ``length``, unannounced."""
    member = gzip.compress(body, compresslevel=9)
    headers = {"Content-Encoding": "gzip", "Content-Type": "application/octet-stream"}
    return lambda request: Reply(200, member * copies, headers, length=length)


def trickling(interval: float, then: Handler, *, head: bool = False) -> Handler:
    """``then``'s reply, its body sent a byte every ``interval`` seconds (with ``head``, its headers too)."""

    def handle(request: Request) -> Reply:
        reply = then(request)
        return Reply(reply.status, reply.body, reply.headers, trickle=interval, trickle_head=head)

    return handle


class _Counter:
    """A thread-safe count of calls (handlers run on the server's threads)."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    def next(self) -> int:
        with self._lock:
            self._count += 1
            return self._count
