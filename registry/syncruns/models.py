"""Sync runs, the baseline each run keeps of each list, what was last fetched, and the lock between runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.conventions import CONVENTIONS, sql_in
from registry.db import Base, JSONType, Timestamp, UTCDateTime


class SyncRun(Base):
    """One run of the sync, with its report (the contract's JSON shape)."""

    __tablename__ = "sync_runs"
    __table_args__ = (
        CheckConstraint("mode IN ('dry-run', 'apply')", name="mode"),
        CheckConstraint("status IN ('running', 'ok', 'partial', 'failed')", name="status"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    mode: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(8), default="running")
    started_at: Mapped[Timestamp]
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    report: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class ListBaseline(Base):
    """What the last applied run read from a list for one designation (in the list's normalized form).

    The next run compares the list now with this record, and the registry now with ``registry_record``: the
    registry's values for the same fields as they stood after that run.
    """

    __tablename__ = "list_baselines"
    __table_args__ = (
        CheckConstraint(f"convention IN {sql_in(CONVENTIONS)}", name="convention"),
        Index("ix_list_baselines_convention_party", "convention", "party_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    convention: Mapped[str] = mapped_column(String(10))
    party_code: Mapped[str] = mapped_column(String(3))
    designation_id: Mapped[int] = mapped_column(ForeignKey("designations.id"), unique=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("sync_runs.id"))
    record: Mapped[dict[str, Any]] = mapped_column(JSONType)
    registry_record: Mapped[dict[str, Any]] = mapped_column(JSONType)


class SourceState(Base):
    """The last content fetched from a convention's list, kept for conditional GET (a 304 reuses it)."""

    __tablename__ = "source_states"
    __table_args__ = (CheckConstraint(f"convention IN {sql_in(CONVENTIONS)}", name="convention"),)

    convention: Mapped[str] = mapped_column(String(10), primary_key=True)
    location: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(String(300))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    fetched_at: Mapped[Timestamp]


class SyncLock(Base):
    """Held while a run applies: a second run finds the row there (the primary key settles the race)."""

    __tablename__ = "sync_locks"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[Timestamp]
