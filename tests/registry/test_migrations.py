"""The schema comes from the migrations: they go up, down to nothing and up again, and match the models."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from registry.database_cli import alembic_config
from registry.db import make_engine
from registry.models import Base, in_models
from tests.conftest import _server_database


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[Engine]:
    """A database of its own, with nothing in it (a new file, or a new database on the test server)."""
    base = os.environ.get("TEST_DATABASE_URL")
    urls = _server_database(base) if base else iter([f"sqlite:///{tmp_path / 'empty.db'}"])
    url = next(urls)
    engine = make_engine(url)
    yield engine
    engine.dispose()
    for _ in urls:
        pass


def _migrate(engine: Engine, direction: str, revision: str) -> None:
    with engine.begin() as connection:
        config = alembic_config(str(engine.url))
        config.attributes["connection"] = connection
        getattr(command, direction)(config, revision)


def test_migrations_upgrade_downgrade_to_base_and_upgrade_again(empty_database: Engine) -> None:
    _migrate(empty_database, "upgrade", "head")
    assert {"parties", "contacts", "designations", "changes"} <= set(
        inspect(empty_database).get_table_names()
    )
    _migrate(empty_database, "downgrade", "base")
    assert set(inspect(empty_database).get_table_names()) <= {"alembic_version"}
    _migrate(empty_database, "upgrade", "head")
    assert "designations" in inspect(empty_database).get_table_names()


def test_models_and_migrations_agree(engine: Engine) -> None:
    # What `alembic check` does: the migrated test database against the models' metadata.
    with engine.connect() as connection:
        opts = {"compare_type": True, "include_name": in_models}
        context = MigrationContext.configure(connection, opts=opts)
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_party_statuses_dates_come_back_with_a_downgrade(empty_database: Engine) -> None:
    def columns() -> set[str]:
        return {c["name"] for c in inspect(empty_database).get_columns("party_statuses")}

    _migrate(empty_database, "upgrade", "ba485874a141")
    assert not {"signed_on", "joined_on"} & columns()
    _migrate(empty_database, "downgrade", "3275f39f48a1")
    assert {"signed_on", "joined_on"} <= columns()
