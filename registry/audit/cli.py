"""``registry history``: a contact's or designation's timeline, readable in a terminal."""

from __future__ import annotations

from typing import Any

import click

from registry.database_cli import open_database


def _targets(ref: str) -> list[tuple[str, int]]:
    kind, _, number = ref.replace(":", "/").rpartition("/")
    kind = {"c": "contact", "contact": "contact", "d": "designation", "designation": "designation"}.get(
        kind, kind
    )
    if not number.isdigit() and number[:1] in "cd" and number[1:].isdigit():
        kind, number = {"c": "contact", "d": "designation"}[number[0]], number[1:]
    if not number.isdigit() or kind not in ("", "contact", "designation"):
        raise click.UsageError(f"{ref!r}: give a number, or contact/ID, designation/ID (c12, d7 for short)")
    return [(k, int(number)) for k in (("contact", "designation") if not kind else (kind,))]


def plain_value(value: Any) -> str:
    """A field's value on one line of a terminal: lists joined, an address's parts named, empty as (none)."""
    if value in (None, "", [], {}):
        return "(none)"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items() if v) or "(none)"
    return str(value)


def _who(actor: dict[str, Any]) -> str:
    if actor.get("kind") == "sync":
        return f"{actor.get('convention')} list (sync run {actor.get('run_id')})"
    role = f", {actor['role']}" if actor.get("role") else ""
    return f"{actor.get('name')} ({actor.get('kind')}{role})"


@click.command("history")
@click.argument("ref", metavar="CONTACT_OR_DESIGNATION_ID")
def history_command(ref: str) -> None:
    """Print the timeline of a contact or designation: every change, who made it, when.

    A bare number shows the contact and the designation with that id; contact/12 or d7 say which.
    """
    from registry.audit.services import history
    from registry.db import db

    open_database()
    session = db.session()
    shown = 0
    for kind, number in _targets(ref):
        changes = history(session, kind, number)
        if not changes:
            continue
        shown += 1
        click.echo(click.style(f"{kind} {number}", bold=True))
        for change in changes:
            click.echo(f"  {change.at:%Y-%m-%d %H:%M} UTC  {change.kind:<8} by {_who(change.actor)}")
            for name, (old, new) in change.fields.items():
                if change.kind == "created":
                    click.echo(f"      {name}: {plain_value(new)}")
                else:
                    click.echo(f"      {name}: {plain_value(old)} -> {plain_value(new)}")
    if not shown:
        raise click.ClickException(f"No contact or designation {ref} has any history.")
