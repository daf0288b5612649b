"""The lock between runs: a dead holder's is taken over at once, a stale one atomically, a live one never."""

from __future__ import annotations

import datetime as dt
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from registry.db import db, declare_writer, utcnow
from registry.syncruns.models import SyncLock
from sync.lock import SyncLocked, holder, run_lock

HOST = socket.gethostname()


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen[bytes]]:
    """A live process of this host, other than this one."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _left(session: Session, holder_text: str, age: dt.timedelta = dt.timedelta(0)) -> None:
    """A lock row as a run would have left it, ``age`` ago."""
    session.add(SyncLock(name="sync", holder=holder_text, acquired_at=utcnow() - age))
    session.commit()


def _holder(session: Session) -> str | None:
    return session.scalar(select(SyncLock.holder).where(SyncLock.name == "sync"))


def test_run_lock_is_held_during_the_block_and_released_after(session: Session) -> None:
    with run_lock(session):
        assert _holder(session) == holder()
    assert _holder(session) is None


def test_run_lock_takes_over_at_once_from_a_dead_process_of_this_host(session: Session) -> None:
    _left(session, f"{HOST} pid {_dead_pid()}")
    with run_lock(session):
        assert _holder(session) == holder()


def test_run_lock_is_refused_while_its_holder_on_this_host_lives(
    session: Session, sleeper: subprocess.Popen[bytes]
) -> None:
    _left(session, f"{HOST} pid {sleeper.pid}", age=dt.timedelta(minutes=-1))
    with pytest.raises(SyncLocked, match=re.escape(f"Another sync run ({HOST} pid {sleeper.pid})")):
        _enter(session)


def test_run_lock_takes_over_from_a_pid_reused_since_the_lock_was_taken(
    session: Session, sleeper: subprocess.Popen[bytes]
) -> None:
    # The lock is older than the live process that has its pid now: the holder itself is gone.
    _left(session, f"{HOST} pid {sleeper.pid}", age=dt.timedelta(hours=1))
    with run_lock(session):
        assert _holder(session) == holder()


def test_run_lock_of_another_host_is_refused_until_it_is_stale(session: Session) -> None:
    _left(session, "elsewhere pid 1", age=dt.timedelta(hours=5))
    with pytest.raises(SyncLocked, match=r"Another sync run \(elsewhere pid 1\)"):
        _enter(session)


def test_run_lock_of_another_host_is_taken_over_once_stale(session: Session) -> None:
    _left(session, "elsewhere pid 1", age=dt.timedelta(hours=7))
    with run_lock(session):
        assert _holder(session) == holder()


def test_two_runs_racing_for_a_stale_lock_exactly_one_wins(committing_db: Engine) -> None:
    _left(db.session(), "elsewhere pid 1", age=dt.timedelta(hours=7))
    db.session.remove()
    racers = 4
    start = threading.Barrier(racers)
    outcomes: list[str] = []

    def race() -> None:
        declare_writer()  # as `registry sync run` does: on SQLite a writer queues for the write lock
        session = db.session()
        start.wait()
        try:
            with run_lock(session):
                outcomes.append("won")
                time.sleep(0.3)  # hold it while the others try
        except SyncLocked:
            outcomes.append("refused")
        finally:
            db.session.remove()

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["refused"] * (racers - 1) + ["won"]


def _enter(session: Session) -> None:
    with run_lock(session):
        pass
