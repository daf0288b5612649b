"""Reads served from a cache of encoded answers, keyed by the request and the registry's version.

The registry changes a few times a day and is read all day. Every change to a contact or a designation adds a
row to the change log in the changing transaction (:mod:`registry.audit.services`), so the last row of the log
(its sequence number and time) names the state of the registry: the *version*. A read asks for it first (one
indexed row, in the read's own transaction), then answers from the cache when an answer was encoded at that
version for the same request. A write's answer and its new version commit together: a read that starts after
the commit sees the new version, so no answer can outlive the commit that changed it (warehouse's cache purge
tied to the transaction, without a purge).

The version lives in the database, so the answer's ``ETag`` (derived from it, the request and the code that
encoded it) is the same on every worker and machine, and a ``304`` needs no encoding at all. The cache itself
is each process's own (bounded, least recently used first): only answers at the current version are kept.

A process does not read the version's rows on each read: it keeps the versions it has read until they may
have changed. SQLite says so exactly (``PRAGMA data_version``, one call); PostgreSQL tells each process
(:mod:`registry.readcache.listen`, LISTEN/NOTIFY).
"""

from __future__ import annotations

import atexit
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from flask import Response, request
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from registry.db import Database
from registry.readcache.listen import MAX_KEPT, listener

View = TypeVar("View", bound=Callable[..., Any])

# The most one process keeps (encoded answers at the current version); the least recently used go first.
MAX_BYTES = 64 * 1024 * 1024
# Public reads: any cache may keep the answer, and must ask again (If-None-Match) before using it.
PUBLIC = "public, no-cache"
_VERSION_SQL = "SELECT seq, at FROM changes ORDER BY seq DESC LIMIT 1"
_PACKAGE = Path(__file__).resolve().parent.parent  # the registry package


def registry_version(session: Session) -> str:
    """The registry's version as ``session`` sees it: the sequence number and time of the last change ("0"
    before any).

    The time makes a version unique even where a number is handed out again (SQLite reuses the number of a
    change whose transaction rolled back; a database restored from a backup starts again lower).
    """
    return _version_of(session.connection().exec_driver_sql(_VERSION_SQL).first())


def _version_of(row: Sequence[Any] | None) -> str:
    return "0" if row is None else f"{row[0]}@{row[1]}"


# The last change, as a table to join in a :class:`Stamp`'s statement.
LAST_CHANGE = "(SELECT seq, at FROM changes ORDER BY seq DESC LIMIT 1)"


@dataclass(frozen=True)
class Stamp:
    """The version of an answer that shows more of the database than the change log covers (a party's name
    and status, which the import of the party list changes without a change): one statement (``{}`` for each
    parameter) that reads the last change (joining :data:`LAST_CHANGE`) and the rest; its rows are the
    version (none: an answer that is no 200, never kept)."""

    sql: str
    params: tuple[Any, ...]

    def statement(self, paramstyle: str) -> str:
        return self.sql.format(*["?" if paramstyle == "qmark" else "%s"] * len(self.params))


def _stamped(rows: Iterable[Sequence[Any]]) -> str:
    return repr([tuple(row) for row in rows])


class VersionReader:
    """Reads the registry's version for a request, as cheaply as it can be read correctly.

    On the connection a request's session is given (a test's transaction, which no other connection sees),
    the version is read there. Otherwise it is read on a connection kept for it, outside any transaction: it
    sees every commit at once (a read after a write sees it), and a cached answer costs one indexed row and
    no session, no checkout from the pool, no BEGIN and no ROLLBACK. On a miss the answer is then read in the
    request's own transaction, which began later: its data is at least as new as the version it is kept
    under, never older. What was read is kept until it may have changed: on SQLite while that connection's
    ``PRAGMA data_version`` stays the same (:func:`_kept_on`), on PostgreSQL until the database says so
    (:class:`~registry.readcache.listen.Listener`): a cached answer then costs no round trip.
    """

    KEEP = 8  # idle connections kept (one per thread serving at once)

    def __init__(self) -> None:
        self._idle: list[Any] = []
        self._lock = threading.Lock()
        self._owner: tuple[int, int] | None = None  # (process, engine) the idle connections belong to

    def read(self, db: Database, stamp: Stamp | None = None) -> str:
        """The version (of ``stamp``, if given)."""
        bind = db.session.session_factory.kw.get("bind")
        if not isinstance(bind, Engine):
            if stamp is None:
                return registry_version(db.session())
            sql = stamp.statement(db.session().get_bind().dialect.paramstyle)
            return _stamped(db.session().connection().exec_driver_sql(sql, stamp.params))
        key = None if stamp is None else (stamp.sql, stamp.params)
        own = listener(bind)
        if own is not None:
            return own.version(key, lambda: self._read(bind, stamp, key))
        return self._read(bind, stamp, key)

    def _read(self, bind: Engine, stamp: Stamp | None, key: Hashable) -> str:
        connection = self._acquire(bind)
        try:
            cursor = connection.cursor()
            if bind.dialect.name != "sqlite":  # (PostgreSQL's are kept by its listener)
                version = self._query(cursor, bind, stamp)
            else:
                kept = _kept_on(connection, cursor)
                if key not in kept:
                    kept[key] = self._query(cursor, bind, stamp)
                version = kept[key]
            cursor.close()
        except Exception:
            connection.invalidate()  # broken (a restarted server): the next read opens another
            raise
        self._release(connection)
        return version

    def _query(self, cursor: Any, bind: Engine, stamp: Stamp | None) -> str:
        """The version, read from the database."""
        if stamp is None:
            cursor.execute(_VERSION_SQL)
            return _version_of(cursor.fetchone())
        cursor.execute(stamp.statement(bind.dialect.paramstyle), stamp.params)
        return _stamped(cursor.fetchall())

    def _acquire(self, engine: Engine) -> Any:
        owner = (os.getpid(), id(engine))
        with self._lock:
            if self._owner != owner:  # a forked worker, or another database: never share a connection
                if self._owner is not None and self._owner[0] == owner[0]:
                    self._close_idle()  # (a forked worker leaves its parent's alone: they are the parent's)
                self._owner, self._idle = owner, []
            if self._idle:
                return self._idle.pop()
        connection = engine.raw_connection()
        if engine.dialect.name == "postgresql":
            connection.dbapi_connection.autocommit = True  # type: ignore[union-attr]
        return connection

    def close(self) -> None:
        """Close the connections kept by this process (at exit)."""
        with self._lock:
            if self._owner is not None and self._owner[0] == os.getpid():
                self._close_idle()
            self._idle = []

    def _close_idle(self) -> None:
        for connection in self._idle:
            connection.invalidate()  # closed, and out of its pool for good

    def _release(self, connection: Any) -> None:
        with self._lock:
            if len(self._idle) < self.KEEP:
                self._idle.append(connection)
                return
        connection.close()


def _kept_on(connection: Any, cursor: Any) -> dict[Hashable, str]:
    """The versions kept on a SQLite ``connection`` of the reader while no other connection commits.

    ``PRAGMA data_version`` changes when another connection has committed since this one last asked (and
    this one never writes): a version read before that commit is kept no longer. It costs less than the
    version's own statements (the party page's joins three tables), and it is exact: nothing is heard late.
    """
    cursor.execute("PRAGMA data_version")
    seen = cursor.fetchone()[0]
    held = connection.info.get("kept_versions")
    if held is None or held[0] != seen or len(held[1]) >= MAX_KEPT:
        held = connection.info["kept_versions"] = (seen, {})
    return cast(dict[Hashable, str], held[1])


versions = VersionReader()
atexit.register(versions.close)


@cache
def code_digest() -> str:
    """A digest of the registry's code and templates: a new release encodes anew, and its ETags differ."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".html", ".mo", ".txt") and path.is_file():
            digest.update(str(path.relative_to(_PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def etag_for(version: str, key: tuple[str, ...]) -> str:
    """The strong ETag of the answer to ``key`` at ``version``."""
    text = "\x1f".join((code_digest(), version, *key))
    return '"' + hashlib.blake2b(text.encode(), digest_size=16).hexdigest() + '"'


@dataclass(frozen=True)
class Encoded:
    """An answer as sent: its bytes, media type and ETag."""

    body: bytes
    mimetype: str
    etag: str


class ReadCache:
    """Encoded answers of one version, by request key, up to ``max_bytes`` (least recently used out first)."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._version: str | None = None
        self._entries: OrderedDict[tuple[str, ...], Encoded] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, version: str, key: tuple[str, ...]) -> Encoded | None:
        """The answer to ``key`` encoded at ``version``, if kept."""
        with self._lock:
            if version != self._version:
                return None
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, version: str, key: tuple[str, ...], entry: Encoded) -> None:
        """Keep ``entry``; answers of any other version are dropped (none can be asked for again)."""
        if len(entry.body) > self.max_bytes:
            return
        with self._lock:
            if version != self._version:
                self._version, self._size = version, 0
                self._entries.clear()
            old = self._entries.pop(key, None)
            self._size += len(entry.body) - (len(old.body) if old else 0)
            self._entries[key] = entry
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body)

    def clear(self) -> None:
        with self._lock:
            self._version, self._size = None, 0
            self._entries.clear()


answers = ReadCache()


def request_key(params: Iterable[str] | None, *context: str) -> tuple[str, ...]:
    """What an answer depends on in the request: its scheme and host (links are absolute; the host was
    checked first), path, the query parameters among ``params`` (all of them for None) as written, encoded
    again so that no value can pass for other parameters, and ``context``."""
    args, environ = request.args, request.environ
    names = sorted(args) if params is None else sorted(name for name in params if name in args)
    query = urlencode([(name, value) for name in names for value in args.getlist(name)])
    return (environ["wsgi.url_scheme"], environ.get("HTTP_HOST", ""), request.path, query, *context)


def not_modified(tag: str, vary: Sequence[str] = ()) -> Response | None:
    """A 304 when the request's If-None-Match holds ``tag`` (or ``*``)."""
    header = request.headers.get("If-None-Match")
    if not header:
        return None
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    if tag not in tags and "*" not in tags:
        return None
    return _fresh(None, 304, None, tag, vary)


def send(entry: Encoded, vary: Sequence[str] = ()) -> Response:
    return _fresh(entry.body, 200, entry.mimetype, entry.etag, vary)


def _fresh(body: bytes | None, status: int, mimetype: str | None, tag: str, vary: Sequence[str]) -> Response:
    # The headers of :func:`_public` written at once: the most-served answer, and werkzeug's Vary (parsed,
    # updated and written back) was a third of its cost.
    headers = {"ETag": tag, "Cache-Control": PUBLIC}
    if vary:
        headers["Vary"] = ", ".join(vary)
    return Response(body, status=status, mimetype=mimetype, headers=headers)


R = TypeVar("R", bound=BaseResponse)


def _public(response: R, tag: str, vary: Sequence[str]) -> R:
    response.headers["ETag"] = tag
    response.headers["Cache-Control"] = PUBLIC
    if vary:
        response.vary.update(vary)
    return response


def public() -> tuple[str, ...]:
    """The context of an answer that is the same for every caller (no author shown, no language)."""
    return ()


# The headers of a cached read, for the OpenAPI document.
LIST_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "The version of this answer (send If-None-Match)"},
    "Cache-Control": {"schema": {"type": "string"}, "description": "public, no-cache: revalidate with ETag"},
}


def cached_read(
    db: Database,
    params: Iterable[str] | None,
    context: Callable[[], tuple[str, ...] | None],
    stamp: Callable[..., Stamp | None] | None = None,
    vary: Sequence[str] = (),
) -> Callable[[View], View]:
    """Serve a view's 200 answers from :data:`answers`, with a strong ETag and a 304 to it.

    ``params`` are the query parameters the answer depends on (None: all); ``context`` gives what else it
    depends on (a language), or None when this request must not be cached (a signed-in user's page);
    ``stamp``, given the view's arguments, what it shows of the database beyond the change log (see
    :class:`Stamp`); ``vary``, the request headers ``context`` reads (sent as ``Vary``, so that a shared
    cache keeps an answer per language). The view runs (validating its arguments) only when nothing is kept;
    a 200 it returns is kept, unless it sets a cookie.
    """
    names = None if params is None else tuple(params)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            extra = context()
            if extra is None:
                return view(*args, **kwargs)
            key = request_key(names, *extra)
            version = versions.read(db, stamp(**kwargs) if stamp else None)
            entry = answers.get(version, key)
            tag = etag_for(version, key) if entry is None else entry.etag  # (the same: kept with it)
            unchanged = not_modified(tag, vary)
            if unchanged is not None:
                return unchanged
            if entry is not None:
                return send(entry, vary)
            response = view(*args, **kwargs)
            if isinstance(response, BaseResponse) and response.status_code == 200:
                if "Set-Cookie" not in response.headers:
                    answers.put(version, key, Encoded(response.get_data(), response.mimetype or "", tag))
                _public(response, tag, vary)
            return response

        return cast(View, wrapper)

    return decorator
