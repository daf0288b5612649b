"""Read the sync runs: newest first, a page at a time (keyset for the API, numbered for the pages), and one
run with its report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.errors import NotFound
from registry.paging import Order, Page, keyset_page, numbered_page
from registry.syncruns.models import SyncRun

# A run's id is a UUID's 36 characters; a longer text names no run.
MAX_RUN_ID = 36


@dataclass(frozen=True)
class RunPosition:
    """Where a list of runs resumes: after the run that started at ``at`` with id ``id``."""

    at: dt.datetime
    id: str


def runs_after(session: Session, after: RunPosition | None, limit: int) -> Page[SyncRun]:
    """Up to ``limit`` runs, newest first, after ``after`` (None: from the newest)."""
    position = None if after is None else (after.at, after.id)
    keys = [SyncRun.started_at, SyncRun.id]
    return keyset_page(session, select(SyncRun), keys, position, limit, descending=True)


def numbered_runs(session: Session, number: int, size: int) -> Page[SyncRun]:
    """Page ``number`` (from 1) of the runs, newest first, ``size`` a page."""
    order: list[Order] = [SyncRun.started_at.desc(), SyncRun.id.desc()]
    return numbered_page(session, select(SyncRun), order, number, size)


def get_run(session: Session, run_id: str) -> SyncRun:
    """The run with this id, or NotFound."""
    run = session.get(SyncRun, run_id) if len(run_id) <= MAX_RUN_ID else None
    if run is None:
        raise NotFound(f"There is no sync run {run_id!r}.")
    return run
