"""Alembic environment: migrates the database the registry's settings name (or a connection it is given)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from registry.config import load_settings
from registry.db import make_engine
from registry.models import Base, in_models

target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=in_models,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = make_engine(load_settings().database_url)
    with engine.connect() as connection:
        run_migrations(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run `registry db upgrade`.")
run_migrations_online()
