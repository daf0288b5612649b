"""The registry as a sync of the sample lists leaves it, without syncing again in every test.

The first test that asks for a state (say, "v1 synced, all conventions") runs the real sync and keeps the
rows it wrote; later tests get the same rows inserted into their own (rolled-back) transaction, which takes a
fraction of the time. The rows are what the sync wrote, ids and all: the tables are empty at a test's start,
and a database's id sequences only grow, so later inserts never collide with them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.db import Base

# Every table a sync writes, parents first.
TABLES = (
    "sync_runs",
    "source_states",
    "contacts",
    "designations",
    "changes",
    "list_baselines",
    "discrepancies",
)
Rows = dict[str, list[dict[str, Any]]]
# Kept for the whole test session, by (versions synced in turn, conventions).
kept: dict[tuple[tuple[str, ...], tuple[str, ...]], Rows] = {}


def capture(session: Session) -> Rows:
    """Every row the sync writes, as it stands in ``session``."""
    tables = Base.metadata.tables
    return {name: [dict(row) for row in session.execute(select(tables[name])).mappings()] for name in TABLES}


def restore(session: Session, rows: Rows) -> None:
    """Insert rows that :func:`capture` kept (into tables the test has left empty), and commit.

    The values go to the driver as the columns' types would send them, through the session's connection
    (and its transaction): on PostgreSQL by COPY, on SQLite by one prepared INSERT a table. An INSERT of
    some 6,000 rows through SQLAlchemy took 0.6 s on PostgreSQL, and this runs in dozens of tests."""
    connection = session.connection()
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    cursor = connection.connection.cursor()
    try:
        for name in TABLES:
            if not rows[name]:
                continue
            columns = list(Base.metadata.tables[name].columns)
            processors = [column.type.bind_processor(dialect) for column in columns]
            values = [
                tuple(
                    process(row[column.name]) if process else row[column.name]
                    for column, process in zip(columns, processors, strict=True)
                )
                for row in rows[name]
            ]
            names = ", ".join(quote(column.name) for column in columns)
            if dialect.name == "postgresql":
                with cursor.copy(f"COPY {quote(name)} ({names}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(f"INSERT INTO {quote(name)} ({names}) VALUES ({marks})", values)
    finally:
        cursor.close()
    session.commit()
