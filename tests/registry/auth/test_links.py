"""One-time links: only a hash stored, one live link per user and purpose, used once, expiring on time."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registry.auth.links import LinkState, Purpose, find_link, issue_link, use_link, void_links
from registry.auth.models import User
from registry.errors import integrity_problem
from tests.clock import MovedClock
from tests.web.helpers import make_user


@pytest.fixture
def user(session: Session) -> User:
    return make_user(session, "party", party="KEN")


def test_issue_link_stores_only_the_secrets_hash(session: Session, user: User) -> None:
    issued = issue_link(session, user, Purpose.INVITATION)
    row = session.execute(text("SELECT * FROM account_links")).one()
    assert issued.secret not in [str(value) for value in row]
    assert issued.link.secret_hash == hashlib.sha256(issued.secret.encode()).hexdigest()


def test_issue_link_voids_the_users_link_of_that_purpose_before(session: Session, user: User) -> None:
    first = issue_link(session, user, Purpose.INVITATION)
    second = issue_link(session, user, Purpose.INVITATION)
    assert find_link(session, first.secret, Purpose.INVITATION)[0] is LinkState.USED
    assert find_link(session, second.secret, Purpose.INVITATION)[0] is LinkState.LIVE


def test_issue_link_keeps_a_live_link_of_the_other_purpose(session: Session, user: User) -> None:
    invitation = issue_link(session, user, Purpose.INVITATION)
    issue_link(session, user, Purpose.PASSWORD_RESET)
    assert find_link(session, invitation.secret, Purpose.INVITATION)[0] is LinkState.LIVE


def test_account_links_refuse_two_live_links_of_one_purpose(session: Session, user: User) -> None:
    issue_link(session, user, Purpose.PASSWORD_RESET)
    with pytest.raises(IntegrityError):
        session.execute(
            text(
                "INSERT INTO account_links (user_id, purpose, secret_hash, created_at, expires_at) "
                "VALUES (:user, 'password_reset', 'another hash', CURRENT_TIMESTAMP, '2999-01-01 00:00:00')"
            ),
            {"user": user.id},
        )


def test_use_link_succeeds_once(session: Session, user: User) -> None:
    link = issue_link(session, user, Purpose.INVITATION).link
    assert use_link(session, link) is True
    assert use_link(session, link) is False


def test_find_link_names_an_unknown_secret(session: Session, user: User) -> None:
    issue_link(session, user, Purpose.INVITATION)
    assert find_link(session, "not-a-secret-anyone-was-given", Purpose.INVITATION) == (
        LinkState.UNKNOWN,
        None,
    )


def test_find_link_does_not_take_a_reset_link_for_an_invitation(session: Session, user: User) -> None:
    reset = issue_link(session, user, Purpose.PASSWORD_RESET)
    assert find_link(session, reset.secret, Purpose.INVITATION)[0] is LinkState.UNKNOWN


def test_invitation_link_works_until_7_days_have_passed(
    session: Session, user: User, clock: MovedClock
) -> None:
    secret = issue_link(session, user, Purpose.INVITATION).secret
    clock.advance(days=6, hours=23, minutes=59)
    assert find_link(session, secret, Purpose.INVITATION)[0] is LinkState.LIVE
    clock.advance(minutes=1)
    assert find_link(session, secret, Purpose.INVITATION)[0] is LinkState.EXPIRED


def test_reset_link_works_for_one_hour(session: Session, user: User, clock: MovedClock) -> None:
    issued = issue_link(session, user, Purpose.PASSWORD_RESET)
    clock.advance(minutes=59)
    assert find_link(session, issued.secret, Purpose.PASSWORD_RESET)[0] is LinkState.LIVE
    clock.advance(minutes=1)
    assert find_link(session, issued.secret, Purpose.PASSWORD_RESET)[0] is LinkState.EXPIRED
    assert use_link(session, issued.link) is False


def test_void_links_ends_every_live_link_of_the_user(session: Session, user: User) -> None:
    issue_link(session, user, Purpose.INVITATION)
    issue_link(session, user, Purpose.PASSWORD_RESET)
    void_links(session, user.id)
    voided = session.scalars(text("SELECT voided_at IS NOT NULL FROM account_links")).all()
    assert voided == [True, True]


def test_two_links_racing_are_a_conflict_naming_the_person() -> None:
    # PostgreSQL's words when a second live link of one purpose meets the partial unique index.
    raced = IntegrityError(
        "INSERT INTO account_links ...",
        {},
        Exception('duplicate key value violates unique constraint "uq_account_links_live"'),
    )
    problem = integrity_problem(raced)
    assert (problem.status, list(problem.errors or {})) == (409, ["email"])
