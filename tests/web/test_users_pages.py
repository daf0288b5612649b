"""The people pages: staff see whom they may manage, invite a person (the mail goes to a real SMTP server),
resend, disable; admins read the history of accounts."""

from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from registry.auth.models import User
from registry.config import Settings
from tests.accounts import link_in
from tests.mailserver import Inbox
from tests.web.helpers import csrf_token, make_user, post, sign_in, text


def _staff(client: FlaskClient, session: Session, role: str = "secretariat", **scope: str) -> User:
    user = make_user(session, role, **scope)
    session.commit()
    sign_in(client, user)
    return user


def _invite(client: FlaskClient, **fields: str) -> TestResponse:
    data = {"email": "a.wanjiku@nema.go.ke", "role": "party", "party": "KEN", "convention": ""}
    return post(client, "/users/invite", {**data, **fields})


def test_users_page_is_for_staff_only(client: FlaskClient, session: Session) -> None:
    assert client.get("/users").status_code == 302
    _staff(client, session, "party", party="KEN")
    assert client.get("/users").status_code == 403
    assert 'href="/users"' not in text(client.get("/"))


def test_users_page_lists_role_scope_state_and_last_sign_in(client: FlaskClient, session: Session) -> None:
    official = make_user(session, "party", party="KEN")
    me = _staff(client, session, convention="basel")
    page = text(client.get("/users"))
    row = page.split(f'<th scope="row" dir="auto">{official.email}</th>')[1].split("</tr>")[0]
    assert [cell for cell in ("Party official", "KEN", "active", "never") if cell in row] == [
        "Party official",
        "KEN",
        "active",
        "never",
    ]
    own = page.split(f'<th scope="row" dir="auto">{me.email}</th>')[1].split("</tr>")[0]
    assert "Secretariat staff" in own
    assert "Disable" not in own  # not oneself


def test_invite_page_sends_the_invitation_and_says_so(
    client: FlaskClient, session: Session, mailbox: Inbox
) -> None:
    _staff(client, session, convention="basel")
    response = _invite(client)
    assert (response.status_code, response.headers["Location"]) == (302, "/users")
    listing = text(client.get("/users"))
    assert "Invitation sent to a.wanjiku@nema.go.ke" in listing
    assert "Resend invitation" in listing
    assert link_in(mailbox).startswith("http://localhost/account/invitation/")


def test_invite_page_without_a_mail_server_says_where_the_mail_was_written(
    client: FlaskClient, session: Session, settings: Settings
) -> None:
    _staff(client, session, convention="basel")
    _invite(client)
    said = re.search(
        r"the invitation to a.wanjiku@nema.go.ke was written to (\S+\.eml)", text(client.get("/users"))
    )
    assert said is not None
    written = Path(said.group(1))
    assert written.parent == Path(settings.instance_path) / "mail"
    assert "/account/invitation/" in written.read_text()


def test_invite_page_shows_a_bad_field_beside_it_and_keeps_the_input(
    client: FlaskClient, session: Session
) -> None:
    _staff(client, session, "admin")
    response = _invite(client, email="nobody", party="")
    assert response.status_code == 422
    page = text(response)
    assert 'id="f-email-error"' in page
    assert 'id="f-party-error"' in page
    assert 'value="nobody"' in page


def test_invite_page_of_a_secretariat_offers_no_admin_role(client: FlaskClient, session: Session) -> None:
    _staff(client, session, convention="basel")
    form = text(client.get("/users/invite"))
    assert '<option value="admin"' not in form
    assert '<option value="basel"' in form
    assert '<option value="rotterdam"' not in form


def test_invite_page_by_a_secretariat_for_another_conventions_staff_is_forbidden(
    client: FlaskClient, session: Session
) -> None:
    _staff(client, session, convention="basel")
    assert _invite(client, role="secretariat", party="", convention="rotterdam").status_code == 403
    assert (
        session.scalars(select(User).where(User.role == "secretariat", User.convention == "rotterdam")).all()
        == []
    )


def test_invite_page_says_when_the_mail_failed(
    client: FlaskClient, session: Session, unreachable_mail: list[float]
) -> None:
    _staff(client, session, "admin")
    _invite(client)
    listing = text(client.get("/users"))
    assert "a.wanjiku@nema.go.ke is invited, but the mail could not be sent" in listing
    assert unreachable_mail == [1.0, 2.0]  # tried three times


def test_resend_button_mails_a_new_link(client: FlaskClient, session: Session, mailbox: Inbox) -> None:
    _staff(client, session, "admin")
    _invite(client)
    invited = session.scalars(select(User).where(User.email == "a.wanjiku@nema.go.ke")).one()
    post(client, f"/users/{invited.id}/invitation", {}, token_from="/users")
    assert len(mailbox.messages) == 2
    assert link_in(mailbox, 0) != link_in(mailbox, 1)


def test_disable_button_disables_the_account(client: FlaskClient, session: Session) -> None:
    official = make_user(session, "party", party="KEN")
    _staff(client, session, convention="basel")
    response = post(client, f"/users/{official.id}/disable", {}, token_from="/users")
    assert response.status_code == 302
    assert f"{official.email} is disabled" in text(client.get("/users"))
    assert session.scalar(select(User.disabled_at).where(User.id == official.id)) is not None


def test_disabling_oneself_is_refused(client: FlaskClient, session: Session) -> None:
    me = _staff(client, session, "admin")
    response = client.post(f"/users/{me.id}/disable", data={"csrf_token": csrf_token(client, "/users")})
    assert response.status_code == 409
    assert session.scalar(select(User.disabled_at).where(User.id == me.id)) is None


def test_account_history_page_is_for_admins_only(client: FlaskClient, session: Session) -> None:
    _staff(client, session, convention="basel")
    assert client.get("/users/history").status_code == 403


def test_account_history_page_shows_what_happened_and_who_did_it(
    client: FlaskClient, session: Session, mailbox: Inbox
) -> None:
    admin = _staff(client, session, "admin")
    _invite(client)
    page = text(client.get("/users/history"))
    row = page.split("invitation sent</th>")[1].split("</tr>")[0]
    assert "a.wanjiku@nema.go.ke" in row
    assert f"{admin.email} (admin, signed in)" in row


def test_party_official_cannot_invite_on_the_pages(client: FlaskClient, session: Session) -> None:
    _staff(client, session, "party", party="KEN")
    assert client.get("/users/invite").status_code == 403
    data = {"email": "a.wanjiku@nema.go.ke", "role": "party", "party": "UGA"}
    refused = client.post("/users/invite", data={**data, "csrf_token": csrf_token(client, "/account/tokens")})
    assert refused.status_code == 403
    assert session.scalars(select(User).where(User.email == "a.wanjiku@nema.go.ke")).all() == []
