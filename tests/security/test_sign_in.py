"""Rows 3, 4 and 11: after signing in, never off the site; a huge address costs nothing; failed sign-ins
pause the guesser, not the account's owner."""

from __future__ import annotations

import gc
import tracemalloc
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.auth.throttle import SignInFailure, SignInThrottle
from registry.web.account import safe_next
from tests.web.helpers import PASSWORD, csrf_token, make_user

HUGE_ADDRESS = "a" * (1536 * 1024) + "@example.org"  # 1.5 MB
ATTACKER = {"REMOTE_ADDR": "203.0.113.9"}
OWNER = {"REMOTE_ADDR": "198.51.100.7"}


def _sign_in(
    client: FlaskClient, email: str, password: str, next_: str = "", where: dict[str, str] | None = None
) -> int:
    data = {"email": email, "password": password, "next": next_, "csrf_token": csrf_token(client)}
    return client.post("/sign-in", data=data, environ_overrides=where or {}).status_code


@pytest.mark.parametrize(
    "target",
    ["/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "/\n/evil.example",
     "/parties\r\nSet-Cookie: x=1", "javascript:alert(1)", " //evil.example", "/\x00", "//[evil",
     "\u3000//evil.example"],
)  # fmt: skip
def test_sign_in_never_sends_off_the_site(client: FlaskClient, session: Session, target: str) -> None:
    user = make_user(session, "admin")
    session.commit()
    data = {"email": user.email, "password": PASSWORD, "next": target, "csrf_token": csrf_token(client)}
    response = client.post("/sign-in", data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_sign_in_form_never_carries_a_foreign_next(client: FlaskClient) -> None:
    page = client.get("/sign-in?next=/%09/evil.example").get_data(as_text=True)
    assert 'name="next" value="/"' in page


def test_sign_in_keeps_a_next_on_the_site_with_its_query(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "admin")
    session.commit()
    data = {"email": user.email, "password": PASSWORD, "next": "/parties/KEN?role=CA#x", "csrf_token": ""}
    data["csrf_token"] = csrf_token(client)
    assert client.post("/sign-in", data=data).headers["Location"] == "/parties/KEN?role=CA#x"


@given(target=st.one_of(st.text(), st.text().map(lambda t: "/" + t), st.text().map(lambda t: "//" + t)))
def test_safe_next_is_always_a_path_of_this_site(app: Flask, target: str) -> None:
    with app.test_request_context("/sign-in"):
        path = safe_next(target)
    assert path.startswith("/")
    assert not path.startswith(("//", "/\\"))
    assert path.isprintable()
    assert urlsplit(urljoin("http://localhost/sign-in", path)).netloc == "localhost"


def test_sign_in_with_a_huge_address_is_a_plain_failure(client: FlaskClient, session: Session) -> None:
    assert _sign_in(client, HUGE_ADDRESS, "x") == 422
    keys = session.execute(select(SignInFailure.address_key, SignInFailure.client_key)).all()
    assert [(len(a), len(c)) for a, c in keys] == [(32, 32)]


def test_sign_ins_with_huge_addresses_keep_no_memory(client: FlaskClient, session: Session) -> None:
    _sign_in(client, HUGE_ADDRESS, "x")  # the first request warms caches up
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for n in range(20):
            _sign_in(client, f"{n}{HUGE_ADDRESS}", "x", where={"REMOTE_ADDR": f"192.0.2.{n}"})
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after - before < 2 * 1024 * 1024


def test_failed_sign_ins_from_one_client_do_not_lock_the_owner_out(
    client: FlaskClient, session: Session
) -> None:
    user = make_user(session, "admin")
    session.commit()
    for _ in range(25):
        _sign_in(client, user.email, "a guess", where=ATTACKER)
    assert _sign_in(client, user.email, PASSWORD, where=ATTACKER) == 429
    assert _sign_in(client, user.email, PASSWORD, where=OWNER) == 302


def test_one_client_cannot_try_many_addresses(app: Flask, client: FlaskClient, session: Session) -> None:
    throttle: SignInThrottle = app.extensions["sign_in_throttle"]
    for n in range(30):  # the client limit (30 a minute), each on another address
        throttle.record(session, throttle.attempt(f"someone{n}@example.org", ATTACKER["REMOTE_ADDR"]))
    session.commit()
    assert _sign_in(client, "yet.another@example.org", "a guess", where=ATTACKER) == 429


def test_guessers_on_many_clients_pause_the_address_in_a_new_browser(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    user = make_user(session, "admin")
    session.commit()
    _guessed_from_many_clients(app, session, user.email)
    assert _sign_in(client, user.email, PASSWORD, where=OWNER) == 429


def test_guessers_on_many_clients_do_not_lock_the_owner_out_of_a_known_browser(
    app: Flask, session: Session
) -> None:
    user = make_user(session, "admin")
    session.commit()
    owners = app.test_client()
    assert _sign_in(owners, user.email, PASSWORD, where=OWNER) == 302
    owners.post("/sign-out", data={"csrf_token": csrf_token(owners, "/")})
    _guessed_from_many_clients(app, session, user.email)
    assert _sign_in(owners, user.email, PASSWORD, where=OWNER) == 302


def _guessed_from_many_clients(app: Flask, session: Session, email: str) -> None:
    throttle: SignInThrottle = app.extensions["sign_in_throttle"]
    for n in range(100):  # the address limit (100 an hour), two guesses each from fifty clients
        throttle.record(session, throttle.attempt(email, f"192.0.2.{n // 2}"))
    session.commit()
    assert session.scalar(select(func.count()).select_from(SignInFailure)) == 100
