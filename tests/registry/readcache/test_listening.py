"""The version kept in the process on PostgreSQL: read once, forgotten when the database says it changed.

These tests commit for real (the listening connection sees only commits). SQLite has no notifications: there
a version is kept while the reader's connection finds ``PRAGMA data_version`` unchanged (no other connection
committed), and the same tests hold.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from registry.auth.services import create_token
from registry.db import db
from registry.readcache import versions
from registry.readcache.listen import Listener, listener
from registry.web.browse import party_stamp
from tests.factories import make_contact, make_designation
from tests.registry.api.helpers import API

pytestmark = pytest.mark.usefixtures("committing_db")


@pytest.fixture
def database_reads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The versions read from the database (not from what the process keeps), in order."""
    reads: list[object] = []
    query = versions._query

    def counted(cursor: object, bind: Engine, stamp: object) -> str:
        reads.append(stamp)
        return query(cursor, bind, stamp)  # type: ignore[arg-type]

    monkeypatch.setattr(versions, "_query", counted)
    return reads


@pytest.fixture
def elsewhere(committing_db: Engine) -> Iterator[Engine]:
    """Another engine on the same database: a commit there is one this process did not make (another
    worker, another machine, the nightly sync)."""
    other = create_engine(committing_db.url)
    yield other
    other.dispose()


def listening() -> Listener:
    assert db.engine is not None
    own = listener(db.engine)
    assert own is not None
    assert own.wait_ready(5.0), "the process never started listening"
    return own


def commit_a_contact_elsewhere(engine: Engine) -> None:
    with engine.connect() as connection:
        session = Session(bind=connection)
        make_contact(session)
        session.flush()
        connection.commit()


def soon(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def on_postgresql() -> bool:
    assert db.engine is not None
    return db.engine.dialect.name == "postgresql"


def test_version_is_read_from_the_database_once_until_a_change(database_reads: list[object]) -> None:
    if on_postgresql():
        listening()
    first = versions.read(db)
    assert versions.read(db) == first
    assert len(database_reads) == 1  # the second is the version kept (SQLite: while data_version holds)


def test_commit_made_elsewhere_reaches_the_version_read_here(elsewhere: Engine) -> None:
    if on_postgresql():
        listening()
    before = versions.read(db)
    commit_a_contact_elsewhere(elsewhere)
    assert soon(lambda: versions.read(db) != before)


def test_read_after_own_commit_sees_it_at_once(database_reads: list[object]) -> None:
    if on_postgresql():
        listening()
    before = versions.read(db)
    make_contact(db.session())
    db.session.commit()
    assert versions.read(db) != before  # no waiting: the commit returned once its process had heard it


def test_api_read_after_own_write_shows_the_write(app: Flask) -> None:
    session = db.session()
    contact = make_contact(session, family_name="Kiprono")
    make_designation(session)
    _, secret = create_token(session, role="admin", name="test admin")
    session.commit()
    client = app.test_client()
    listed = f"{API}/designations?party=KEN"
    before = client.get(listed)
    assert client.get(listed).headers["ETag"] == before.headers["ETag"]
    body = {"convention": "basel", "role": "CA", "contact_id": contact.id}
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.post(f"{API}/designations", json=body, headers=headers).status_code == 201
    after = client.get(listed, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.get_json()["total"] == before.get_json()["total"] + 1


def test_party_status_changed_elsewhere_reaches_the_party_pages_version(elsewhere: Engine) -> None:
    if on_postgresql():
        listening()
    stamp = party_stamp("KEN")
    before = versions.read(db, stamp)
    status = "UPDATE party_statuses SET status = :status WHERE party_code = 'KEN' AND convention = 'basel'"
    with elsewhere.begin() as connection:
        kept = connection.execute(
            text("SELECT status FROM party_statuses WHERE party_code = 'KEN' AND convention = 'basel'")
        ).scalar_one()
        connection.execute(text(status), {"status": "non_party" if kept != "non_party" else "party"})
    try:
        assert soon(lambda: versions.read(db, stamp) != before)
    finally:
        with elsewhere.begin() as connection:
            connection.execute(text(status), {"status": kept})


def test_lost_listening_connection_reads_from_the_database_then_listens_again(
    elsewhere: Engine, database_reads: list[object]
) -> None:
    if not on_postgresql():
        assert db.engine is not None
        assert listener(db.engine) is None  # nothing to listen to
        return
    own = listening()
    versions.read(db)
    with elsewhere.begin() as connection:  # the server ends the listening connection (a restart would too)
        ended = connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'")
        ).all()
    assert ended
    assert all(row[0] for row in ended)
    assert soon(lambda: not own.ready, 5.0)
    before = versions.read(db)
    commit_a_contact_elsewhere(elsewhere)
    assert versions.read(db) != before  # not listening: asked the database, so at once
    assert soon(lambda: own.ready, 5.0)
    reads = len(database_reads)
    versions.read(db)
    versions.read(db)
    assert len(database_reads) == reads + 1  # listening again: kept


def test_own_commit_unheard_makes_reads_ask_the_database_until_a_change_is_heard(
    elsewhere: Engine, database_reads: list[object]
) -> None:
    if not on_postgresql():
        assert db.engine is not None
        assert listener(db.engine) is None
        return
    own = listening()
    versions.read(db)
    assert not own.wait_for("a transaction never heard", 0.01)  # (what a pooler in transaction mode does)
    reads = len(database_reads)
    versions.read(db)
    versions.read(db)
    assert len(database_reads) == reads + 2  # each asked the database
    with elsewhere.connect() as connection:
        session = Session(bind=connection)
        make_contact(session)
        session.flush()
        txid = connection.execute(text("SELECT txid_current()")).scalar_one()
        connection.commit()
    assert own.wait_for(str(txid), 5.0)
    reads = len(database_reads)
    versions.read(db)
    versions.read(db)
    assert len(database_reads) == reads + 1  # heard a change: kept again


def test_read_on_one_worker_right_after_a_write_on_another_sees_it(elsewhere: Engine) -> None:
    # Two engines, each with its own listener on PostgreSQL: two workers. The write's commit returns once
    # its worker has heard it; the other worker's very next read must not be older.
    if on_postgresql():
        listening()
    for _ in range(30):
        before = versions.read(db)
        with Session(elsewhere) as session:
            make_contact(session)
            session.commit()
        assert versions.read(db) != before


def test_write_in_a_savepoint_is_heard_when_the_whole_transaction_commits(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A savepoint's release is no commit: waiting to hear it there would wait for nothing (the sync
    # applies each convention in a savepoint).
    if on_postgresql():
        listening()
    before = versions.read(db)
    session = db.session()
    with caplog.at_level(logging.WARNING, logger="registry.readcache.listen"), session.begin_nested():
        make_contact(session)
    session.commit()
    assert versions.read(db) != before
    assert not [record for record in caplog.records if "not heard" in record.getMessage()]
