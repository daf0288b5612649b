"""Lists in pages (registry.paging), on the sync runs: keyset pages newest first, and numbered pages."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.paging import keyset_page, numbered_page
from registry.syncruns.models import SyncRun
from registry.syncruns.services import RunPosition, numbered_runs, runs_after

NOON = dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)


def _runs(session: Session, *ids_and_hours: tuple[str, int]) -> None:
    for run_id, hour in ids_and_hours:
        session.add(SyncRun(id=run_id, mode="apply", status="ok", started_at=NOON + dt.timedelta(hours=hour)))
    session.flush()


def test_keyset_page_resumes_after_the_last_run_shown_newest_first(session: Session) -> None:
    _runs(session, ("a", 0), ("b", 1), ("c", 2))
    first = runs_after(session, None, 2)
    assert ([r.id for r in first.items], first.total, first.more) == (["c", "b"], 3, True)
    last = first.items[-1]
    rest = runs_after(session, RunPosition(last.started_at, last.id), 2)
    assert ([r.id for r in rest.items], rest.total, rest.more) == (["a"], 3, False)


def test_keyset_page_orders_runs_of_one_moment_by_id(session: Session) -> None:
    _runs(session, ("x", 0), ("y", 0), ("z", 0))
    first = runs_after(session, None, 1)
    rest = runs_after(session, RunPosition(NOON, first.items[0].id), 5)
    assert [r.id for r in first.items + rest.items] == ["z", "y", "x"]


def test_keyset_page_by_one_key_ascending_counts_only_when_more_follow(session: Session) -> None:
    _runs(session, ("a", 0), ("b", 1))
    stmt = select(SyncRun)
    page = keyset_page(session, stmt, [SyncRun.id], ["a"], 5)
    assert ([r.id for r in page.items], page.total, page.more) == (["b"], 2, False)


def test_numbered_page_says_whether_more_follow(session: Session) -> None:
    _runs(session, *((f"run-{n}", n) for n in range(5)))
    second = numbered_runs(session, 2, 2)
    assert ([r.id for r in second.items], second.total, second.more) == (["run-2", "run-1"], 5, True)
    third = numbered_page(session, select(SyncRun), [SyncRun.id], 3, 2)
    assert ([r.id for r in third.items], third.more) == (["run-4"], False)
