"""``registry db``, and what every command needs of the database: the settings checked and the database
connected (:func:`open_database`), a unit of work whose refusal is a one-line error
(:func:`command_transaction`), and the migrations (:func:`upgrade_database`).

A leaf of the command modules: it imports none of them, so that each of them (and the sync's) may import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from registry.config import ConfigError, Settings, load_settings
from registry.db import db, transaction
from registry.errors import RegistryError


def alembic_config(database_url: str) -> Config:
    """Alembic's configuration for the migrations installed with the registry (a source checkout's, or a
    wheel's: they are the ``migrations`` package, not files beside it)."""
    import migrations

    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    config.attributes["database_url"] = database_url
    return config


def open_database() -> Settings:
    """Settings checked and the database connected, or a one-line error and exit status 1."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    import registry.models  # noqa: F401  (every model mapped before any query: relationships name each other)

    db.init(settings.database_url)
    return settings


@contextmanager
def command_transaction(refusal: type[click.ClickException] = click.ClickException) -> Iterator[Session]:
    """A command's unit of work in the database it opens (:func:`open_database`), committed at the end; a
    request the registry refuses is rolled back and ends the command with its message as a ``refusal``
    (ClickException: exit status 1; UsageError: 2)."""
    open_database()
    try:
        with transaction() as session:
            yield session
    except RegistryError as exc:
        raise refusal(refusal_message(exc)) from None


def refusal_message(exc: RegistryError) -> str:
    """A refusal in one line: the message of each field, else the whole request's."""
    if exc.errors:
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.errors.items())
    return exc.detail


def upgrade_database(database_url: str) -> None:
    """Run the migrations up to the latest."""
    assert db.engine is not None
    migrate(db.engine, "upgrade", "head")


def migrate(engine: Engine, direction: str, revision: str) -> None:
    """Migrate ``engine``'s database ("upgrade" or "downgrade") to ``revision``, in one transaction.

    SQLite changes a table by building a new one and dropping the old (Alembic's batch mode), which its
    foreign keys forbid while other tables refer to the old one: they are switched off for the migration
    (on the connection, before the transaction: inside one SQLite ignores the switch) and every reference
    is checked before the transaction commits.
    """
    step: Callable[[Config, str], None] = getattr(command, direction)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                config = alembic_config(engine.url.render_as_string(hide_password=False))
                config.attributes["connection"] = connection
                step(config, revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("the migration left rows that refer to missing rows")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


@click.group("db")
def db_group() -> None:
    """Set up and migrate the database."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply the migrations and seed the party table (safe to run again)."""
    from registry.parties.seed import seed_parties

    settings = open_database()
    upgrade_database(settings.database_url)
    with transaction() as session:
        added = seed_parties(session)
    click.echo(f"Database is up to date ({_safe_url(settings.database_url)}); {added} parties added.")


@db_group.command("downgrade")
@click.argument("revision", default="base")
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION (default: base, an empty database)."""
    open_database()
    assert db.engine is not None
    migrate(db.engine, "downgrade", revision)
    click.echo(f"Database downgraded to {revision}.")


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
