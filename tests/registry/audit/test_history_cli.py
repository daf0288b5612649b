"""``registry history``: a readable timeline."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from registry.audit.actor import cli_actor
from registry.cli import cli, register_subcommands
from registry.config import Settings
from registry.contacts.services import update_contact
from registry.db import db
from tests.factories import make_contact


@pytest.fixture
def runner(settings: Settings, committing_db: Engine, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(settings.instance_path))
    register_subcommands()
    return CliRunner()


def test_history_prints_each_change_with_its_author(runner: CliRunner) -> None:
    session = db.session()
    contact = make_contact(session, position="Officer")
    update_contact(session, contact, {"position": "Director"}, cli_actor("operator"))
    session.commit()
    result = runner.invoke(cli, ["history", f"contact/{contact.id}"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"contact {contact.id}"
    assert "created  by tests (cli, admin)" in lines[1]
    assert "position: Officer -> Director" in result.output
    assert "updated  by operator (cli, admin)" in result.output


def test_history_of_nothing_is_a_clear_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["history", "d999999"])
    assert result.exit_code == 1
    assert "No contact or designation d999999 has any history." in result.output


def test_history_refuses_a_reference_it_cannot_read(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["history", "person/7"])
    assert result.exit_code == 2
