"""``registry discrepancies list|resolve`` as an operator runs them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from registry.audit.services import history
from registry.cli import cli
from registry.contacts.models import Contact
from registry.db import db
from registry.discrepancies.models import Discrepancy
from tests.factories import make_discrepancy


@pytest.fixture
def conflict(cli_runner: CliRunner) -> int:
    session = db.session()
    made = make_discrepancy(session, listed="Adviser")
    session.commit()
    db.session.remove()
    return made.id


def _invoke(cli_runner: CliRunner, *args: str) -> tuple[int, str]:
    result = cli_runner.invoke(cli, ["discrepancies", *args])
    return result.exit_code, result.output


def test_discrepancies_list_shows_each_open_one_and_its_fields(cli_runner: CliRunner, conflict: int) -> None:
    code, output = _invoke(cli_runner, "list", "--convention", "basel", "--kind", "conflict")
    assert code == 0, output
    assert f"{conflict:>5}  conflict" in output
    assert "position: (none) | Adviser | (none)" in output


def test_discrepancies_list_filters_by_status(cli_runner: CliRunner, conflict: int) -> None:
    code, output = _invoke(cli_runner, "list", "--status", "resolved")
    assert code == 0, output
    assert "conflict" not in output


def test_discrepancies_resolve_writes_the_list_value_as_the_operator(
    cli_runner: CliRunner, conflict: int
) -> None:
    code, output = _invoke(cli_runner, "resolve", str(conflict), "--keep", "list")
    assert code == 0, output
    resolved = db.session().get_one(Discrepancy, conflict)
    contact = db.session().get_one(Contact, resolved.contact_id)
    assert (resolved.status, resolved.keep, contact.position) == ("resolved", "list", "Adviser")
    author = history(db.session(), "contact", contact.id)[-1].actor
    assert (author["kind"], author["name"].startswith("operator")) == ("cli", True)


def test_discrepancies_resolve_twice_fails_and_says_why(cli_runner: CliRunner, conflict: int) -> None:
    _invoke(cli_runner, "resolve", str(conflict), "--keep", "registry")
    code, output = _invoke(cli_runner, "resolve", str(conflict), "--keep", "list")
    assert code == 1
    assert "no longer open" in output


def test_discrepancies_resolve_needs_keep(cli_runner: CliRunner, conflict: int) -> None:
    code, output = _invoke(cli_runner, "resolve", str(conflict))
    assert code == 2
    assert "--keep" in output
