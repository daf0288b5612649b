"""registry.mail: messages from templates, delivered to a real SMTP server or written as .eml files."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from registry.cli import cli, register_subcommands
from registry.config import ConfigError, load_settings
from registry.mail import MailConfigError, Mailer, Server
from tests.mailserver import Inbox

SENDER = "BRS registry <registry@brs.example>"


def _mailer(url: str | None, tmp_path: Path) -> Mailer:
    return Mailer(SENDER, Server.parse(url) if url else None, tmp_path / "mail", sleep=lambda s: None)


def test_server_parse_reads_scheme_host_port_and_credentials() -> None:
    server = Server.parse("smtp+starttls://me%40x.org:p%20w@mail.example:2525")
    assert server == Server("smtp+starttls", "mail.example", 2525, "me@x.org", "p w")


def test_server_parse_takes_the_default_port_of_each_scheme() -> None:
    assert [Server.parse(f"{s}://mail.example").port for s in ("smtp", "smtp+starttls", "smtps")] == [
        25,
        587,
        465,
    ]


@pytest.mark.parametrize(
    "url", ["http://mail.example", "smtp://", "smtp://mail.example:99999", "mail.example"]
)
def test_server_parse_refuses_what_is_no_smtp_url(url: str) -> None:
    with pytest.raises(MailConfigError):
        Server.parse(url)


def test_server_parse_refusal_does_not_show_the_password() -> None:
    with pytest.raises(MailConfigError) as refused:
        Server.parse("smtp+starttls://desk%40brs.example:s3cret@mail.example:99999")
    assert "s3cret" not in str(refused.value)
    assert "desk%40brs.example:***@mail.example:99999" in str(refused.value)


def test_settings_refuse_a_bad_smtp_url_with_one_line() -> None:
    with pytest.raises(ConfigError, match="REGISTRY_SMTP_URL"):
        load_settings({"REGISTRY_SMTP_URL": "http://mail.example", "REGISTRY_SECRET_KEY": "k"})


def test_send_delivers_text_and_html_to_a_real_server(smtp_server: tuple[str, Inbox], tmp_path: Path) -> None:
    url, inbox = smtp_server
    delivery = _mailer(url, tmp_path).send("officer@nema.go.ke", "test", site="https://r.example", at="now")
    assert delivery.sent
    [message] = inbox.messages
    assert message["To"] == "officer@nema.go.ke"
    assert message["Subject"] == "A test message from the BRS focal point registry"
    assert "It was sent from https://r.example at now." in inbox.text()
    html = message.get_body(preferencelist=("html",))
    assert html is not None
    assert "https://r.example" in str(html.get_content())


def test_send_keeps_a_long_link_whole_on_its_line_in_the_raw_message(
    smtp_server: tuple[str, Inbox], tmp_path: Path
) -> None:
    url, inbox = smtp_server
    link = "https://registry.example.org/account/invitation/" + "x" * 43
    _mailer(url, tmp_path).send("a@x.org", "test", site=link, at="now")
    raw = (inbox.envelopes[0].original_content or b"").decode("ascii")
    assert f"It was sent from {link} at now." in raw
    assert "quoted-printable" not in raw
    assert link in inbox.text()


def test_send_encodes_a_text_in_another_script_for_the_mail(
    smtp_server: tuple[str, Inbox], tmp_path: Path
) -> None:
    url, inbox = smtp_server
    _mailer(url, tmp_path).send("a@x.org", "test", site="https://реестр.example", at="now")
    assert (inbox.envelopes[0].original_content or b"").isascii()
    assert "https://реестр.example" in inbox.text()


def test_send_escapes_values_in_the_html_body(smtp_server: tuple[str, Inbox], tmp_path: Path) -> None:
    url, inbox = smtp_server
    _mailer(url, tmp_path).send("a@x.org", "test", site="<script>x</script>", at="now")
    html = inbox.messages[0].get_body(preferencelist=("html",))
    assert html is not None
    assert "<script>" not in str(html.get_content())
    assert "&lt;script&gt;" in str(html.get_content())


def test_send_logs_in_with_the_urls_credentials(
    smtp_server_with_login: tuple[str, Inbox], tmp_path: Path
) -> None:
    url, inbox = smtp_server_with_login
    assert _mailer(url, tmp_path).send("a@x.org", "test", site="s", at="now").sent
    assert len(inbox.messages) == 1


def test_send_with_wrong_credentials_is_not_sent_and_says_why(
    smtp_server_with_login: tuple[str, Inbox], tmp_path: Path
) -> None:
    url, inbox = smtp_server_with_login
    delivery = _mailer(url.replace("s3cret", "wrong"), tmp_path).send("a@x.org", "test", site="s", at="now")
    assert not delivery.sent
    assert delivery.error is not None
    assert "Authentication" in delivery.error or "535" in delivery.error
    assert inbox.messages == []


def test_send_to_no_server_retries_then_says_it_could_not(tmp_path: Path) -> None:
    pauses: list[float] = []
    mailer = Mailer(SENDER, Server.parse("smtp://127.0.0.1:9"), tmp_path, sleep=pauses.append)
    delivery = mailer.send("a@x.org", "test", site="s", at="now")
    assert not delivery.sent
    assert delivery.error is not None
    assert "could not be reached" in delivery.error
    assert pauses == [1.0, 2.0]


def test_send_without_a_server_writes_an_eml_file(tmp_path: Path) -> None:
    delivery = _mailer(None, tmp_path).send("officer@nema.go.ke", "test", site="s", at="now")
    assert delivery.sent
    assert delivery.path is not None
    assert delivery.path.parent == tmp_path / "mail"
    message = email.message_from_bytes(delivery.path.read_bytes(), policy=email.policy.default)
    assert message["To"] == "officer@nema.go.ke"
    assert message["From"] == SENDER


@pytest.fixture
def cli_inbox(
    smtp_server: tuple[str, Inbox], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> Inbox:
    """The inbox of the server the ``registry`` command is set to send to, on the test database."""
    url, inbox = smtp_server
    monkeypatch.setenv("REGISTRY_SMTP_URL", url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path))
    register_subcommands()
    return inbox


def _mail_test(*options: str) -> Result:
    """``registry mail test ops@brs.example`` with ``options``, which must succeed."""
    result = CliRunner().invoke(cli, ["mail", "test", "ops@brs.example", *options])
    assert result.exit_code == 0, result.output
    return result


def test_cli_mail_test_sends_to_the_configured_server(cli_inbox: Inbox) -> None:
    result = _mail_test()
    assert "was sent" in result.output
    assert [m["To"] for m in cli_inbox.messages] == ["ops@brs.example"]


def test_cli_mail_test_speaks_the_language_asked_for(cli_inbox: Inbox) -> None:
    _mail_test("--language", "es")
    subject = "Mensaje de prueba del registro de puntos de contacto BRS"
    assert [m["Subject"] for m in cli_inbox.messages] == [subject]
