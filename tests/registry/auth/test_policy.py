"""The "may X" rules (registry.auth.policy): the boolean forms agree with the rules; nobody may do a thing."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from registry.audit.actor import Actor
from registry.auth import policy
from registry.errors import Forbidden
from tests.factories import make_designation

ADMIN = Actor(kind="user", name="admin", role="admin")
BASEL = Actor(kind="user", name="basel", role="secretariat", convention="basel")
KENYA = Actor(kind="token", name="ken", role="party", party="KEN")
UGANDA = Actor(kind="token", name="uga", role="party", party="UGA")


@pytest.mark.parametrize(("actor", "reads"), [(ADMIN, True), (BASEL, True), (KENYA, True), (UGANDA, False)])
def test_history_readers_are_those_who_see_authors(actor: Actor, reads: bool) -> None:
    assert policy.may_read_history(actor, "KEN") is reads
    assert policy.sees_authors(actor, "KEN") is reads


def test_sync_runs_are_for_staff_only() -> None:
    assert [policy.may_read_sync_runs(a) for a in (ADMIN, BASEL, KENYA)] == [True, True, False]
    with pytest.raises(Forbidden, match="Only secretariat and admin tokens may read sync runs"):
        policy.require_sync_read(KENYA)


def test_boolean_forms_are_false_for_nobody(session: Session) -> None:
    contact = make_designation(session).contact
    assert not policy.may_add_contact(None, "KEN")
    assert not policy.may_edit_contact(None, contact)
    assert not policy.may_designate_any(None, "KEN")
    assert not policy.may_read_history(None, "KEN")
    assert not policy.sees_authors(None, "KEN")


def test_secretariat_edits_only_a_contact_holding_one_of_its_roles(session: Session) -> None:
    basel_fp = make_designation(session, convention="basel", role="FP").contact
    stockholm_nfp = make_designation(session, convention="stockholm", role="NFP").contact
    assert policy.may_edit_contact(BASEL, basel_fp)
    assert not policy.may_edit_contact(BASEL, stockholm_nfp)
    assert policy.may_add_contact(BASEL, "KEN")  # together with a Basel role
    assert policy.must_designate_new_contact(BASEL)
    assert not policy.must_designate_new_contact(KENYA)
