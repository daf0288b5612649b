"""What the account tests share: the app's mail sent to a real SMTP server, the links in received mail,
waiting for a mail sent after the answer (a password reset's), and choosing a password on a mailed link."""

from __future__ import annotations

import dataclasses
import re
import socket
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from registry.auth.mails import send_pending
from registry.mail import Mailer, mailer_for
from tests.mailserver import Inbox
from tests.web.helpers import csrf_token, text

LINK = re.compile(r"https?://\S+")
NEW_PASSWORD = "seven kites over nairobi"


@pytest.fixture
def mailbox(app: Flask, smtp_server: tuple[str, Inbox]) -> Iterator[Inbox]:
    """The app's mail goes to a real SMTP server for the test (REGISTRY_SMTP_URL); its inbox."""
    url, inbox = smtp_server
    settings = app.config["REGISTRY_SETTINGS"]
    app.config["REGISTRY_SETTINGS"] = dataclasses.replace(settings, smtp_url=url)
    try:
        yield inbox
    finally:
        # The test's mails leave while its server listens: none is retried against a stopped one, in the
        # time (and the inbox) of the next test.
        send_pending()
        app.config["REGISTRY_SETTINGS"] = settings


@pytest.fixture
def unreachable_mail(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The app's mail goes to a port where no server listens (every attempt fails at once); the pauses its
    mailer asked for between attempts, which are noted instead of slept (1 s and 2 s a mail: the backoff is
    test_mail.py's subject, not the caller's)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    pauses: list[float] = []

    def mailer_noting_pauses(settings: Any) -> Mailer:
        return dataclasses.replace(mailer_for(settings), sleep=pauses.append)

    monkeypatch.setattr("registry.auth.mails.mailer_for", mailer_noting_pauses)
    settings = app.config["REGISTRY_SETTINGS"]
    app.config["REGISTRY_SETTINGS"] = dataclasses.replace(settings, smtp_url=f"smtp://127.0.0.1:{port}")
    try:
        yield pauses
    finally:
        app.config["REGISTRY_SETTINGS"] = settings


def wait_for_mail(inbox: Inbox, count: int = 1, timeout: float = 10.0) -> None:
    """Wait until the inbox holds ``count`` messages (a reset mail leaves after the answer)."""
    deadline = time.monotonic() + timeout
    while len(inbox.messages) < count:
        assert time.monotonic() < deadline, f"{len(inbox.messages)} of {count} mails arrived"
        time.sleep(0.02)


def link_in(inbox: Inbox, index: int = -1) -> str:
    """The absolute link in a received mail's plain-text body."""
    found = LINK.findall(inbox.text(index))
    assert len(found) == 1, found
    return str(found[0])


def path_of(url: str) -> str:
    return urlsplit(url).path


def choose_password(
    client: FlaskClient, link: str, password: str = NEW_PASSWORD, again: str | None = None
) -> TestResponse:
    """Follow a mailed link and choose ``password`` (repeated as ``again``) on the page it leads to; where the
    link leads nowhere, the answer to following it."""
    followed = client.get(path_of(link))
    if followed.status_code != 302:
        return followed
    form = followed.headers["Location"]
    data = {
        "password": password,
        "password_repeat": again or password,
        "csrf_token": csrf_token(client, form),
    }
    return client.post(form, data=data)


def assert_gone(response: TestResponse, reason: str) -> None:
    """``response`` answers a mailed link that no longer works: 410, with ``reason`` said on the page."""
    assert response.status_code == 410
    assert reason in text(response)


def assert_link_works_once(client: FlaskClient, link: str, reason: str) -> None:
    """A password is chosen on ``link``; a second one, chosen on it again, is refused with ``reason``."""
    assert choose_password(client, link).status_code == 302
    assert_gone(choose_password(client, link, "another fine passphrase"), reason)
