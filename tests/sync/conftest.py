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


class Synced:
    """``synced("v1", "v2", conventions=...)``: the registry as syncing those versions' lists in turn into an
    empty one leaves it (only those conventions; "v1" when no version is named). The first test asking syncs
    (each run must be ``ok``); the others get its rows (tests/sync/synced.py). A test whose subject is such
    a sync makes it itself, then may :meth:`keep` what it left for the tests that start there."""

    def __init__(self, run: Run) -> None:
        self.run = run

    def __call__(self, *versions: str, conventions: tuple[str, ...] = CONVENTIONS) -> None:
        versions = versions or ("v1",)
        key = (versions, tuple(conventions))
        if key in synced_rows.kept:
            synced_rows.restore(db.session(), synced_rows.kept[key])
            return
        if len(versions) > 1:
            self(*versions[:-1], conventions=conventions)
        report = self.run(sample_paths(versions[-1]), conventions=conventions)
        assert report["status"] == "ok", report
        synced_rows.kept[key] = synced_rows.capture(db.session())

    def keep(self, *versions: str, conventions: tuple[str, ...] = CONVENTIONS) -> None:
        """Keep the registry as it stands, which the test's own syncs of ``versions`` (with ``run``, into an
        empty registry) left, for the tests that ask for that state (unless one already has)."""
        key = (versions, tuple(conventions))
        if key not in synced_rows.kept:
            synced_rows.kept[key] = synced_rows.capture(db.session())


@pytest.fixture
def synced(session: Session, run: Run) -> Synced:
    """The registry as a sync of the sample lists leaves it: see :class:`Synced`."""
    return Synced(run)
