"""Fixtures shared by the sync tests: the local list server, and a sync run against it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from registry.conventions import CONVENTIONS
from registry.db import db
from sync.runner import RunOptions, run_sync
from tests.sync.lists import fast_source
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
