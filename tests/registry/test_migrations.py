"""The schema comes from the migrations: they go up, down to nothing and up again, and match the models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from registry.database_cli import migrate
from registry.db import make_engine
from registry.models import Base, in_models
from tests.conftest import _server_database


@pytest.fixture
def empty_database(database_server: str | None, tmp_path: Path) -> Iterator[Engine]:
    """A database of its own, with nothing in it (a new file, or a new database on the test server)."""
    base = database_server
    urls = _server_database(base) if base else iter([f"sqlite:///{tmp_path / 'empty.db'}"])
    url = next(urls)
    engine = make_engine(url)
    yield engine
    engine.dispose()
    for _ in urls:
        pass


_migrate = migrate


def _migrate_holding(engine: Engine, inserts: Sequence[str], start: str, direction: str, end: str) -> None:
    """Upgrade ``engine`` to ``start``, run the ``inserts`` there, then go ``direction`` to ``end``."""
    _migrate(engine, "upgrade", start)
    with engine.begin() as connection:
        for insert in inserts:
            connection.execute(text(insert))
    _migrate(engine, direction, end)


def _scalar(engine: Engine, query: str) -> object:
    with engine.connect() as connection:
        return connection.execute(text(query)).scalar()


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


def test_migrations_upgrade_a_database_that_holds_data(empty_database: Engine) -> None:
    # The first migration's schema with a contact and its designation, then every later migration: on SQLite
    # a table rebuilt under rows that others refer to must not trip the foreign keys.
    _migrate_holding(empty_database, [PARTY, PARTY_STATUS, CONTACT, DESIGNATION], FIRST, "upgrade", "head")
    assert _scalar(empty_database, "SELECT count(*) FROM designations") == 1
    assert _scalar(empty_database, "SELECT status FROM party_statuses") == "party"


FIRST = "01a7db40b55a"
PARTY = "INSERT INTO parties (code, alpha2, name, kind) VALUES ('KEN', 'KE', 'Kenya', 'state')"
PARTY_STATUS = "INSERT INTO party_statuses (party_code, convention, status) VALUES ('KEN', 'basel', 'party')"
CONTACT = (
    "INSERT INTO contacts (id, party_code, emails, phones, faxes, unparsed_phones, search_text, sources, "
    "created_at, updated_at, version) VALUES (1, 'KEN', '[]', '[]', '[]', '[]', '', '{}', "
    "'2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
)
DESIGNATION = (
    "INSERT INTO designations (convention, role, party_code, contact_id, is_transit, starts_on, source, "
    "created_at, updated_at, version) VALUES ('basel', 'FP', 'KEN', 1, false, '2020-01-01', 'api', "
    "'2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
)
TOKEN = (
    "INSERT INTO api_tokens (name, role, token_hash, prefix, created_at) "
    "VALUES ('ops', 'admin', 'hash', 'brs_abcdef', '2025-01-01 00:00:00')"
)
INVITED = (
    "INSERT INTO users (email, role, created_at) VALUES ('new@example.org', 'admin', '2026-01-01 00:00:00')"
)


def test_tokens_made_before_they_expired_work_a_year_after_the_upgrade(empty_database: Engine) -> None:
    _migrate_holding(empty_database, [TOKEN], "ba485874a141", "upgrade", "14f067b445df")
    stored = _scalar(empty_database, "SELECT expires_at FROM api_tokens")
    expires = dt.datetime.fromisoformat(str(stored)).replace(tzinfo=dt.UTC)
    assert abs(expires - (dt.datetime.now(dt.UTC) + dt.timedelta(days=365))) < dt.timedelta(minutes=5)


def test_accounts_migration_downgrades_with_an_invited_person(empty_database: Engine) -> None:
    _migrate_holding(empty_database, [INVITED], "14f067b445df", "downgrade", "ba485874a141")
    assert _scalar(empty_database, "SELECT password_hash FROM users") == "!"
    assert "account_links" not in inspect(empty_database).get_table_names()
