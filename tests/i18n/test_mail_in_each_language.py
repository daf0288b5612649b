"""E-mail speaks the recipient's language when the sender knows it, else the language of the page that sends
it (English from the command line)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from flask import Flask

from registry.mail import build
from tests.i18n.english import TRANSLATED, english_left, english_words, words


def _message(language: str | None = None) -> EmailMessage:
    context = {"site": "brs.example", "at": "now"}
    return build("registry@brs.example", "someone@example.org", "test", context, language)


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


def test_mail_speaks_the_recipients_language_over_the_pages(app: Flask) -> None:
    with app.test_request_context("/?lang=fr"):
        message = _message("zh")
    assert message["Subject"] == "来自巴塞尔、鹿特丹和斯德哥尔摩公约联络点登记册的测试邮件"


def test_mail_in_the_recipients_language_outside_a_request() -> None:
    html = _html(_message("ar"))
    assert '<html lang="ar" dir="rtl">' in html
    assert "تتحقق هذه الرسالة من إعدادات البريد في السجل." in html


@pytest.mark.parametrize("language", TRANSLATED)
def test_mail_in_each_language_leaves_no_english(language: str) -> None:
    message = _message(language)
    assert english_left(_html(message), language, {"brs.example", "now"}) == []
    assert words([message["Subject"]]) & english_words(language) == set()


def test_mail_in_an_unknown_language_is_english() -> None:
    assert _message("xx")["Subject"] == "A test message from the BRS focal point registry"


def test_mail_names_a_registry_without_an_address_in_its_language() -> None:
    message = build("registry@brs.example", "someone@example.org", "test", {"site": None, "at": "now"}, "fr")
    assert "Il a été envoyé depuis ce registre" in _html(message)
