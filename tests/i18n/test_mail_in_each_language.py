"""E-mail speaks the language of the page that sends it (English from the command line)."""

from __future__ import annotations

from email.message import EmailMessage

from flask import Flask

from registry.mail import build


def _message() -> EmailMessage:
    return build("registry@brs.example", "someone@example.org", "test", {"site": "brs.example", "at": "now"})


def _html(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    return str(part.get_content())


def test_mail_from_a_page_speaks_its_language(app: Flask) -> None:
    with app.test_request_context("/?lang=fr"):
        message = _message()
    assert message["Subject"] == "Message de test du registre des correspondants BRS"


def test_mail_in_arabic_reads_right_to_left(app: Flask) -> None:
    with app.test_request_context("/?lang=ar"):
        html = _html(_message())
    assert '<html lang="ar" dir="rtl">' in html
    assert "تتحقق هذه الرسالة من إعدادات البريد في السجل." in html


def test_mail_outside_a_request_is_english() -> None:
    message = _message()
    assert message["Subject"] == "A test message from the BRS focal point registry"
    assert '<html lang="en" dir="ltr">' in _html(message)
