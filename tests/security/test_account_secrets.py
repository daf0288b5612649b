"""No secret outlives its mail or its one showing: no invitation or reset link, no token, nor the hash of
any, in a history entry (the accounts' history, the change log, the feed) or a log line (the registry's, or
a server's request log); and each step of an account's life in the history with its author."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import threading
import urllib.error
import urllib.request

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from tests.accounts import choose_password, link_in, wait_for_mail
from tests.conftest import Tokens
from tests.mailserver import Inbox
from tests.web.helpers import csrf_token
from tests.web.helpers import text as page_text


def _every_secret(client: FlaskClient, session: Session, tokens: Tokens, mailbox: Inbox) -> list[str]:
    """Invite, accept, reset, make a token on the page, use it and revoke it; every secret given out."""
    admin = tokens.header("admin")
    client.post(
        "/api/v1/users",
        json={"email": "a.wanjiku@nema.go.ke", "role": "party", "party": "KEN"},
        headers=admin,
    )
    invitation = link_in(mailbox)
    assert choose_password(client, invitation).status_code == 302
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    client.post(
        "/password-reset",
        data={"email": "a.wanjiku@nema.go.ke", "csrf_token": csrf_token(client, "/password-reset")},
    )
    wait_for_mail(mailbox, 2)
    reset = link_in(mailbox)
    assert choose_password(client, reset).status_code == 302
    made = page_text(
        client.post(
            "/account/tokens",
            data={
                "name": "export",
                "role": "party",
                "party": "KEN",
                "expires_in": "30",
                "csrf_token": csrf_token(client, "/account/tokens"),
            },
        )
    )
    token = re.search(r'value="(brs_[^"]+)"', made).group(1)  # type: ignore[union-attr]
    client.get("/api/v1/users", headers={"Authorization": f"Bearer {token}"})
    token_id = session.scalar(text("SELECT id FROM api_tokens WHERE name = 'export'"))
    client.post(
        f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(client, "/account/tokens")}
    )
    given = [invitation.rsplit("/", 1)[1], reset.rsplit("/", 1)[1], token, tokens.make("admin")]
    return given + [hashlib.sha256(secret.encode()).hexdigest() for secret in given]


def test_no_secret_in_any_history_entry_or_log_line(
    client: FlaskClient, session: Session, tokens: Tokens, mailbox: Inbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    given = _every_secret(client, session, tokens, mailbox)
    events = [
        json.dumps([str(value) for value in row])
        for row in session.execute(text("SELECT * FROM account_events"))
    ]
    changes = [
        json.dumps([str(value) for value in row]) for row in session.execute(text("SELECT * FROM changes"))
    ]
    admin = tokens.header("admin")
    history = client.get("/api/v1/account-events?limit=500", headers=admin)
    kinds = {item["kind"] for item in history.get_json()["items"]}
    assert {"invited", "invitation_accepted", "password_reset", "token_created", "token_revoked"} <= kinds
    answers = [
        history.get_data(as_text=True),
        client.get("/api/v1/changes", headers=admin).get_data(as_text=True),
    ]
    # The test's SMTP server (aiosmtpd, logger "mail.log") logs each mail it receives: it is the mailbox.
    logged = [record.getMessage() for record in caplog.records if not record.name.startswith("mail.log")]
    recorded = "\n".join([*events, *changes, *answers, *logged])
    assert [secret for secret in given if secret in recorded] == []


def test_account_history_names_the_author_of_each_step(
    client: FlaskClient, session: Session, tokens: Tokens, mailbox: Inbox
) -> None:
    _every_secret(client, session, tokens, mailbox)
    history = client.get("/api/v1/account-events?limit=500", headers=tokens.header("admin")).get_json()
    authors = {
        item["kind"]: (item["actor"]["kind"], item["actor"]["name"])
        for item in history["items"]
        if item["details"].get("email") == "a.wanjiku@nema.go.ke"
        or item["details"].get("token_name") == "export"
    }
    person = ("user", "a.wanjiku@nema.go.ke")
    assert authors == {
        "invited": ("token", "test admin"),
        "invitation_accepted": person,
        "password_reset_requested": ("visitor", "password reset form"),
        "password_reset": person,
        "token_created": person,
        "token_revoked": person,
    }


def test_account_events_are_not_in_the_public_change_feed(
    client: FlaskClient, session: Session, tokens: Tokens, mailbox: Inbox
) -> None:
    client.post(
        "/api/v1/users",
        json={"email": "a.wanjiku@nema.go.ke", "role": "party", "party": "KEN"},
        headers=tokens.header("admin"),
    )
    assert client.get("/api/v1/changes").get_json()["items"] == []
    assert "a.wanjiku@nema.go.ke" not in page_text(client.get("/changes"))


def test_request_log_lines_hide_link_secrets(
    app: Flask, committing_db: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    secret = secrets.token_urlsafe(32)
    try:
        for path in (f"/account/invitation/{secret}", f"/password-reset/{secret}"):
            with pytest.raises(urllib.error.HTTPError):
                urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}{path}", timeout=10)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any("/account/invitation/[hidden]" in line for line in lines), lines
    assert any("/password-reset/[hidden]" in line for line in lines), lines
    assert secret not in caplog.text


def test_gunicorn_access_log_lines_hide_link_secrets_and_tokens(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    secret, token = secrets.token_urlsafe(32), "brs_" + secrets.token_urlsafe(32)
    atoms = {"r": f"GET /password-reset/{secret} HTTP/1.1", "a": token}
    logging.getLogger("gunicorn.access").info('"%(r)s" "%(a)s"', atoms)
    assert caplog.records[-1].getMessage() == '"GET /password-reset/[hidden] HTTP/1.1" "brs_[hidden]"'
