"""Signing in and out: sessions, CSRF on every form, disabled users."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.auth.users import disable_user
from tests.web.helpers import PASSWORD, csrf_token, make_user, sign_in, text


def test_sign_in_starts_a_session_and_goes_where_asked(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "party", party="KEN")
    session.commit()
    response = client.post(
        "/sign-in",
        data={
            "email": user.email.upper(),
            "password": PASSWORD,
            "next": "/parties/KEN",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/parties/KEN"
    assert user.email in text(client.get("/"))


def test_sign_in_cookie_is_http_only_and_same_site_lax(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "admin")
    session.commit()
    cookie = sign_in(client, user).headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_sign_in_cookie_is_secure_over_https(app: Flask, session: Session) -> None:
    user = make_user(session, "admin")
    session.commit()
    client = app.test_client()
    token = csrf_token(client)
    response = client.post(
        "/sign-in",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/sign-in"},
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_sign_in_with_a_wrong_password_is_refused(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "admin")
    session.commit()
    response = sign_in(client, user, "not the password")
    assert response.status_code == 422
    assert "do not match an active account" in text(response)
    assert "Sign out" not in text(client.get("/"))


def test_sign_in_of_a_disabled_user_is_refused(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "admin")
    disable_user(session, user.id)
    session.commit()
    assert sign_in(client, user).status_code == 422


def test_disabling_a_user_ends_its_session(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "admin")
    session.commit()
    sign_in(client, user)
    disable_user(session, user.id)
    session.commit()
    assert client.get("/sync/runs").status_code == 302


def test_sign_in_never_sends_to_another_site(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "admin")
    session.commit()
    response = client.post(
        "/sign-in",
        data={
            "email": user.email,
            "password": PASSWORD,
            "next": "//evil.example/",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.headers["Location"] == "/"


def test_sign_out_ends_the_session(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "admin")
    session.commit()
    sign_in(client, user)
    response = client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert client.get("/sync/runs").status_code == 302


def test_sign_out_is_a_post(client: FlaskClient) -> None:
    response = client.get("/sign-out")
    assert response.status_code == 405
    assert response.mimetype == "text/html"


def test_a_form_without_its_csrf_token_is_a_400_page(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "admin")
    session.commit()
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "The CSRF token is missing." in text(response)


def test_a_form_with_another_sessions_token_is_refused(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    user = make_user(session, "admin")
    session.commit()
    foreign = csrf_token(app.test_client())
    csrf_token(client)
    response = client.post(
        "/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": foreign}
    )
    assert response.status_code == 400


def test_failed_sign_ins_pause_that_address_even_with_the_right_password(
    client: FlaskClient, session: Session
) -> None:
    user = make_user(session, "party", party="KEN")
    other = make_user(session, "party", party="KEN")
    session.commit()
    for _ in range(5):
        assert sign_in(client, user, "a wrong guess").status_code == 422
    paused = sign_in(client, user)
    assert paused.status_code == 429
    assert 1 <= int(paused.headers["Retry-After"]) <= 60
    assert "Too many failed sign-ins with this e-mail address" in text(paused)
    # (a minute after the first failure: "1 minute", or the seconds left when the guesses took a while)
    assert re.search(r"try again in (1 minute|\d\d? seconds)\.", text(paused))
    assert "Sign out" not in text(client.get("/"))
    # The others are not locked out by an attack on one account.
    assert sign_in(client, other).status_code == 302


def test_successful_sign_ins_do_not_count_towards_the_pause(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "admin")
    session.commit()
    for _ in range(8):
        assert sign_in(client, user).status_code == 302
        client.post("/sign-out", data={"csrf_token": csrf_token(client)})
    for _ in range(4):
        assert sign_in(client, user, "a wrong guess").status_code == 422
    assert sign_in(client, user).status_code == 302


def test_the_pause_counts_the_address_in_any_case(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "admin")
    session.commit()
    for n in range(5):
        email = user.email.upper() if n % 2 else f"  {user.email}"
        client.post("/sign-in", data={"email": email, "password": "x", "csrf_token": csrf_token(client)})
    assert sign_in(client, user).status_code == 429
