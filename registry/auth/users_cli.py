"""``registry users``: create, list and disable the people who sign in to the web pages."""

from __future__ import annotations

import sys

import click

from registry.auth.models import ROLES
from registry.conventions import CONVENTIONS
from registry.database_cli import command_transaction, open_database


@click.group("users")
def users() -> None:
    """Users of the web pages (only password hashes are stored)."""


@users.command("create")
@click.option("--email", required=True, help="The address the user signs in with.")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may change.")
@click.option("--party", help="For a party user: the party's code (e.g. KEN).")
@click.option("--convention", type=click.Choice(CONVENTIONS), help="For a secretariat user: its convention.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of standard input."
)
def create(email: str, role: str, party: str | None, convention: str | None, password_stdin: bool) -> None:
    """Create a user. Without --password-stdin, the password is asked for twice (never shown)."""
    from registry.auth.users import create_user

    password = _read_password(password_stdin)
    with command_transaction(click.UsageError) as session:
        user = create_user(
            session, email=email, password=password, role=role, party=party, convention=convention
        )
    scope = user.party_code or user.convention or "all"
    click.echo(f"Created user {user.id}: {user.email} ({user.role}, {scope}).")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.removesuffix("\n").removesuffix("\r")
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")
    return password


@users.command("list")
def list_() -> None:
    """List users (never their password hashes)."""
    from registry.auth.users import list_users
    from registry.db import db

    open_database()
    for user in list_users(db.session()):
        scope = user.party_code or user.convention or "all"
        state = f"disabled {user.disabled_at:%Y-%m-%d}" if user.disabled_at else user.status
        click.echo(f"{user.id:>4}  {user.role:<12} {scope:<10} {state:<19} {user.email}")


@users.command("disable")
@click.argument("user_id", type=int)
def disable(user_id: int) -> None:
    """Disable user USER_ID: it can no longer sign in; its sessions end, its links and tokens stop working."""
    from registry.auth.users import disable_user

    with command_transaction() as session:
        user = disable_user(session, user_id)
    click.echo(f"User {user.id} ({user.email}) is disabled.")
