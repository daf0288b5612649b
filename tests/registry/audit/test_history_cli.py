"""``registry history``: a readable timeline."""

from __future__ import annotations

from click.testing import CliRunner

from registry.audit.actor import cli_actor
from registry.cli import cli
from registry.contacts.services import update_contact
from registry.db import db
from tests.factories import make_contact


def test_history_prints_each_change_with_its_author(cli_runner: CliRunner) -> None:
    session = db.session()
    contact = make_contact(session, position="Officer")
    update_contact(session, contact, {"position": "Director"}, cli_actor("operator"))
    session.commit()
    result = cli_runner.invoke(cli, ["history", f"contact/{contact.id}"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"contact {contact.id}"
    assert "created  by tests (cli, admin)" in lines[1]
    assert "position: Officer -> Director" in result.output
    assert "updated  by operator (cli, admin)" in result.output


def test_history_of_nothing_is_a_clear_error(cli_runner: CliRunner) -> None:
    result = cli_runner.invoke(cli, ["history", "d999999"])
    assert result.exit_code == 1
    assert "No contact or designation d999999 has any history." in result.output


def test_history_refuses_a_reference_it_cannot_read(cli_runner: CliRunner) -> None:
    result = cli_runner.invoke(cli, ["history", "person/7"])
    assert result.exit_code == 2
