"""``/password-reset``: the same answer for every address (page, status, time), a one-hour link mailed to an
active account only, limits that treat every address alike, and a new password that ends other sessions."""

from __future__ import annotations

import asyncio
import dataclasses
import re
import statistics
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from registry.audit.actor import cli_actor
from registry.auth.invitations import invite
from registry.auth.mails import send_pending
from registry.auth.sessions import count_user_sessions
from registry.auth.users import check_credentials, disable_user
from tests.accounts import (
    NEW_PASSWORD,
    assert_gone,
    assert_link_works_once,
    choose_password,
    link_in,
    wait_for_mail,
)
from tests.clock import MovedClock
from tests.mailserver import Inbox, _free_port
from tests.web.helpers import PASSWORD, csrf_token, make_user, sign_in, text

SMTP_DELAY = 1.0  # seconds the slow server takes to accept a message (a wide margin on a busy machine)


def _ask(client: FlaskClient, email: str, client_address: str = "127.0.0.1") -> TestResponse:
    data = {"email": email, "csrf_token": csrf_token(client, "/password-reset")}
    return client.post("/password-reset", data=data, environ_overrides={"REMOTE_ADDR": client_address})


# The form's CSRF token is signed with the second it was made in: two answers a second apart carry two tokens.
_CSRF_VALUE = re.compile(r'name="csrf_token" value="[^"]*"')


def _as_anyone_sees_it(response: TestResponse, email: str) -> tuple[int, str]:
    """A response's status and page, the address typed blanked out (a refused request's form keeps it), and
    the wait a refusal names too (it counts down: two requests seconds apart on a slow machine may be told "60
    minutes" and "59 minutes"), and the form's CSRF token (it carries the time it was signed)."""
    page = re.sub(r"Try again in [^.]*\.", "Try again in WAIT.", text(response).replace(email, "ADDRESS"))
    return response.status_code, _CSRF_VALUE.sub('name="csrf_token" value="TOKEN"', page)


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client: FlaskClient, session: Session, mailbox: Inbox
) -> None:
    user = make_user(session, "party", party="KEN")
    session.commit()
    known = _ask(client, user.email)
    unknown = _ask(client, "nobody.here@nema.go.ke")
    # Word for word: not even the address typed is echoed, so two answers compare as they come.
    assert (known.status_code, text(known)) == (unknown.status_code, text(unknown))
    assert user.email not in text(known)
    assert known.status_code == 200
    assert sorted(known.headers.keys()) == sorted(unknown.headers.keys())
    wait_for_mail(mailbox)


class SlowInbox(Inbox):
    """An SMTP server that takes its time (SMTP_DELAY) to accept each message, as a distant one does, until
    it is ``released``: then it accepts the messages still waiting at once (a test done measuring need not
    wait out the queue it made)."""

    def __init__(self) -> None:
        super().__init__()
        self.released = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SMTP_DELAY
        while not self.released.is_set() and loop.time() < deadline:
            await asyncio.sleep(0.01)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_mailbox(app: Flask) -> Iterator[SlowInbox]:
    inbox = SlowInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings = app.config["REGISTRY_SETTINGS"]
    app.config["REGISTRY_SETTINGS"] = dataclasses.replace(
        settings, smtp_url=f"smtp://127.0.0.1:{controller.port}"
    )
    try:
        yield inbox
    finally:
        inbox.released.set()
        send_pending()  # the test's mails leave while its server listens (should it have failed early)
        app.config["REGISTRY_SETTINGS"] = settings
        controller.stop()


def test_password_reset_takes_as_long_for_known_and_unknown_addresses(
    client: FlaskClient, session: Session, slow_mailbox: SlowInbox
) -> None:
    # Each request from its own client, for its own address: no limit is reached. A mail sent while the
    # person waits would make each known address's answer SMTP_DELAY slower.
    users = [make_user(session, "party", party="KEN") for _ in range(5)]
    session.commit()
    known: list[float] = []
    unknown: list[float] = []
    for n, user in enumerate(users):
        for email, times, where in (
            (user.email, known, f"192.0.2.{n}"),
            (f"nobody{n}@x.org", unknown, f"198.51.100.{n}"),
        ):
            started = time.perf_counter()
            assert _ask(client, email, where).status_code == 200
            times.append(time.perf_counter() - started)
    assert abs(statistics.median(known) - statistics.median(unknown)) < SMTP_DELAY / 3
    slow_mailbox.released.set()  # the answers are measured: the mails still queued may leave at once
    wait_for_mail(slow_mailbox, len(users), timeout=30)


def test_password_reset_mails_a_known_active_address_a_one_hour_link(
    client: FlaskClient, session: Session, mailbox: Inbox
) -> None:
    user = make_user(session, "party", party="KEN")
    session.commit()
    _ask(client, user.email.upper())
    wait_for_mail(mailbox)
    assert mailbox.messages[0]["To"] == user.email
    assert mailbox.messages[0]["Subject"] == "Reset your password for the BRS focal point registry"
    assert link_in(mailbox).startswith("http://localhost/password-reset/")
    assert "(one hour)" in mailbox.text()


def test_password_reset_mails_nothing_to_unknown_disabled_or_invited_addresses(
    client: FlaskClient, session: Session, mailbox: Inbox
) -> None:
    disabled = make_user(session, "party", party="KEN")
    disabled_user = disable_user(session, disabled.id)
    invited = invite(session, cli_actor(), email="new@nema.go.ke", role="party", party="KEN", convention=None)
    active = make_user(session, "party", party="KEN")
    session.commit()
    for email in ("nobody@nema.go.ke", disabled_user.email, invited.user.email, active.email):
        assert _ask(client, email).status_code == 200
    # Mails leave one by one, in the order asked: once the last has arrived, any before it would have.
    wait_for_mail(mailbox)
    time.sleep(0.2)
    assert [m["To"] for m in mailbox.messages] == [active.email]


def test_password_reset_link_sets_the_password_and_ends_every_other_session(
    app: Flask, client: FlaskClient, session: Session, mailbox: Inbox
) -> None:
    user = make_user(session, "secretariat", convention="basel")
    session.commit()
    elsewhere = app.test_client()
    sign_in(elsewhere, user)
    _ask(client, user.email)
    wait_for_mail(mailbox)
    done = choose_password(client, link_in(mailbox))
    assert (done.status_code, done.headers["Location"]) == (302, "/")
    assert user.email in text(client.get("/"))
    assert elsewhere.get("/account/tokens").status_code == 302  # signed out: sent to sign in
    assert count_user_sessions(session, user.id) == 1
    assert check_credentials(session, user.email, NEW_PASSWORD) is not None
    assert check_credentials(session, user.email, PASSWORD) is None


def test_password_reset_link_used_twice_fails(client: FlaskClient, session: Session, mailbox: Inbox) -> None:
    user = make_user(session, "admin")
    session.commit()
    _ask(client, user.email)
    wait_for_mail(mailbox)
    assert_link_works_once(client, link_in(mailbox), "This link has been used already")


def test_password_reset_link_fails_after_an_hour(
    client: FlaskClient, session: Session, mailbox: Inbox, clock: MovedClock
) -> None:
    user = make_user(session, "admin")
    session.commit()
    _ask(client, user.email)
    wait_for_mail(mailbox)
    clock.advance(hours=1, seconds=1)
    assert_gone(choose_password(client, link_in(mailbox)), "This link has expired")
    assert check_credentials(session, user.email, PASSWORD) is not None


def test_password_reset_newer_link_voids_the_older(
    client: FlaskClient, session: Session, mailbox: Inbox
) -> None:
    user = make_user(session, "admin")
    session.commit()
    _ask(client, user.email)
    _ask(client, user.email)
    wait_for_mail(mailbox, 2)
    assert choose_password(client, link_in(mailbox, 0)).status_code == 410
    assert choose_password(client, link_in(mailbox, 1)).status_code == 302


def test_password_reset_is_limited_alike_for_known_and_unknown_addresses(
    client: FlaskClient, session: Session, mailbox: Inbox
) -> None:
    user = make_user(session, "admin")
    session.commit()
    answers: dict[str, list[tuple[int, str]]] = {}
    for email in (user.email, "nobody@nema.go.ke"):
        answers[email] = [_as_anyone_sees_it(_ask(client, email), email) for _ in range(4)]
    assert answers[user.email] == answers["nobody@nema.go.ke"]
    assert [status for status, _ in answers[user.email]] == [200, 200, 200, 429]
    assert "Too many requests for a link" in answers[user.email][3][1]
    wait_for_mail(mailbox, 3)


def test_password_reset_limits_a_client_asking_for_many_addresses(
    client: FlaskClient, session: Session
) -> None:
    statuses = [_ask(client, f"someone{n}@nema.go.ke").status_code for n in range(11)]
    assert statuses == [200] * 10 + [429]


def test_password_reset_without_an_address_is_an_error_beside_the_field(client: FlaskClient) -> None:
    response = _ask(client, "not an address")
    assert response.status_code == 422
    assert 'id="f-email-error"' in text(response)
