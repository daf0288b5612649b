"""Test set-up: one database per session built by running the migrations, one rolled-back savepoint per test.

The suite runs on SQLite by default, and on PostgreSQL when TEST_DATABASE_URL names a server database
(``make test`` runs it both ways; the PostgreSQL pass leaves out the tests that use no database). Tests that
need real commits seen by other connections (threads, CLI commands, locks) use ``committing_db``, which
empties the tables the test wrote to afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from registry import create_app
from registry.auth.services import create_token
from registry.cli import register_subcommands
from registry.config import PROJECT_ROOT, Settings
from registry.db import db, make_engine, transaction
from registry.parties.seed import seed_parties
from registry.parties.services import import_parties

# Shared fixtures: the browser tests' (Chromium, the served app), a real SMTP server (aiosmtpd) and the app's
# mail sent to it, and a clock that tests move instead of sleeping.
pytest_plugins = ("tests.web.browser.fixtures", "tests.mailserver", "tests.clock", "tests.accounts")

PARTIES_CSV = PROJECT_ROOT / "registry" / "data" / "parties.csv"
# Tables a test may write to, children first (parties and aliases are seeded once per session).
MUTABLE_TABLES = (
    "discrepancies",
    "list_baselines",
    "source_states",
    "sync_locks",
    "sync_runs",
    "changes",
    "designations",
    "contacts",
    "account_events",
    "account_links",
    "user_sessions",
    "sign_in_failures",
    "password_reset_requests",
    "api_tokens",
    "users",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, run only the tests that use a database (those whose fixtures reach
    :func:`database_server`): a test that reads none (parsers, normalization, property tests, catalogs) gives
    the same outcome in both passes, and has had it in the SQLite pass."""
    if not os.environ.get("TEST_DATABASE_URL"):
        return
    uses: dict[bool, list[pytest.Item]] = {True: [], False: []}
    for item in items:
        uses["database_server" in getattr(item, "fixturenames", ())].append(item)
    if uses[False]:
        config.hook.pytest_deselected(items=uses[False])
        items[:] = uses[True]


@pytest.fixture(scope="session")
def database_server() -> str | None:
    """The PostgreSQL server the tests run on (``TEST_DATABASE_URL``), or None: SQLite files. A test that
    makes a database of its own asks for this fixture (and so runs in both passes)."""
    return os.environ.get("TEST_DATABASE_URL") or None


def _server_database(base_url: str) -> Iterator[str]:
    """A throwaway database on the PostgreSQL server of ``base_url``, dropped afterwards."""
    url = make_url(base_url).set(drivername="postgresql+psycopg")
    name = f"registry_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        db.session.remove()
        if db.engine is not None:
            db.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(database_server: str | None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of the session's database: migrated, seeded, with the bundled parties imported."""
    base = database_server
    if base:
        yield from _prepared(_server_database(base))
    else:
        path: Path = tmp_path_factory.mktemp("db") / "registry.db"
        yield from _prepared(iter([f"sqlite:///{path}"]))


def _prepared(urls: Iterator[str]) -> Iterator[str]:
    from registry.database_cli import upgrade_database

    url = next(urls)
    db.init(url)
    upgrade_database(url)
    with transaction() as session:
        seed_parties(session)
        assert not import_parties(session, PARTIES_CSV.read_text()).errors
    yield url
    for _ in urls:  # finish the generator: drops a server database
        pass


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes() -> Iterator[None]:
    """Password hashes at a low scrypt cost (N=256): the production cost (0.1 s or more a hash, as much again
    a check) in the hundreds of tests that make or sign in a user would be most of the suite's time. The same
    function and format; only the cost written in the hash differs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("registry.auth.passwords.HASH_METHOD", "scrypt:256:8:1")
        yield


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    instance = tmp_path_factory.mktemp("instance")
    return Settings(database_url=database_url, secret_key="test-secret", instance_path=instance)


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def app(settings: Settings) -> Flask:
    app = create_app(settings)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def session(app: Flask, engine: Engine) -> Iterator[Session]:
    """The registry's session, inside a transaction that is rolled back after the test.

    Commits made by the code under test (views, services' callers) only release a savepoint.
    """
    connection = engine.connect()
    outer = connection.begin()
    db.session.remove()
    db.session.configure(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield db.session()
    finally:
        db.session.remove()
        outer.rollback()
        connection.close()
        db.session.configure(bind=db.engine, join_transaction_mode="conditional_savepoint")


@pytest.fixture
def committing_db(app: Flask) -> Iterator[Engine]:
    """Real commits (for threads and other connections); the written tables are emptied afterwards."""
    assert db.engine is not None
    yield db.engine
    empty_mutable_tables()


@pytest.fixture
def cli_runner(settings: Settings, committing_db: Engine, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The ``registry`` command's runner, on the test database (commands commit: the tables are emptied
    afterwards)."""
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(settings.instance_path))
    register_subcommands()
    return CliRunner()


def empty_mutable_tables() -> None:
    """Delete every row a test may have committed (parties and their aliases stay)."""
    assert db.engine is not None
    db.session.remove()
    with db.engine.begin() as connection:
        for table in MUTABLE_TABLES:
            connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def client(app: Flask, session: Session) -> FlaskClient:
    return app.test_client()


class Tokens:
    """Makes tokens of each kind for a test, by role name: ``tokens.header("party", party="KEN")``."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def make(self, role: str, **scope: Any) -> str:
        _, secret = create_token(self.session, role=role, name=f"test {role}", **scope)
        self.session.commit()
        return secret

    def header(self, role: str, **scope: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.make(role, **scope)}"}


@pytest.fixture
def tokens(session: Session) -> Tokens:
    return Tokens(session)
