"""A run killed outright (SIGKILL: the OOM killer, a reboot) mid-fetch or mid-apply: nothing it did is half
applied, and the next run starts at once, marking the dead one failed. A run stopped by SIGTERM cleans up
after itself."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy import select as query

from registry.config import PROJECT_ROOT, Settings
from registry.db import db
from registry.syncruns.models import SyncLock, SyncRun
from sync.runner import RunOptions, run_sync
from sync.runs import DIED
from tests.sync.lists import fast_source, sample, sample_paths
from tests.sync.listserver import ListServer, slow, static
from tests.sync.state import dump


@pytest.fixture
def child(settings: Settings, committing_db: Engine) -> Iterator[list[subprocess.Popen[str]]]:
    """Sync runs started in child processes (append them); any still alive at the end is killed."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        with process:  # waits, and closes its pipe
            process.kill()


def _start(settings: Settings, sources: dict[str, str], *options: str) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "tests.sync.child_run", "--database-url", settings.database_url, *options]
    args += [f"--source={convention}={location}" for convention, location in sources.items()]
    return subprocess.Popen(args, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)


def _until(condition: Any, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the child run never got there"
        time.sleep(0.05)


def _kill(process: subprocess.Popen[str]) -> None:
    process.kill()  # SIGKILL: no finally block, no atexit, the lock row and the run record left as they were
    process.wait()


def _state() -> dict[str, Any]:
    """What the registry holds now, read in a transaction ended at once (on SQLite, not to keep a lock)."""
    db.session.remove()
    try:
        return dump(db.session())
    finally:
        db.session.remove()


def _next_run() -> dict[str, Any]:
    db.session.remove()
    options = RunOptions(sources=sample_paths("v1"), conventions=("rotterdam",), source_factory=fast_source)
    return run_sync(db.session(), options)


def _runs() -> dict[str, dict[str, Any]]:
    db.session.remove()
    try:
        return {run.id: {"status": run.status} | run.report for run in db.session().scalars(query(SyncRun))}
    finally:
        db.session.remove()


def test_run_killed_mid_fetch_leaves_nothing_and_the_next_starts_at_once(
    settings: Settings, child: list[subprocess.Popen[str]], list_server: ListServer
) -> None:
    before = _state()
    url = list_server.route("/hang.csv", slow(60, static(sample("v1", "rotterdam"))))
    child.append(_start(settings, {"rotterdam": url}))
    _until(lambda: list_server.requests_to("/hang.csv"))
    _kill(child[0])
    assert _state() == before
    started = time.monotonic()
    report = _next_run()
    assert (report["conventions"]["rotterdam"]["status"], time.monotonic() - started < 30) == ("ok", True)


def test_run_killed_mid_fetch_is_marked_failed_by_the_next(
    settings: Settings, child: list[subprocess.Popen[str]], list_server: ListServer
) -> None:
    url = list_server.route("/hang.csv", slow(60, static(sample("v1", "rotterdam"))))
    child.append(_start(settings, {"rotterdam": url}))
    _until(lambda: list_server.requests_to("/hang.csv"))
    _kill(child[0])
    [killed] = _runs()
    _next_run()
    assert (_runs()[killed]["status"], _runs()[killed]["error"]) == ("failed", DIED)


def test_run_killed_mid_apply_leaves_nothing_half_applied(
    settings: Settings, child: list[subprocess.Popen[str]]
) -> None:
    before = _state()
    child.append(_start(settings, {"rotterdam": sample_paths("v1")["rotterdam"]}, "--pause-in-apply"))
    stdout = child[0].stdout
    assert stdout is not None
    assert select.select([stdout], [], [], 30)[0], "the child run never reached its apply"
    assert stdout.readline().strip() == "applying"  # its 419 designations are written, not committed
    _kill(child[0])
    db.session.remove()
    assert dump(db.session()) == before
    report = _next_run()
    assert (
        report["conventions"]["rotterdam"]["status"],
        report["conventions"]["rotterdam"]["summary"]["added"],
    ) == (
        "ok",
        419,
    )


def test_run_stopped_by_sigterm_is_marked_failed_and_lets_go_of_the_lock(
    settings: Settings, child: list[subprocess.Popen[str]], list_server: ListServer
) -> None:
    url = list_server.route("/hang.csv", slow(60, static(sample("v1", "rotterdam"))))
    environment = {**os.environ, "DATABASE_URL": settings.database_url}
    environment["REGISTRY_INSTANCE_PATH"] = str(settings.instance_path)
    command = ["-c", "from registry.cli import main; main()", "sync", "run", "--convention", "rotterdam"]
    child.append(
        subprocess.Popen(
            [sys.executable, *command, "--source", f"rotterdam={url}"],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            text=True,
        )
    )
    _until(lambda: list_server.requests_to("/hang.csv"))
    child[0].send_signal(signal.SIGTERM)
    assert child[0].wait(20) == 128 + signal.SIGTERM
    [stopped] = _runs().values()
    assert (stopped["status"], "asked to stop" in stopped["error"]) == ("failed", True)
    assert _lock_holder() is None


def _lock_holder() -> str | None:
    db.session.remove()
    try:
        return db.session().scalar(query(SyncLock.holder))
    finally:
        db.session.remove()
