"""``registry mail``: check that the registry's e-mail reaches people."""

from __future__ import annotations

import datetime as dt

import click

from registry.database_cli import open_database
from registry.i18n import DEFAULT, LANGUAGES


@click.group("mail")
def mail() -> None:
    """The registry's e-mail (REGISTRY_SMTP_URL, REGISTRY_MAIL_FROM)."""


@mail.command("test")
@click.argument("to")
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default=DEFAULT,
    show_default=True,
    help="The language the message speaks (the recipient's).",
)
def test(to: str, language: str) -> None:
    """Send a test message to TO (an e-mail address), to check the mail settings."""
    from registry.mail import mailer_for

    settings = open_database()
    at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    delivery = mailer_for(settings).send(to, "test", language, site=settings.base_url, at=at)
    if not delivery.sent:
        raise click.ClickException(f"The test message was not sent: {delivery.error}")
    where = f"written to {delivery.path} (REGISTRY_SMTP_URL is not set)" if delivery.path else "sent"
    click.echo(f"The test message to {to} was {where}.")
