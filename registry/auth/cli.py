"""``registry tokens``: create, list and revoke API tokens."""

from __future__ import annotations

import click

from registry.auth.models import DEFAULT_DAYS, MAX_DAYS, ROLES
from registry.conventions import CONVENTIONS
from registry.database_cli import command_transaction, open_database


@click.group("tokens")
def tokens() -> None:
    """API tokens (only their hashes are stored)."""


@tokens.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the token may write.")
@click.option("--party", help="For a party token: the party's code (e.g. KEN).")
@click.option("--convention", type=click.Choice(CONVENTIONS), help="For a secretariat token: its convention.")
@click.option("--name", help="Who or what the token is for (shown in the history).")
@click.option(
    "--expires-in",
    "days",
    type=click.IntRange(1, MAX_DAYS),
    default=DEFAULT_DAYS,
    show_default=True,
    metavar="DAYS",
    help="How many days the token works.",
)
def create(role: str, party: str | None, convention: str | None, name: str | None, days: int) -> None:
    """Create a token and print it once."""
    from registry.auth.services import create_token

    with command_transaction(click.UsageError) as session:
        label = name or " ".join(x for x in (role, party, convention) if x)
        token, secret = create_token(
            session, role=role, name=label, party=party, convention=convention, expires_in_days=days
        )
    click.echo(
        f"Created token {token.id} ({token.name}, {token.role}), working until "
        f"{token.expires_at:%Y-%m-%d %H:%M} UTC. Keep it now; it is not shown again:",
        err=True,
    )
    click.echo(secret)


@tokens.command("list")
def list_() -> None:
    """List tokens (never their secrets)."""
    from registry.auth.services import list_tokens
    from registry.db import db, utcnow

    open_database()
    now = utcnow()
    for token in list_tokens(db.session()):
        scope = token.party_code or token.convention or "all"
        state = token.status(now)
        when = {"revoked": token.revoked_at, "expired": token.expires_at}.get(state) or token.expires_at
        state = f"{state} {when:%Y-%m-%d}" if state != "active" else f"until {when:%Y-%m-%d}"
        click.echo(f"{token.id:>4}  {token.prefix}…  {token.role:<12} {scope:<10} {state:<18} {token.name}")


@tokens.command("revoke")
@click.argument("token_id", type=int)
def revoke(token_id: int) -> None:
    """Revoke token TOKEN_ID (it stops working at once)."""
    from registry.auth.services import revoke_token

    with command_transaction() as session:
        token = revoke_token(session, token_id)
    click.echo(f"Token {token.id} ({token.name}) is revoked.")
