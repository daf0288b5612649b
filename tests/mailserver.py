"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, a free port) that keeps what it receives."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session


class Inbox:
    """The messages the server accepted, parsed, in order; and the credentials it accepts."""

    def __init__(self, username: str | None = None, password: str | None = None) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[Envelope] = []
        self.credentials = (username, password)
        self.logins: list[str] = []  # the user names that logged in

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        content = envelope.original_content or b""
        parsed = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def authenticate(
        self, server: Any, session: Session, envelope: Envelope, mechanism: str, auth: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth, LoginPassword)
            and (auth.login.decode(), auth.password.decode()) == self.credentials
        )
        return AuthResult(success=ok, handled=False)

    def text(self, index: int = -1) -> str:
        """The plain-text body of a received message."""
        part = self.messages[index].get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[str, Inbox]]:
    """``(REGISTRY_SMTP_URL, inbox)`` of an SMTP server running for the test."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{controller.port}", inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_server_with_login() -> Iterator[tuple[str, Inbox]]:
    """An SMTP server that checks AUTH LOGIN/PLAIN as ``registry``/``s3cret pass`` (on plain text: a test
    server on loopback; ``auth_required`` would warn that it is not behind TLS)."""
    inbox = Inbox("registry", "s3cret pass")
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=inbox.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield f"smtp://registry:s3cret%20pass@127.0.0.1:{controller.port}", inbox
    finally:
        controller.stop()
