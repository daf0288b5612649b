"""Fixtures shared by the sync tests: the local list server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sync.listserver import ListServer


@pytest.fixture
def list_server() -> Iterator[ListServer]:
    """A running :class:`ListServer` with no routes, closed after the test."""
    with ListServer() as server:
        yield server
