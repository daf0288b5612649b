"""The registry's e-mail: messages built from templates, sent through ``REGISTRY_SMTP_URL``, or written as
``.eml`` files under ``instance/mail/`` when no server is configured (so a development set-up can read them).

A message is a folder ``registry/mail/templates/<name>/`` holding ``subject.txt``, ``body.txt`` and
``body.html``, all rendered from the same context (warehouse's layout). :func:`send` delivers one message and
says what became of it; it never raises for a mail server's trouble, so that the caller can tell the person.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

log = logging.getLogger(__name__)
SCHEMES = ("smtp", "smtp+starttls", "smtps")
DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
TIMEOUT = 20.0  # seconds for each connection and command
ATTEMPTS = 3
MAX_LINE = 998  # the longest line SMTP carries (RFC 5321, without its CRLF)


class MailConfigError(ValueError):
    """``REGISTRY_SMTP_URL`` cannot be used; the message says why."""


@dataclass(frozen=True)
class Server:
    """Where mail goes: an SMTP server (``smtp://``, ``smtp+starttls://``, ``smtps://``, with credentials)."""

    scheme: str
    host: str
    port: int
    username: str | None = None
    password: str | None = None

    @classmethod
    def parse(cls, url: str) -> Server:
        """The server a ``REGISTRY_SMTP_URL`` names; MailConfigError when it names none."""
        parts = urlsplit(url)
        shown = _without_password(url)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise MailConfigError(
                f"REGISTRY_SMTP_URL {shown!r} is not smtp://host:port, smtp+starttls://user:pass@host:587 or "
                "smtps://user:pass@host:465"
            )
        try:
            port = parts.port or DEFAULT_PORTS[parts.scheme]
        except ValueError:
            raise MailConfigError(f"REGISTRY_SMTP_URL {shown!r} has no valid port") from None
        username = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password else None
        return cls(parts.scheme, parts.hostname, port, username, password)


def _without_password(url: str) -> str:
    """The URL as an error message may show it: its password, if any, is ``***``."""
    before, at, after = url.rpartition("@")
    if not at or ":" not in before.partition("//")[2]:
        return url
    return f"{before.rpartition(':')[0]}:***@{after}"


@dataclass(frozen=True)
class Delivery:
    """What became of a message: ``sent`` (to a server, or written to ``path``), else ``error``."""

    sent: bool
    path: Path | None = None
    error: str | None = None


@dataclass(frozen=True)
class Mailer:
    """Sends the registry's messages: to ``server``, or as files in ``outbox`` when there is none."""

    sender: str
    server: Server | None
    outbox: Path
    sleep: Callable[[float], None] = time.sleep

    def send(self, to: str, name: str, language: str | None = None, **context: Any) -> Delivery:
        """Render message ``name`` for ``to`` (in ``language``, the recipient's, when given: see
        :func:`build`) and deliver it (retrying a server that fails for a moment)."""
        message = build(self.sender, to, name, context, language)
        if self.server is None:
            return Delivery(True, path=_write(self.outbox, message))
        return self._deliver(message)

    def _deliver(self, message: EmailMessage) -> Delivery:
        assert self.server is not None
        error = ""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                _smtp_send(self.server, message)
                return Delivery(True)
            except smtplib.SMTPRecipientsRefused as exc:  # will not change by retrying
                return Delivery(False, error=f"the mail server refused the address: {exc.recipients}")
            except (smtplib.SMTPAuthenticationError, smtplib.SMTPSenderRefused) as exc:
                return Delivery(False, error=f"the mail server refused the registry: {exc}")
            except (OSError, smtplib.SMTPException) as exc:
                error = f"{type(exc).__name__}: {exc}"
                log.warning("sending mail failed (attempt %d of %d): %s", attempt, ATTEMPTS, error)
                if attempt < ATTEMPTS:
                    self.sleep(2.0 ** (attempt - 1))
        return Delivery(False, error=f"the mail server could not be reached ({error})")


@cache
def _templates(language: str) -> Environment:
    """The message templates speaking ``language`` (one environment per language: nothing is switched
    while another thread renders)."""
    from babel.support import Translations

    from registry.i18n import RIGHT_TO_LEFT, TRANSLATIONS

    templates = Environment(
        loader=PackageLoader("registry.mail", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=False,
    )
    translations = Translations.load(str(Path(__file__).parent.parent / TRANSLATIONS), [language])
    templates.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    templates.globals.update(language=lambda: language, direction=lambda: direction)
    return templates


def build(
    sender: str, to: str, name: str, context: dict[str, Any], language: str | None = None
) -> EmailMessage:
    """Message ``name`` rendered for ``to``: a plain-text body with an HTML alternative, in ``language`` (the
    recipient's, when the caller knows it), else in the language of the page that sends it (English from
    the command line)."""
    from flask_babel import force_locale

    from registry.i18n import current_language, known

    language = known(language) or current_language()
    templates = _templates(language)
    # Labels in the context (lazy strings: a role's, a convention's name) speak the message's language too.
    with force_locale(language):
        subject = templates.get_template(f"{name}/subject.txt").render(**context)
        text = templates.get_template(f"{name}/body.txt").render(**context)
        html = templates.get_template(f"{name}/body.html").render(**context)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = " ".join(subject.split())
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message.set_content(text, cte=_transfer_encoding(text))
    message.add_alternative(html, subtype="html", cte=_transfer_encoding(html))
    return message


def _transfer_encoding(body: str) -> str | None:
    """7bit for ASCII text whose lines SMTP carries (998 characters), however long: a link then stays whole
    on its line in the raw message (an ``.eml`` file opened as text, a check reading what the server got),
    where quoted-printable would cut it at 76 characters with ``=``. Else the library's choice."""
    if body.isascii() and all(len(line) <= MAX_LINE for line in body.splitlines()):
        return "7bit"
    return None


def _smtp_send(server: Server, message: EmailMessage) -> None:
    context = ssl.create_default_context()
    if server.scheme == "smtps":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT, context=context)
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
    with smtp:
        if server.scheme == "smtp+starttls":
            smtp.starttls(context=context)
        if server.username:
            smtp.login(server.username, server.password or "")
        smtp.send_message(message)


def _write(outbox: Path, message: EmailMessage) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    slug = re.sub(r"[^a-z0-9]+", "-", str(message["To"]).lower()).strip("-")[:60]
    path = outbox / f"{stamp}-{slug}.eml"
    path.write_bytes(bytes(message))
    return path


def mailer_for(settings: Any) -> Mailer:
    """The mailer the settings describe (a ``registry.config.Settings``)."""
    server = Server.parse(settings.smtp_url) if settings.smtp_url else None
    return Mailer(settings.mail_from, server, Path(settings.instance_path) / "mail")
