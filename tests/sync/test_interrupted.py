"""Every failure ends the run cleanly: an error in any stage fails its convention only, an interrupted run is
marked failed and lets go of the lock, and a run whose process died is marked failed by the next run."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.db import db, utcnow
from registry.syncruns.models import SyncLock, SyncRun
from sync import runner as runner_module
from sync.records import Fetched, ParsedList
from sync.runner import RunOptions, run_sync
from sync.runs import DIED
from sync.sources import Source
from tests.sync.conftest import Run
from tests.sync.lists import fast_source, sample_paths


class _Breaking:
    """A source that reads as ``convention`` would, but raises ``error`` at ``stage`` ("fetch" or "parse")."""

    def __init__(self, convention: str, stage: str, error: BaseException) -> None:
        self._real = fast_source(convention)
        self.convention, self.covers = convention, self._real.covers
        self.address_layout = self._real.address_layout
        self._stage, self._error = stage, error

    def fetch(self, location: str, **options: Any) -> Fetched:
        if self._stage == "fetch":
            raise self._error
        return self._real.fetch(location, **options)

    def parse(self, content: bytes, *args: Any) -> ParsedList:
        if self._stage == "parse":
            raise self._error
        return self._real.parse(content, *args)


def _run_breaking(convention: str, stage: str, error: BaseException) -> dict[str, Any]:
    def factory(name: str) -> Source:
        return _Breaking(name, stage, error) if name == convention else fast_source(name)

    conventions = ("basel", "rotterdam")
    options = RunOptions(sources=sample_paths("v1"), conventions=conventions, source_factory=factory)
    return run_sync(db.session(), options)


def _runs(session: Session) -> dict[str, SyncRun]:
    return {run.id: run for run in session.scalars(select(SyncRun).execution_options(populate_existing=True))}


def test_an_unexpected_error_while_parsing_fails_that_convention_only(session: Session) -> None:
    report = _run_breaking("basel", "parse", OverflowError("date value out of range"))
    assert report["conventions"]["basel"]["status"] == "failed"
    assert report["conventions"]["basel"]["error"] == (
        "Nothing was read from the basel list: OverflowError: date value out of range"
    )
    assert report["conventions"]["rotterdam"]["status"] == "ok"
    assert report["status"] == "partial"


def test_an_unexpected_error_while_preparing_fails_that_convention_only(
    session: Session, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = runner_module.prepare

    def breaks_on_rotterdam(parsed: ParsedList, *args: Any) -> Any:
        if parsed.convention == "rotterdam":
            raise RecursionError("maximum recursion depth exceeded")
        return real(parsed, *args)

    monkeypatch.setattr(runner_module, "prepare", breaks_on_rotterdam)
    report = run(sample_paths("v1"), conventions=("basel", "rotterdam"))
    assert report["conventions"]["rotterdam"]["status"] == "failed"
    assert "RecursionError" in report["conventions"]["rotterdam"]["error"]
    assert report["conventions"]["basel"]["status"] == "ok"


def test_a_run_stopped_by_ctrl_c_is_marked_failed(session: Session) -> None:
    with pytest.raises(KeyboardInterrupt):
        _run_breaking("rotterdam", "fetch", KeyboardInterrupt())
    [stopped] = _runs(session).values()
    assert (stopped.status, stopped.finished_at is not None) == ("failed", True)
    assert "stopped by the operator" in stopped.report["error"]


def test_a_run_stopped_by_ctrl_c_lets_go_of_the_lock(session: Session) -> None:
    with pytest.raises(KeyboardInterrupt):
        _run_breaking("rotterdam", "fetch", KeyboardInterrupt())
    assert session.scalars(select(SyncLock)).all() == []


def test_a_run_whose_process_died_is_marked_failed_by_the_next(session: Session, run: Run) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    started = utcnow() - dt.timedelta(minutes=5)
    session.add(SyncRun(id="died-mid-fetch", mode="apply", status="running", started_at=started))
    session.add(SyncLock(name="sync", holder=f"{socket.gethostname()} pid {gone.pid}", acquired_at=started))
    session.commit()
    report = run(sample_paths("v1"), conventions=("rotterdam",))
    runs = _runs(session)
    assert (runs["died-mid-fetch"].status, runs["died-mid-fetch"].report["error"]) == ("failed", DIED)
    assert runs[report["run_id"]].status == "ok"
