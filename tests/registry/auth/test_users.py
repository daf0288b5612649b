"""Users of the web pages: created checked, stored with a password hash and a lower-case address."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registry.auth.users import check_credentials, create_user, disable_user, user_actor
from registry.errors import InvalidInput

PASSWORD = "correct horse battery staple"


def test_create_user_keeps_the_address_in_lower_case_and_only_a_hash(session: Session) -> None:
    user = create_user(session, email="A.Wanjiku@NEMA.go.ke", password=PASSWORD, role="party", party="ken")
    assert user.email == "a.wanjiku@nema.go.ke"
    assert user.party_code == "KEN"
    assert PASSWORD not in user.password_hash


def test_create_user_refuses_an_address_that_has_a_user(session: Session) -> None:
    create_user(session, email="admin@example.org", password=PASSWORD, role="admin")
    with pytest.raises(InvalidInput) as caught:
        create_user(session, email="ADMIN@example.org", password=PASSWORD, role="admin")
    assert caught.value.errors == {"email": ["There is a user with this e-mail address already."]}


def test_create_user_names_every_bad_field(session: Session) -> None:
    with pytest.raises(InvalidInput) as caught:
        create_user(session, email="nobody", password="short", role="party")
    assert set(caught.value.errors or {}) == {"email", "password", "party"}


@pytest.mark.parametrize(
    ("email", "role"),
    [
        pytest.param("x@example.org", "party", id="a-party-user-without-a-party"),
        pytest.param("X@example.org", "admin", id="an-address-in-upper-case"),
    ],
)
def test_users_table_refuses_a_row_its_checks_forbid(session: Session, email: str, role: str) -> None:
    with pytest.raises(IntegrityError):
        session.execute(
            text(
                "INSERT INTO users (email, password_hash, role, created_at) "
                "VALUES (:email, 'h', :role, CURRENT_TIMESTAMP)"
            ),
            {"email": email, "role": role},
        )


def test_check_credentials_accepts_the_password_in_any_case_of_address(session: Session) -> None:
    user = create_user(session, email="sec@example.org", password=PASSWORD, role="secretariat")
    assert check_credentials(session, " SEC@example.org ", PASSWORD) is user


def test_check_credentials_refuses_a_wrong_password(session: Session) -> None:
    create_user(session, email="sec@example.org", password=PASSWORD, role="secretariat")
    assert check_credentials(session, "sec@example.org", PASSWORD + "!") is None


def test_check_credentials_refuses_a_disabled_user(session: Session) -> None:
    user = create_user(session, email="sec@example.org", password=PASSWORD, role="secretariat")
    disable_user(session, user.id)
    assert check_credentials(session, "sec@example.org", PASSWORD) is None


def test_user_actor_names_the_user_in_the_history(session: Session) -> None:
    user = create_user(
        session, email="sec@example.org", password=PASSWORD, role="secretariat", convention="basel"
    )
    actor = user_actor(user)
    assert (actor.kind, actor.name, actor.role, actor.convention, actor.user_id) == (
        "user",
        "sec@example.org",
        "secretariat",
        "basel",
        user.id,
    )
