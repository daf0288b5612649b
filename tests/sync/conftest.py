"""Fixtures shared by the sync tests: the local list server, and a sync run against it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from registry.conventions import CONVENTIONS
from registry.db import db
from sync.runner import RunOptions, run_sync
from tests.sync import synced as synced_rows
from tests.sync.lists import fast_source, sample_paths
from tests.sync.listserver import ListServer

Run = Callable[..., dict[str, Any]]


@pytest.fixture
def list_server() -> Iterator[ListServer]:
    """A running :class:`ListServer` with no routes, closed after the test."""
    with ListServer() as server:
        yield server


@pytest.fixture
def run(session: Session) -> Run:
    """Run the sync in the test's transaction: ``run(sources, dry_run=..., conventions=..., share=...)``."""

    def _run(
        sources: dict[str, str],
        *,
        dry_run: bool = False,
        conventions: tuple[str, ...] = CONVENTIONS,
        share: float = 0.10,
    ) -> dict[str, Any]:
        options = RunOptions(
            sources=sources,
            conventions=conventions,
            dry_run=dry_run,
            max_removed_share=share,
            source_factory=fast_source,
        )
        return run_sync(db.session(), options)

    return _run


Synced = Callable[..., None]


@pytest.fixture
def synced(session: Session, run: Run) -> Synced:
    """``synced("v1", conventions=...)``: the registry as syncing that version's lists into an empty one
    leaves it (only those conventions). The first test asking syncs; the others get its rows
    (tests/sync/synced.py)."""

    def _synced(version: str = "v1", conventions: tuple[str, ...] = CONVENTIONS) -> None:
        key = (version, tuple(conventions))
        if key in synced_rows.kept:
            synced_rows.restore(db.session(), synced_rows.kept[key])
            return
        report = run(sample_paths(version), conventions=conventions)
        assert report["status"] == "ok", report
        synced_rows.kept[key] = synced_rows.capture(db.session())

    return _synced
