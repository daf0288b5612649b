"""``/account/tokens``: a signed-in person makes a token (shown once, in a read-only field), sees their own
tokens (name, prefix, created, last used, expires) and revokes them; never a token wider than themselves."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from registry.auth.models import ApiToken, User
from registry.auth.services import create_token
from tests.web.helpers import csrf_token, make_user, sign_in, text

SECRET = re.compile(r'<input id="new-token-secret" type="text" value="(brs_[^"]+)" readonly')


def _make(client: FlaskClient, **fields: str) -> TestResponse:
    data = {"name": "nightly export", "role": "party", "party": "KEN", "convention": "", "expires_in": "365"}
    data.update(fields)
    return client.post("/account/tokens", data={**data, "csrf_token": csrf_token(client, "/account/tokens")})


def _signed_in(client: FlaskClient, session: Session, role: str = "party", **scope: str) -> User:
    user = make_user(session, role, **(scope or ({"party": "KEN"} if role == "party" else {})))
    session.commit()
    sign_in(client, user)
    return user


def _secret(response: TestResponse) -> str:
    found = SECRET.search(text(response))
    assert found, "no new token on the page"
    return found.group(1)


def test_tokens_page_sends_a_visitor_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/account/tokens")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=/account/tokens")


def test_tokens_page_shows_a_new_token_once_in_a_read_only_field(
    client: FlaskClient, session: Session
) -> None:
    _signed_in(client, session)
    made = _make(client)
    assert made.status_code == 200
    secret = _secret(made)
    assert "Copy it now: it is not shown again." in text(made)
    assert secret not in text(client.get("/account/tokens"))
    assert made.headers["Cache-Control"] == "no-store"


def test_tokens_page_token_works_for_the_api_until_revoked(client: FlaskClient, session: Session) -> None:
    _signed_in(client, session, "secretariat", convention="basel")
    secret = _secret(_make(client, name="sync bot", role="secretariat", party="", convention="basel"))
    bearer = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/users", headers=bearer).status_code == 200
    token = session.scalars(select(ApiToken)).one()
    revoked = client.post(
        f"/account/tokens/{token.id}/revoke", data={"csrf_token": csrf_token(client, "/account/tokens")}
    )
    assert revoked.status_code == 302
    assert "The token sync bot is revoked" in text(client.get("/account/tokens"))
    assert client.get("/api/v1/users", headers=bearer).status_code == 401


def test_tokens_page_lists_name_prefix_created_last_used_and_expiry(
    client: FlaskClient, session: Session
) -> None:
    _signed_in(client, session)
    secret = _secret(_make(client, expires_in="30"))
    client.get("/api/v1/designations/1/history", headers={"Authorization": f"Bearer {secret}"})  # a use
    token = session.scalars(select(ApiToken)).one()
    row = (
        text(client.get("/account/tokens"))
        .split('<th scope="row" dir="auto">nightly export</th>')[1]
        .split("</tr>")[0]
    )
    assert f"<code>{secret[:10]}…</code>" in row
    assert "Party official, KEN" in row
    for at in (token.created_at, token.last_used_at, token.expires_at):
        assert at is not None
        assert f"{at:%Y-%m-%d %H:%M}" in row
    assert ">active<" in row


def test_tokens_page_lists_only_ones_own_tokens(client: FlaskClient, session: Session) -> None:
    colleague = make_user(session, "party", party="KEN")
    create_token(session, role="party", party="KEN", name="colleague's export", user=colleague)
    _signed_in(client, session)
    assert "colleague&#39;s export" not in text(client.get("/account/tokens"))


def test_tokens_page_cannot_revoke_another_persons_token(client: FlaskClient, session: Session) -> None:
    colleague = make_user(session, "party", party="KEN")
    token, _ = create_token(session, role="party", party="KEN", name="theirs", user=colleague)
    _signed_in(client, session)
    response = client.post(
        f"/account/tokens/{token.id}/revoke", data={"csrf_token": csrf_token(client, "/account/tokens")}
    )
    assert response.status_code == 404
    assert session.scalar(select(ApiToken.revoked_at).where(ApiToken.id == token.id)) is None


def test_party_official_cannot_make_a_secretariat_token(client: FlaskClient, session: Session) -> None:
    _signed_in(client, session)
    response = _make(client, role="secretariat", party="", convention="")
    assert response.status_code == 403
    assert session.scalars(select(ApiToken)).all() == []


def test_party_official_cannot_make_a_token_for_another_party(client: FlaskClient, session: Session) -> None:
    _signed_in(client, session)
    assert _make(client, party="UGA").status_code == 403
    assert session.scalars(select(ApiToken)).all() == []


def test_party_official_is_offered_only_their_own_role_and_party(
    client: FlaskClient, session: Session
) -> None:
    _signed_in(client, session)
    page = text(client.get("/account/tokens"))
    assert re.findall(r'<option value="([^"]*)"', page.split('id="f-role"')[1].split("</select>")[0]) == [
        "party"
    ]
    assert re.findall(r'<option value="([^"]*)"', page.split('id="f-party"')[1].split("</select>")[0]) == [
        "KEN"
    ]


def test_basel_secretariat_cannot_make_a_token_for_all_conventions(
    client: FlaskClient, session: Session
) -> None:
    _signed_in(client, session, "secretariat", convention="basel")
    assert _make(client, role="secretariat", party="", convention="").status_code == 403


def test_admin_makes_a_party_token(client: FlaskClient, session: Session) -> None:
    _signed_in(client, session, "admin")
    assert _secret(_make(client, party="UGA")).startswith("brs_")
    assert session.scalars(select(ApiToken.party_code)).one() == "UGA"


def test_token_without_a_name_is_an_error_beside_the_field(client: FlaskClient, session: Session) -> None:
    _signed_in(client, session)
    response = _make(client, name="  ")
    assert response.status_code == 422
    assert 'id="f-name-error"' in text(response)


def test_token_of_more_than_a_year_is_an_error_beside_its_field(
    client: FlaskClient, session: Session
) -> None:
    _signed_in(client, session)
    response = _make(client, expires_in="3650")
    assert response.status_code == 422
    assert 'id="f-expires_in-error"' in text(response)
