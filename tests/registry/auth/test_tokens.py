"""API tokens expire (365 days unless their maker chose otherwise; an expired one is a 401 that says so) and
record their last use at most once a minute (a request compares before it writes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from registry.auth.models import ApiToken
from registry.auth.services import create_token
from registry.cli import cli, register_subcommands
from registry.config import Settings
from registry.db import db, utcnow
from registry.errors import InvalidInput
from tests.clock import MovedClock
from tests.registry.api.helpers import API, assert_problem

# A read that needs a token: the users an admin may manage.
NEEDS_TOKEN = f"{API}/users"


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def token_updates(engine: Engine) -> Iterator[list[str]]:
    """The UPDATE statements of api_tokens run while the test runs."""
    seen: list[str] = []

    def _collect(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE API_TOKENS"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", _collect)
    yield seen
    event.remove(engine, "before_cursor_execute", _collect)


def test_create_token_expires_after_365_days_by_default(session: Session) -> None:
    token, _ = create_token(session, role="admin", name="ops")
    assert token.expires_at - token.created_at == dt.timedelta(days=365)


def test_create_token_refuses_a_lifetime_of_no_days(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_token(session, role="admin", name="ops", expires_in_days=0)
    assert set(refused.value.errors or {}) == {"expires_in"}


def test_token_works_until_it_expires(client: FlaskClient, session: Session, clock: MovedClock) -> None:
    _, secret = create_token(session, role="admin", name="ops", expires_in_days=30)
    session.commit()
    clock.advance(days=29, hours=23)
    assert client.get(NEEDS_TOKEN, headers=_bearer(secret)).status_code == 200


def test_expired_token_is_a_401_that_says_it_expired(
    client: FlaskClient, session: Session, clock: MovedClock
) -> None:
    token, secret = create_token(session, role="admin", name="ops")
    session.commit()
    clock.advance(days=365, seconds=1)
    response = client.get(NEEDS_TOKEN, headers=_bearer(secret))
    body = assert_problem(response, 401)
    assert f"This token expired on {token.expires_at:%Y-%m-%d %H:%M} UTC" in body["detail"]
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="registry"'


def test_first_use_of_a_token_is_recorded(client: FlaskClient, session: Session) -> None:
    token, secret = create_token(session, role="admin", name="ops")
    session.commit()
    before = utcnow()
    client.get(NEEDS_TOKEN, headers=_bearer(secret))
    used = db.session().scalar(select(ApiToken.last_used_at).where(ApiToken.id == token.id))
    assert used is not None
    assert used >= before


def test_token_use_is_written_at_most_once_a_minute(
    client: FlaskClient, session: Session, token_updates: list[str], clock: MovedClock
) -> None:
    _, secret = create_token(session, role="admin", name="ops")
    session.commit()
    for _ in range(5):
        assert client.get(NEEDS_TOKEN, headers=_bearer(secret)).status_code == 200
    assert len(token_updates) == 1
    clock.advance(seconds=61)
    client.get(NEEDS_TOKEN, headers=_bearer(secret))
    assert len(token_updates) == 2


def test_refused_write_still_records_the_tokens_use(client: FlaskClient, session: Session) -> None:
    token, secret = create_token(session, role="party", party="KEN", name="ken")
    session.commit()
    response = client.post(
        f"{API}/users", json={"email": "x@example.org", "role": "admin"}, headers=_bearer(secret)
    )
    assert response.status_code == 403
    used = db.session().scalar(select(ApiToken.last_used_at).where(ApiToken.id == token.id))
    assert used is not None


@pytest.fixture
def cli_runner(settings: Settings, committing_db: Engine, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(settings.instance_path))
    register_subcommands()
    return CliRunner()


def test_tokens_create_expires_in_the_days_asked(cli_runner: CliRunner) -> None:
    created = cli_runner.invoke(cli, ["tokens", "create", "--role", "admin", "--expires-in", "30"])
    assert created.exit_code == 0, created.output
    token = db.session().scalars(select(ApiToken)).one()
    assert token.expires_at - token.created_at == dt.timedelta(days=30)
    assert f"working until {token.expires_at:%Y-%m-%d %H:%M} UTC" in created.stderr


def test_tokens_create_refuses_zero_days(cli_runner: CliRunner) -> None:
    created = cli_runner.invoke(cli, ["tokens", "create", "--role", "admin", "--expires-in", "0"])
    assert created.exit_code == 2
    assert "--expires-in" in created.output


def test_tokens_list_says_until_when_each_works(cli_runner: CliRunner) -> None:
    cli_runner.invoke(cli, ["tokens", "create", "--role", "admin", "--expires-in", "10"])
    token = db.session().scalars(select(ApiToken)).one()
    listed = cli_runner.invoke(cli, ["tokens", "list"]).output
    assert f"until {token.expires_at:%Y-%m-%d}" in listed
