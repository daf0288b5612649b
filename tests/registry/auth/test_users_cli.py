"""``registry users``: create (the password asked twice, or from standard input), list, disable."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import func, select

from registry.auth.models import User
from registry.auth.users import check_credentials
from registry.cli import cli
from registry.db import db

PASSWORD = "correct horse battery staple"


def _create(cli_runner: CliRunner, *args: str, stdin: str = PASSWORD + "\n") -> tuple[int, str]:
    result = cli_runner.invoke(cli, ["users", "create", *args], input=stdin)
    return result.exit_code, result.output


def test_users_create_reads_the_password_from_stdin(cli_runner: CliRunner) -> None:
    code, output = _create(
        cli_runner, "--email", "Ken@Example.org", "--role", "party", "--party", "KEN", "--password-stdin"
    )
    assert code == 0, output
    assert "(party, KEN)" in output
    assert check_credentials(db.session(), "ken@example.org", PASSWORD) is not None


def test_users_create_asks_for_the_password_twice_and_never_shows_it(cli_runner: CliRunner) -> None:
    code, output = _create(
        cli_runner, "--email", "admin@example.org", "--role", "admin", stdin=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert code == 0, output
    assert "Repeat the password" in output
    assert PASSWORD not in output


def test_users_create_refuses_passwords_that_differ(cli_runner: CliRunner) -> None:
    code, output = _create(
        cli_runner, "--email", "admin@example.org", "--role", "admin", stdin=f"{PASSWORD}\nother\n"
    )
    assert code == 1
    assert "The two entered values do not match." in output
    assert db.session().scalar(select(func.count()).select_from(User)) == 0


def test_users_create_of_a_party_user_without_party_is_a_usage_error(cli_runner: CliRunner) -> None:
    code, output = _create(cli_runner, "--email", "x@example.org", "--role", "party", "--password-stdin")
    assert code == 2
    assert "party: A party user needs a party (its code, such as KEN)." in output


def test_users_list_shows_users_without_their_hashes(cli_runner: CliRunner) -> None:
    _create(
        cli_runner,
        "--email",
        "sec@example.org",
        "--role",
        "secretariat",
        "--convention",
        "basel",
        "--password-stdin",
    )
    result = cli_runner.invoke(cli, ["users", "list"])
    assert "secretariat  basel" in result.output
    assert "sec@example.org" in result.output
    assert "scrypt" not in result.output


def test_users_disable_stops_signing_in(cli_runner: CliRunner) -> None:
    _create(cli_runner, "--email", "sec@example.org", "--role", "secretariat", "--password-stdin")
    user_id = db.session().scalar(select(User.id))
    result = cli_runner.invoke(cli, ["users", "disable", str(user_id)])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert check_credentials(db.session(), "sec@example.org", PASSWORD) is None


def test_users_disable_of_an_unknown_user_is_an_error(cli_runner: CliRunner) -> None:
    result = cli_runner.invoke(cli, ["users", "disable", "999999"])
    assert result.exit_code == 1
    assert "There is no user 999999." in result.output
