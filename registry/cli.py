"""The ``registry`` command: set up the database, import parties, manage tokens, run the sync, serve."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from alembic import command
from alembic.config import Config
from sqlalchemy.exc import OperationalError

from registry.config import ConfigError, Settings, load_settings
from registry.db import db, transaction

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


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


@click.group(context_settings=CONTEXT)
def cli() -> None:
    """The BRS national focal point registry."""


@cli.group("db")
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
    settings = open_database()
    assert db.engine is not None
    with db.engine.begin() as connection:
        config = alembic_config(settings.database_url)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    click.echo(f"Database downgraded to {revision}.")


def upgrade_database(database_url: str) -> None:
    """Run the migrations up to the latest."""
    assert db.engine is not None
    with db.engine.begin() as connection:
        config = alembic_config(database_url)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@cli.group("parties")
def parties_group() -> None:
    """Parties and their status under each convention."""


@parties_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def parties_import(file: Path) -> None:
    """Load parties' names and status from FILE.csv (code, alpha2, name, basel, rotterdam, stockholm).

    Every bad row is reported with its line number, and then nothing is imported.
    """
    from registry.parties.services import import_parties

    open_database()
    with transaction() as session:
        result = import_parties(session, file.read_text(encoding="utf-8-sig"))
        if result.errors:
            session.rollback()
            for line, message in result.errors:
                click.echo(f"{file}:{line}: {message}", err=True)
            raise click.ClickException(f"{len(result.errors)} bad rows; nothing was imported.")
    click.echo(f"Imported {file}: {result.updated} parties updated, {result.unchanged} unchanged.")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the API and the web pages (development server; in production run gunicorn 'wsgi:app')."""
    from registry import create_app

    try:
        app = create_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    app.run(host=host, port=port)


def register_subcommands() -> None:
    from importlib.metadata import entry_points

    from registry.audit.cli import history_command
    from registry.auth.cli import tokens
    from registry.auth.users_cli import users
    from registry.mail.cli import mail

    if "tokens" in cli.commands:
        return
    cli.add_command(tokens)
    cli.add_command(users)
    cli.add_command(history_command)
    cli.add_command(mail)
    # Commands of packages built on the registry (the sync) plug in by entry point: the registry does not
    # import them.
    for entry in entry_points(group="registry.commands"):
        cli.add_command(entry.load(), entry.name)


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``registry`` console script."""
    register_subcommands()
    try:
        return cli.main(args=argv, prog_name="registry")
    except OperationalError as exc:
        click.echo(f"Error: cannot use the database: {str(exc.orig).strip().splitlines()[0]}", err=True)
        sys.exit(1)
