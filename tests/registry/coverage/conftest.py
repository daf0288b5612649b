"""The coverage tests' world (:mod:`tests.registry.coverage.world`), in the test's rolled-back transaction."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.registry.coverage.world import World, build_world


@pytest.fixture
def world(session: Session) -> World:
    built = build_world(session)
    session.commit()  # only a savepoint: the test's transaction is rolled back after it
    return built
