"""The registry's version kept in each process on PostgreSQL, which tells the process when it changes.

A cached read (:mod:`registry.readcache`) needs the registry's version before anything else. Asking the
database for it is one round trip per read, and on PostgreSQL that round trip was half of what a worker could
serve. So each process keeps the versions it has read. It also LISTENs on a connection of its own. Every
transaction that writes the change log, the parties or their statuses NOTIFYs ``registry_changed`` with its
transaction id when it commits (a trigger: the migration of 2026-11-30). When the process hears one, it
forgets what it kept. Until the next change, a read costs no round trip.

Why a kept version is never older than a commit:

- A version read from the database is kept only if nothing was heard while it was being read. A commit
  heard after the read began may be missing from it.
- A notification that has reached this process's socket, but is not handled yet, counts as heard. A read
  looks at the socket (a system call, no round trip) before it uses what is kept.
- A transaction that writes those tables, once committed and before its request answers, changes the
  machine's mark (:class:`MachineMark`, a few bytes of a file every worker on the machine maps), and every
  read compares it with the one its kept versions were read under. The notification alone is not enough:
  the database signals every listening process at once, but a busy machine may run the writer's next
  steps before another worker's server process has passed its notification on. So a read after your own
  write sees it, on any worker of the machine.
- Before that, the transaction waits until its own process has heard it (up to :data:`OWN_WRITE_WAIT`): by
  then the database has signalled every listener, those of other machines too. A commit made on another
  machine reaches this one's readers as fast as its notification does, a few milliseconds.
- While the listening connection is down (a restarted server), every read asks the database, as it did
  before. On reconnecting, the process forgets what it kept, since notifications sent meanwhile were lost.
- A commit its own process does not hear in time means notifications may not reach it (a connection pooler
  in transaction mode passes none on). Until it hears one again, every read asks the database.
"""

from __future__ import annotations

import hashlib
import logging
import mmap
import os
import select
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Hashable
from itertools import chain
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CHANNEL = "registry_changed"
# The tables whose writes notify (the migration's triggers): what a cached answer shows.
NOTIFYING_TABLES = frozenset({"changes", "parties", "party_statuses"})
OWN_WRITE_WAIT = 1.0  # seconds a commit waits to be heard by its own process
READY_WAIT = 1.0  # seconds a first write waits for its process to start listening
FIRST_PAUSE, LONGEST_PAUSE = 0.5, 30.0  # before listening again after a failure (doubling)
MAX_KEPT = 4096  # versions kept (one per party page, and one for the lists): beyond, all are forgotten
HEARD = 1024  # transaction ids remembered, for a writer waiting to hear its own


Token = tuple[int, bytes]


class MachineMark:
    """Eight bytes that every process on this machine serving the same database maps from one file: a
    process that commits a change writes new ones before it answers, so that a worker whose notification
    is still on its way knows at once (the database signals every listener together, but each delivers
    when the machine gets round to it)."""

    SIZE = 8

    def __init__(self, path: Path) -> None:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(descriptor).st_size < self.SIZE:
                os.ftruncate(descriptor, self.SIZE)
            self._map = mmap.mmap(descriptor, self.SIZE)
        finally:
            os.close(descriptor)

    def read(self) -> bytes:
        return self._map[: self.SIZE]

    def change(self) -> None:
        self._map[: self.SIZE] = os.urandom(self.SIZE)  # never a value seen before


class Listener:
    """One process's listening connection to one database (in a daemon thread), and the versions kept."""

    def __init__(self, engine: Engine, mark: MachineMark | None = None) -> None:
        self.pid = os.getpid()
        self.mark = mark
        self._connect_args = engine.dialect.create_connect_args(engine.url)
        self._changed = threading.Condition()
        self._generation = 0  # counts what was heard: a kept version belongs to one generation
        self._ready = False  # listening now
        self._busy = False  # handling what arrived: what is kept may be old
        self._doubted = False  # a commit went unheard: what is kept may be old
        self._fd = -1
        self._kept: dict[Hashable, tuple[Token, str]] = {}
        self._heard: deque[str] = deque(maxlen=HEARD)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="registry-listener", daemon=True)
        self._thread.start()

    def version(self, key: Hashable, read: Callable[[], str]) -> str:
        """The version of ``key``: the one kept, or ``read()`` from the database (kept when nothing was heard
        meanwhile)."""
        token = self._trusted()
        if token is None:
            return read()
        kept = self._kept.get(key)
        if kept is not None and kept[0] == token:
            return kept[1]
        version = read()
        if self._trusted() == token:
            if len(self._kept) >= MAX_KEPT:
                self._kept.clear()
            self._kept[key] = (token, version)
        return version

    def _trusted(self) -> Token | None:
        """What the versions that may be used now were kept under (what was heard, the machine's mark), or
        None: not listening, or something heard and not yet handled. The order of the checks answers the
        listening thread's order (busy, read the socket, a new generation, not busy): whichever step it is
        at, one of them tells."""
        generation = self._generation
        mark = self.mark.read() if self.mark is not None else b""
        if not self._ready:
            return None
        if _readable(self._fd, 0):
            return None
        if self._busy or self._doubted or self._generation != generation:
            return None
        return generation, mark

    @property
    def ready(self) -> bool:
        return self._ready

    def wait_ready(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._ready, timeout)

    def wait_for(self, txid: str, timeout: float) -> bool:
        """Wait until the commit of transaction ``txid`` is heard (False: not within ``timeout`` seconds, or
        not listening)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while txid not in self._heard:
                remaining = deadline - time.monotonic()
                if not self._ready:
                    return False
                if remaining <= 0:
                    # Notifications may not reach this process (a pooler in transaction mode passes none
                    # on): trust nothing kept until one is heard again.
                    self._doubted = True
                    return False
                self._changed.wait(remaining)
        return True

    def stop(self) -> None:
        self._stopped.set()

    def _run(self) -> None:
        pause = FIRST_PAUSE
        while not self._stopped.is_set():
            try:
                self._listen()
            except (psycopg.Error, OSError) as error:
                if self._stopped.is_set():
                    return  # (its database dropped, say)
                log.warning("listening for the registry's changes failed (%s): reads ask the database", error)
            self._lost()
            if self._stopped.wait(pause):
                return
            pause = min(pause * 2, LONGEST_PAUSE)

    def _listen(self) -> None:
        args, params = self._connect_args
        with psycopg.connect(*args, **params, autocommit=True) as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            with self._changed:
                self._fd = connection.fileno()
                self._generation += 1  # what was kept before may have missed notifications
                self._ready = True
                self._changed.notify_all()
            while not self._stopped.is_set():
                if not _readable(self._fd, 1000):
                    continue
                self._busy = True
                heard = [note.payload for note in connection.notifies(timeout=0)]
                with self._changed:
                    self._generation += 1
                    self._heard.extend(heard)
                    self._busy = self._doubted = False
                    self._changed.notify_all()

    def _lost(self) -> None:
        with self._changed:
            self._ready, self._busy, self._fd = False, False, -1
            self._generation += 1
            self._changed.notify_all()


def _readable(fd: int, milliseconds: int) -> bool:
    """Whether ``fd`` has something to read, or is closed, within ``milliseconds``. (``poll``, not ``select``:
    any descriptor number; one object per call, since threads may not share one.)"""
    if fd < 0:
        return True
    waiting = select.poll()
    waiting.register(fd, select.POLLIN)
    try:
        return bool(waiting.poll(milliseconds))
    except OSError:
        return True


_listeners: dict[int, Listener] = {}
_listeners_lock = threading.Lock()
_marks_folder: Path | None = None


def mark_changes_in(folder: Path) -> None:
    """Share the machine's mark of changes (:class:`MachineMark`) in ``folder`` (the instance folder, which
    every worker of the registry on this machine has)."""
    global _marks_folder
    _marks_folder = folder


def _machine_mark(engine: Engine) -> MachineMark | None:
    if _marks_folder is None:
        return None
    database = engine.url.render_as_string(hide_password=True)
    name = "changed-" + hashlib.blake2b(database.encode(), digest_size=8).hexdigest()
    try:
        _marks_folder.mkdir(parents=True, exist_ok=True)
        return MachineMark(_marks_folder / name)
    except OSError as error:
        log.warning("no mark of changes in %s (%s): readers rely on notifications", _marks_folder, error)
        return None


def listener(engine: Engine) -> Listener | None:
    """This process's listener to ``engine``'s database, started when first asked for (None: not
    PostgreSQL). A forked process starts its own; it stops when the engine is disposed of or gone."""
    if engine.dialect.name != "postgresql":
        return None
    key = id(engine)
    with _listeners_lock:
        found = _listeners.get(key)
        if found is None or found.pid != os.getpid():
            found = _listeners[key] = Listener(engine, _machine_mark(engine))
            weakref.finalize(engine, _forget, key, found)
            event.listen(engine, "engine_disposed", lambda _engine: _forget(key, found))
        return found


def _forget(key: int, found: Listener) -> None:
    found.stop()
    with _listeners_lock:
        if _listeners.get(key) is found:
            del _listeners[key]


def _engine_of(session: Session) -> Engine | None:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) and bind.dialect.name == "postgresql" else None


@event.listens_for(Session, "after_flush")
def _note_a_notifying_write(session: Session, _context: Any) -> None:
    # A write that will notify readers: once committed, mark it on this machine, after waiting to hear it
    # (its transaction id). (A test's session, bound to a connection of its own, has no readers to tell.)
    if "notifying_txid" in session.info:
        return
    engine = _engine_of(session)
    if engine is None:
        return
    changed = (row for row in session.dirty if session.is_modified(row))  # (no UPDATE for the others)
    written = chain(session.new, session.deleted, changed)
    if not any(getattr(row, "__tablename__", None) in NOTIFYING_TABLES for row in written):
        return
    own = listener(engine)
    txid = None
    if own is not None and own.wait_ready(READY_WAIT):
        txid = str(session.connection().exec_driver_sql("SELECT txid_current()").scalar())
    session.info["notifying_txid"] = txid


@event.listens_for(Session, "after_commit")
def _wait_until_heard(session: Session) -> None:
    # (Also called when a savepoint is released: the write is heard when the whole transaction commits.)
    if "notifying_txid" not in session.info or session.in_nested_transaction():
        return
    txid = session.info.pop("notifying_txid")
    engine = _engine_of(session)
    own = listener(engine) if engine is not None else None
    if own is None:
        return
    if txid is not None and not own.wait_for(txid, OWN_WRITE_WAIT):
        log.warning(
            "the commit of transaction %s was not heard within %s s: reads ask the database until a change "
            "is heard (a connection pooler in transaction mode passes no notifications on)",
            txid,
            OWN_WRITE_WAIT,
        )
    if own.mark is not None:
        own.mark.change()


@event.listens_for(Session, "after_rollback")
def _forget_the_write(session: Session) -> None:
    if not session.in_nested_transaction():  # (a savepoint's rollback leaves the rest of the write)
        session.info.pop("notifying_txid", None)
