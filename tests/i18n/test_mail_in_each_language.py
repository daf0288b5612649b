"""E-mail speaks the recipient's language when the sender knows it, else the language of the page that sends
it (English from the command line)."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from registry.mail import build
from registry.syncruns.notify import summary_context
from tests.factories import finding, make_contact, make_designation, make_discrepancies
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


# The accounts' and the sync's messages, each with what its sender gives it (data: shown as written).
SENT = {
    "invitation": {
        "link": "https://brs.example/account/invitation/abc",
        "role": "Kenya",
        "inviter": "admin@brs.example",
        "expires": "2026-12-04 02:00 UTC",
    },
    "password_reset": {
        "link": "https://brs.example/password-reset/abc",
        "email": "officer@nema.go.ke",
        "expires": "2026-11-27 03:00 UTC",
    },
}
SENT_DATA = {"https://brs.example/account/invitation/abc", "https://brs.example/password-reset/abc", "Kenya"}
SENT_DATA |= {"admin@brs.example", "officer@nema.go.ke", "2026-12-04 02:00 UTC", "2026-11-27 03:00 UTC"}


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("name", SENT)
def test_account_mail_in_each_language_leaves_no_english(name: str, language: str) -> None:
    message = build("registry@brs.example", "someone@example.org", name, SENT[name], language)
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in _html(message)
    assert english_left(_html(message), language, SENT_DATA) == []
    assert words([message["Subject"]]) & english_words(language) == set()


@pytest.fixture
def summary(app: Flask, session: Session) -> dict[str, Any]:
    """What the sync's summary says of a Basel run that found a conflict on Kenya's focal point."""
    designation = make_designation(session, make_contact(session, given_name="Wanjiru", family_name="Kamau"))
    opened = make_discrepancies(session, [finding(designation, listed="Adviser")])
    session.commit()
    part = {"status": "partial", "error": None, "summary": {"added": 2, "conflict": 1}, "items": []}
    report = {
        "run_id": opened[0].first_run_id,
        "mode": "apply",
        "status": "partial",
        "started_at": "2026-11-27T02:00:00Z",
        "conventions": {"basel": part},
    }
    return summary_context(session, report, ["basel"], opened, "https://brs.example")  # type: ignore[arg-type]


@pytest.mark.parametrize("language", TRANSLATED)
def test_sync_summary_in_each_language_leaves_no_english(
    app: Flask, summary: dict[str, Any], language: str
) -> None:
    with app.app_context():  # as the command line sends it: the role and convention names in its language too
        message = build("registry@brs.example", "secretariat@brs.example", "sync_summary", summary, language)
    data = {"https://brs.example", "Wanjiru Kamau", "KEN", "2026-11-27 02:00", summary["run"]["id"]}
    html = _html(message)
    assert english_left(html, language, data) == []
    assert words([message["Subject"]]) & english_words(language) == set()


def test_sync_summary_names_the_fields_and_the_role_in_the_language(
    app: Flask, summary: dict[str, Any]
) -> None:
    with app.app_context():
        message = build("registry@brs.example", "secretariat@brs.example", "sync_summary", summary, "fr")
    html = _html(message)
    assert "<h2>Bâle: partielle</h2>" in html
    assert "Correspondant" in html
    assert "(Fonction)" in html
