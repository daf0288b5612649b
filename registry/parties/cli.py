"""``registry parties``: load parties' names and their status under each convention."""

from __future__ import annotations

from pathlib import Path

import click

from registry.database_cli import open_database
from registry.db import transaction


@click.group("parties")
def parties() -> None:
    """Parties and their status under each convention."""


@parties.command("import")
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
