"""``registry sync run``'s exit status while conflicts wait for a person, and its summary by e-mail
(``--notify``), as cron runs it: v1, a person's edits, v2, then the conflicts resolved."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from registry.audit.actor import cli_actor
from registry.cli import cli
from registry.config import Settings
from registry.contacts.models import Contact
from registry.contacts.services import update_contact
from registry.db import db, utcnow
from registry.discrepancies.models import Discrepancy
from tests.mailserver import Inbox
from tests.sync import synced as synced_rows
from tests.sync.lists import SAMPLES
from tests.sync.scenario import EDITS
from tests.web.helpers import make_user

V1 = f"rotterdam={SAMPLES / 'v1' / 'rotterdam.csv'}"
V2 = f"rotterdam={SAMPLES / 'v2' / 'rotterdam.csv'}"


def _sync(cli_runner: CliRunner, source: str, *args: str) -> tuple[int, str]:
    result = cli_runner.invoke(cli, ["sync", "run", "--convention", "rotterdam", "--source", source, *args])
    return result.exit_code, result.output


# The registry as _edited leaves it: kept by the first test that makes it, inserted (and committed) by the
# others (tests/sync/synced.py), whose subject is the runs that come after.
_after_edits: list[synced_rows.Rows] = []


def _edited(cli_runner: CliRunner) -> None:
    """v1 synced, then the people's edits (committed, as the API would)."""
    if _after_edits:
        synced_rows.restore(db.session(), _after_edits[0])
        return
    assert _sync(cli_runner, V1)[0] == 0
    session = db.session()
    for email, body in EDITS.items():
        [contact] = [c for c in session.scalars(select(Contact)) if email in c.emails]
        update_contact(session, contact, body, cli_actor("a person"))
    session.commit()
    db.session.remove()
    _after_edits.append(synced_rows.capture(db.session()))


def _open_conflicts() -> list[int]:
    stmt = select(Discrepancy.id).where(Discrepancy.kind == "conflict", Discrepancy.status == "open")
    db.session.remove()
    return list(db.session().scalars(stmt))


def test_sync_run_exits_3_while_conflicts_wait(cli_runner: CliRunner) -> None:
    _edited(cli_runner)
    code, output = _sync(cli_runner, V2)
    assert code == 3, output
    assert len(_open_conflicts()) == 2


def test_sync_run_exits_3_again_with_the_same_lists(cli_runner: CliRunner) -> None:
    _edited(cli_runner)
    _sync(cli_runner, V2)
    assert _sync(cli_runner, V2)[0] == 3


def test_sync_run_exits_0_once_the_conflicts_are_resolved(cli_runner: CliRunner) -> None:
    _edited(cli_runner)
    _sync(cli_runner, V2)
    for number, keep in zip(_open_conflicts(), ("list", "registry"), strict=True):
        result = cli_runner.invoke(cli, ["discrepancies", "resolve", str(number), "--keep", keep])
        assert result.exit_code == 0, result.output
    code, output = _sync(cli_runner, V2)
    assert code == 0, output


def test_dry_run_exits_3_for_the_conflicts_it_would_open(cli_runner: CliRunner) -> None:
    _edited(cli_runner)
    assert _sync(cli_runner, V2, "--dry-run")[0] == 3
    assert _open_conflicts() == []


def test_notify_mails_the_secretariats_of_the_runs_conventions(
    cli_runner: CliRunner, smtp_server: tuple[str, Inbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, inbox = smtp_server
    monkeypatch.setenv("REGISTRY_SMTP_URL", url)
    monkeypatch.setenv("REGISTRY_BASE_URL", "https://registry.example.org")
    _edited(cli_runner)
    _users()
    _sync(cli_runner, V2, "--notify")
    assert sorted(str(m["To"]) for m in inbox.messages) == ["all@sec.example", "rotterdam@sec.example"]
    body = inbox.text()
    conflict = _open_conflicts()[0]
    assert f"https://registry.example.org/discrepancies/{conflict}" in body
    assert "Conflicts waiting for a person: 2." in body


def _users() -> None:
    """Secretariat users of Rotterdam, of every convention, of Basel, a disabled one, and a party user."""
    session = db.session()
    make_user(session, "secretariat", convention="rotterdam").email = "rotterdam@sec.example"
    make_user(session, "secretariat").email = "all@sec.example"
    make_user(session, "secretariat", convention="basel").email = "basel@sec.example"
    make_user(session, "secretariat", convention="rotterdam").disabled_at = utcnow()
    make_user(session, "party", party="KEN")
    session.commit()


def test_notify_without_a_mail_server_writes_eml_files_that_say_where_to_look(
    cli_runner: CliRunner, settings: Settings
) -> None:
    _edited(cli_runner)
    _users()
    code, output = _sync(cli_runner, V2, "--notify")
    assert code == 3, output
    written = sorted(Path(settings.instance_path, "mail").glob("*.eml"))
    assert written
    text = written[-1].read_text()
    assert "REGISTRY_BASE_URL is not set" in text


def test_notify_says_which_convention_failed_and_why(
    cli_runner: CliRunner, smtp_server: tuple[str, Inbox], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url, inbox = smtp_server
    monkeypatch.setenv("REGISTRY_SMTP_URL", url)
    _users()
    code, output = _sync(cli_runner, f"rotterdam={tmp_path / 'missing.csv'}", "--notify")
    assert code == 1, output
    [message] = [m for m in inbox.messages if m["To"] == "rotterdam@sec.example"]
    assert "Rotterdam need a look" in str(message["Subject"])
    assert "missing.csv" in inbox.text(inbox.messages.index(message))
