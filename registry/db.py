"""The database: declarative base with one naming convention, shared column types, engine and sessions.

Services only ``flush``; the boundary (an API view, a CLI command, the sync runner) commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any

import orjson
from sqlalchemy import (
    JSON,
    DateTime,
    Engine,
    Index,
    MetaData,
    Select,
    String,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column, scoped_session, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

from registry import clock
from registry.config import engine_url

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time in UTC, from the registry's clock (which tests may move: registry.clock)."""
    return clock.now()


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


JSONType = JSON().with_variant(JSONB(), "postgresql")

Timestamp = Annotated[dt.datetime, mapped_column(UTCDateTime, default=utcnow)]
ShortText = Annotated[str | None, mapped_column(String(300))]


def partial_unique_index(name: str, *columns: str, where: str) -> Index:
    """A unique index of ``columns`` over the rows that match ``where`` (SQL), on SQLite and PostgreSQL alike:
    "at most one such row", held by the database."""
    condition = text(where)
    return Index(name, *columns, unique=True, sqlite_where=condition, postgresql_where=condition)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Database:
    """The engine and a thread-scoped session, created once per application (or per test)."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.session: scoped_session[Session] = scoped_session(sessionmaker(expire_on_commit=False))

    def init(self, database_url: str) -> Engine:
        """Connect to ``database_url`` and bind the session to it; returns the engine."""
        if self.engine is not None:
            self.session.remove()
            self.engine.dispose()
        self.engine = make_engine(database_url)
        self.session.configure(bind=self.engine)
        return self.engine

    @property
    def is_sqlite(self) -> bool:
        return self.engine is not None and self.engine.dialect.name == "sqlite"

    def remove(self, *_: object) -> None:
        self.session.remove()


db = Database()


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


# JSON columns (a contact's e-mails, per-field sources, the lists' baselines) read and written with orjson:
# the sync reads thousands of them a night.
JSON_CODEC: dict[str, Any] = {"json_serializer": _json_dumps, "json_deserializer": orjson.loads}


def make_engine(database_url: str) -> Engine:
    """An engine for ``database_url``; on SQLite, with foreign keys on and real transactions (savepoints
    work)."""
    url = engine_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, future=True, **JSON_CODEC)
    memory = url.database in (None, "", ":memory:")
    engine = create_engine(
        url,
        **JSON_CODEC,
        connect_args={"check_same_thread": False, "timeout": 30},
        poolclass=StaticPool if memory else None,
    )
    _sqlite_transactions(engine, wal=not memory)
    return engine


def _sqlite_transactions(engine: Engine, *, wal: bool) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; take over, as SQLAlchemy's
    # documentation recommends, so that SQLite transactions behave like PostgreSQL's.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Switching to WAL needs a moment of exclusive access: only ask once, not on every new connection.
        if wal and cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql(f"BEGIN {_sqlite_begin.get()}")


# A writer on SQLite begins IMMEDIATE so that it takes the write lock at once: two writers then queue (up to
# the busy timeout) instead of one failing when it upgrades a read lock. Readers begin DEFERRED and never
# wait.
_sqlite_begin: ContextVar[str] = ContextVar("sqlite_begin", default="DEFERRED")


def declare_writer(writes: bool = True) -> None:
    """Say whether the current request or command will write (matters on SQLite only).

    Said afresh for every request: a worker serves many, in one context.
    """
    _sqlite_begin.set("IMMEDIATE" if writes else "DEFERRED")


@contextmanager
def transaction() -> Iterator[Session]:
    """A unit of work outside a request: commit on success, roll back on any error."""
    declare_writer()
    session = db.session()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def count(session: Session, stmt: Select[Any]) -> int:
    """How many rows ``stmt`` returns."""
    return int(session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)
