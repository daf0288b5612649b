"""``POST /users``: an invitation mailed through a real SMTP server, whose link leads to choosing a password
and being signed in; its link works once and for 7 days; resending voids it; who may invite whom."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from registry.auth.events import AccountEvent
from registry.auth.models import User
from tests.accounts import (
    NEW_PASSWORD,
    assert_gone,
    assert_link_works_once,
    choose_password,
    link_in,
    path_of,
)
from tests.clock import MovedClock
from tests.conftest import Tokens
from tests.mailserver import Inbox
from tests.registry.api.helpers import API, assert_problem
from tests.web.helpers import csrf_token, make_user, text

KEN_OFFICIAL = {"email": "A.Wanjiku@nema.go.ke", "role": "party", "party": "ken"}


def _invite(client: FlaskClient, tokens: Tokens, body: dict[str, Any], **by: str) -> TestResponse:
    """POST /users with a new token of ``role`` (a secretariat's by default) and scope ``by``."""
    return client.post(f"{API}/users", json=body, headers=tokens.header(by.pop("role", "secretariat"), **by))


def test_invite_mails_a_link_to_a_password_and_a_session(
    client: FlaskClient, session: Session, tokens: Tokens, mailbox: Inbox
) -> None:
    assert _invite(client, tokens, KEN_OFFICIAL, convention="basel").status_code == 201
    [message] = mailbox.messages
    assert message["To"] == "a.wanjiku@nema.go.ke"
    assert "a party official of Kenya" in mailbox.text()
    link = link_in(mailbox)
    assert link.startswith("http://localhost/account/invitation/")
    answer = choose_password(client, link)
    assert (answer.status_code, answer.headers["Location"]) == (302, "/")
    assert "a.wanjiku@nema.go.ke" in text(client.get("/"))
    user = session.scalars(select(User)).one()
    assert (user.status, user.last_sign_in_at is not None) == ("active", True)


def test_invite_answers_201_with_the_invited_user_and_where_it_is(
    client: FlaskClient, tokens: Tokens, mailbox: Inbox
) -> None:
    response = _invite(client, tokens, KEN_OFFICIAL, convention="basel")
    body = response.get_json()
    assert {k: body[k] for k in ("email", "role", "party", "convention", "status")} == {
        "email": "a.wanjiku@nema.go.ke",
        "role": "party",
        "party": "KEN",
        "convention": None,
        "status": "invited",
    }
    assert body["invitation"]["sent"] is True
    assert response.headers["Location"] == f"http://localhost{API}/users/{body['id']}"


def test_invitation_link_used_twice_fails_with_a_clear_page(
    client: FlaskClient, tokens: Tokens, mailbox: Inbox
) -> None:
    _invite(client, tokens, KEN_OFFICIAL, role="admin")
    assert_link_works_once(client, link_in(mailbox), "This invitation has been used already")


def test_invitation_link_fails_after_7_days(
    client: FlaskClient, tokens: Tokens, mailbox: Inbox, clock: MovedClock
) -> None:
    _invite(client, tokens, KEN_OFFICIAL, role="admin")
    clock.advance(days=7, seconds=1)
    assert_gone(choose_password(client, link_in(mailbox)), "This invitation has expired")


def test_invitation_link_expiring_while_the_form_is_open_fails(
    client: FlaskClient, tokens: Tokens, mailbox: Inbox, clock: MovedClock
) -> None:
    _invite(client, tokens, KEN_OFFICIAL, role="admin")
    form = client.get(path_of(link_in(mailbox))).headers["Location"]
    token = csrf_token(client, form)
    clock.advance(days=7)
    late = client.post(
        form, data={"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD, "csrf_token": token}
    )
    assert_gone(late, "This invitation has expired")


def test_invitation_with_a_mangled_link_is_a_404_page(
    client: FlaskClient, tokens: Tokens, mailbox: Inbox
) -> None:
    _invite(client, tokens, KEN_OFFICIAL, role="admin")
    response = choose_password(client, link_in(mailbox)[:-3] + "xyz")
    assert response.status_code == 404
    assert "This link is not valid" in text(response)


def test_choosing_a_common_password_is_refused_beside_its_field_and_keeps_the_link(
    client: FlaskClient, tokens: Tokens, mailbox: Inbox
) -> None:
    _invite(client, tokens, KEN_OFFICIAL, role="admin")
    link = link_in(mailbox)
    refused = choose_password(client, link, "password1234")
    assert refused.status_code == 422
    assert 'id="f-password-error"' in text(refused)
    assert choose_password(client, link).status_code == 302


def test_choosing_two_different_passwords_is_refused(
    client: FlaskClient, tokens: Tokens, mailbox: Inbox
) -> None:
    _invite(client, tokens, KEN_OFFICIAL, role="admin")
    refused = choose_password(client, link_in(mailbox), again="seven kites over mombasa")
    assert refused.status_code == 422
    assert "The two passwords differ" in text(refused)


def test_resend_voids_the_link_before(client: FlaskClient, tokens: Tokens, mailbox: Inbox) -> None:
    user_id = _invite(client, tokens, KEN_OFFICIAL, role="admin").get_json()["id"]
    first = link_in(mailbox)
    resent = client.post(f"{API}/users/{user_id}/invitation", headers=tokens.header("admin"))
    assert resent.status_code == 201
    second = link_in(mailbox, 1)
    assert first != second
    assert choose_password(client, first).status_code == 410
    assert choose_password(client, second).status_code == 302


def test_resend_to_someone_who_accepted_is_a_409(client: FlaskClient, tokens: Tokens, mailbox: Inbox) -> None:
    user_id = _invite(client, tokens, KEN_OFFICIAL, role="admin").get_json()["id"]
    choose_password(client, link_in(mailbox))
    response = client.post(f"{API}/users/{user_id}/invitation", headers=tokens.header("admin"))
    assert "can reset their password" in assert_problem(response, 409)["detail"]


def test_invite_to_an_active_users_address_is_a_422_naming_email(
    client: FlaskClient, session: Session, tokens: Tokens, mailbox: Inbox
) -> None:
    user = make_user(session, "party", party="KEN")
    session.commit()
    response = _invite(client, tokens, {**KEN_OFFICIAL, "email": user.email.upper()}, role="admin")
    body = assert_problem(response, 422, "email")
    assert body["errors"]["email"] == ["There is an active account with this e-mail address already."]
    assert mailbox.messages == []


def test_invite_to_an_invited_address_is_a_422_saying_resend(
    client: FlaskClient, tokens: Tokens, mailbox: Inbox
) -> None:
    _invite(client, tokens, KEN_OFFICIAL, role="admin")
    body = assert_problem(_invite(client, tokens, KEN_OFFICIAL, role="admin"), 422, "email")
    assert "resend the invitation" in body["errors"]["email"][0]


def test_invite_to_a_disabled_users_address_brings_the_account_back(
    client: FlaskClient, session: Session, tokens: Tokens, mailbox: Inbox
) -> None:
    user = make_user(session, "secretariat", convention="basel")
    session.commit()
    assert client.delete(f"{API}/users/{user.id}", headers=tokens.header("admin")).status_code == 204
    again = _invite(client, tokens, {"email": user.email, "role": "party", "party": "UGA"}, role="admin")
    assert (again.status_code, again.get_json()["id"], again.get_json()["status"]) == (
        201,
        user.id,
        "invited",
    )
    assert choose_password(client, link_in(mailbox)).status_code == 302
    back = session.get(User, user.id)
    assert back is not None
    assert (back.status, back.role, back.party_code, back.convention) == ("active", "party", "UGA", None)


def test_invite_with_a_bad_role_and_convention_names_both(client: FlaskClient, tokens: Tokens) -> None:
    body = {"email": "x@example.org", "role": "chief", "convention": "minamata"}
    assert_problem(_invite(client, tokens, body, role="admin"), 422, "role", "convention")


def test_invite_with_a_bad_address_and_no_party_names_both(client: FlaskClient, tokens: Tokens) -> None:
    body = {"email": "nobody", "role": "party"}
    assert_problem(_invite(client, tokens, body, role="admin"), 422, "email", "party")


def test_invite_for_a_party_that_does_not_exist_is_a_422_naming_party(
    client: FlaskClient, tokens: Tokens
) -> None:
    response = _invite(client, tokens, {**KEN_OFFICIAL, "party": "ZZZ"}, role="admin")
    assert_problem(response, 422, "party")


def test_party_token_cannot_invite_for_another_party(
    client: FlaskClient, session: Session, tokens: Tokens
) -> None:
    response = _invite(client, tokens, {**KEN_OFFICIAL, "party": "UGA"}, role="party", party="KEN")
    assert_problem(response, 403)
    assert session.scalars(select(User)).all() == []


def test_party_token_cannot_invite_for_its_own_party_either(client: FlaskClient, tokens: Tokens) -> None:
    assert_problem(_invite(client, tokens, KEN_OFFICIAL, role="party", party="KEN"), 403)


def test_secretariat_invites_party_officials_of_any_party(
    client: FlaskClient, tokens: Tokens, mailbox: Inbox
) -> None:
    response = _invite(client, tokens, {**KEN_OFFICIAL, "party": "UGA"}, convention="stockholm")
    assert response.status_code == 201


def test_secretariat_invites_staff_of_its_own_convention_only(
    client: FlaskClient, tokens: Tokens, mailbox: Inbox
) -> None:
    own = {"email": "officer@basel.int", "role": "secretariat", "convention": "basel"}
    other = {"email": "officer@pic.int", "role": "secretariat", "convention": "rotterdam"}
    wider = {"email": "officer@brsmeas.org", "role": "secretariat"}
    assert _invite(client, tokens, own, convention="basel").status_code == 201
    assert_problem(_invite(client, tokens, other, convention="basel"), 403)
    assert_problem(_invite(client, tokens, wider, convention="basel"), 403)


def test_secretariat_cannot_invite_an_admin(client: FlaskClient, tokens: Tokens) -> None:
    assert_problem(_invite(client, tokens, {"email": "boss@brs.int", "role": "admin"}, convention=None), 403)


def test_invite_whose_mail_fails_keeps_the_user_and_says_so(
    client: FlaskClient, session: Session, tokens: Tokens, unreachable_mail: list[float]
) -> None:
    response = _invite(client, tokens, KEN_OFFICIAL, role="admin")
    assert response.status_code == 201
    invitation = response.get_json()["invitation"]
    assert invitation["sent"] is False
    assert "could not be reached" in invitation["error"]
    assert unreachable_mail == [1.0, 2.0]  # tried three times
    kinds = session.scalars(select(AccountEvent.kind).order_by(AccountEvent.id)).all()
    assert kinds[-2:] == ["invited", "invitation_undelivered"]
