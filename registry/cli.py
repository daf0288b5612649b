"""The ``registry`` command: the group of every feature's commands (each in its own module), and serve."""

from __future__ import annotations

import sys
from importlib.metadata import entry_points
from typing import Any

import click
from sqlalchemy.exc import OperationalError

from registry.audit.cli import history_command
from registry.auth.cli import tokens
from registry.auth.users_cli import users
from registry.config import ConfigError
from registry.database_cli import db_group
from registry.discrepancies.cli import discrepancies_group
from registry.mail.cli import mail
from registry.parties.cli import parties

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
def cli() -> None:
    """The BRS national focal point registry."""


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


for _command in (db_group, parties, tokens, users, history_command, mail, discrepancies_group):
    cli.add_command(_command)


def register_subcommands() -> None:
    """Add the commands of packages built on the registry (the sync), plugged in by entry point: the registry
    does not import them."""
    for entry in entry_points(group="registry.commands"):
        if entry.name not in cli.commands:
            cli.add_command(entry.load(), entry.name)


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``registry`` console script."""
    register_subcommands()
    try:
        return cli.main(args=argv, prog_name="registry")
    except OperationalError as exc:
        click.echo(f"Error: cannot use the database: {str(exc.orig).strip().splitlines()[0]}", err=True)
        sys.exit(1)
