"""``registry discrepancies``: list what the sync found that a person settles, and settle a conflict."""

from __future__ import annotations

import getpass

import click

from registry.audit.cli import plain_value
from registry.conventions import CONVENTIONS
from registry.database_cli import command_transaction, open_database
from registry.discrepancies.models import KEEPS, KINDS, STATUSES, Discrepancy


@click.group("discrepancies")
def discrepancies_group() -> None:
    """Conflicts and lists out of date that the sync found (a person settles conflicts)."""


@discrepancies_group.command("list")
@click.option("--convention", type=click.Choice(CONVENTIONS), help="Only this convention's.")
@click.option("--kind", type=click.Choice(KINDS), help="Only conflicts, or only lists out of date.")
@click.option("--status", type=click.Choice(STATUSES), default="open", show_default=True)
def list_(convention: str | None, kind: str | None, status: str) -> None:
    """List discrepancies, one a line, then each differing field: registry | list | baseline."""
    from registry.db import db
    from registry.discrepancies.services import discrepancies

    open_database()
    stmt = discrepancies(convention=convention, kind=kind, status=status).order_by(Discrepancy.id)
    found = list(db.session().scalars(stmt))
    for discrepancy in found:
        click.echo(_line(discrepancy))
        for name, sides in discrepancy.fields.items():
            values = " | ".join(plain_value(sides.get(side)) for side in ("registry", "list", "baseline"))
            click.echo(f"      {name}: {values}")
    click.echo(f"{len(found)} {status} discrepancies", err=True)


def _line(d: Discrepancy) -> str:
    contact = d.contact or {}
    name = " ".join(p for p in (contact.get("given_name"), contact.get("family_name")) if p)
    name = name or contact.get("organization") or f"contact {d.contact_id}"
    seen = f"last seen {d.last_seen_at:%Y-%m-%d %H:%M} (run {d.last_run_id})"
    settled = f", kept the {d.keep}'s values {d.resolved_at:%Y-%m-%d %H:%M}" if d.resolved_at else ""
    return (
        f"{d.id:>5}  {d.kind:<14} {d.convention:<10} {d.party_code} {d.role:<3} "
        f"designation {d.designation_id}  {name}  {seen}{settled}"
    )


@discrepancies_group.command("resolve")
@click.argument("discrepancy_id", type=int)
@click.option(
    "--keep",
    type=click.Choice(KEEPS),
    required=True,
    help="list: write the list's values now; registry: keep the registry's (the list is out of date).",
)
def resolve_command(discrepancy_id: int, keep: str) -> None:
    """Settle conflict DISCREPANCY_ID (the history names you, the operator, as its author)."""
    from registry.audit.actor import cli_actor
    from registry.discrepancies.services import get_discrepancy, resolve

    with command_transaction() as session:
        discrepancy = get_discrepancy(session, discrepancy_id, for_update=True)
        resolve(session, discrepancy, keep, cli_actor(_operator()))
    click.echo(f"Resolved discrepancy {discrepancy_id}: kept the {keep}'s values.")


def _operator() -> str:
    try:
        return f"operator {getpass.getuser()}"
    except (KeyError, OSError):  # no user name in this environment (a container's uid)
        return "operator"
