"""The database itself holds the designation rules (the services are not involved here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registry.designations.models import Designation
from tests.factories import make_contact


def _insert(session: Session, contact_id: int, party: str = "KEN", **fields: Any) -> None:
    values: dict[str, Any] = {
        "convention": "basel",
        "role": "FP",
        "party_code": party,
        "contact_id": contact_id,
        "starts_on": dt.date(2024, 1, 1),
        "source": "api",
        **fields,
    }
    now = dt.datetime.now(dt.UTC)
    session.add(Designation(created_at=now, updated_at=now, **values))
    with session.begin_nested():
        session.flush()


def test_database_rejects_second_current_basel_fp(session: Session) -> None:
    first, second = make_contact(session), make_contact(session)
    _insert(session, first.id)
    with pytest.raises(IntegrityError):
        _insert(session, second.id)


def test_database_allows_new_fp_once_old_one_ended(session: Session) -> None:
    first, second = make_contact(session), make_contact(session)
    _insert(session, first.id, ends_on=dt.date(2024, 6, 1))
    _insert(session, second.id)


def test_database_allows_several_current_competent_authorities(session: Session) -> None:
    first, second = make_contact(session), make_contact(session)
    _insert(session, first.id, role="CA")
    _insert(session, second.id, role="CA", scope="Transit", is_transit=True)


def test_database_rejects_dna_without_scope(session: Session) -> None:
    with pytest.raises(IntegrityError):
        _insert(session, make_contact(session).id, convention="rotterdam", role="DNA", scope=None)


def test_database_rejects_dna_with_unknown_scope(session: Session) -> None:
    with pytest.raises(IntegrityError):
        _insert(session, make_contact(session).id, convention="rotterdam", role="DNA", scope="X")


def test_database_rejects_role_of_another_convention(session: Session) -> None:
    with pytest.raises(IntegrityError):
        _insert(session, make_contact(session).id, convention="stockholm", role="DNA", scope="P")


def test_database_rejects_scope_on_focal_point(session: Session) -> None:
    with pytest.raises(IntegrityError):
        _insert(session, make_contact(session).id, scope="Transit")


def test_database_rejects_transit_flag_outside_basel_ca(session: Session) -> None:
    with pytest.raises(IntegrityError):
        _insert(session, make_contact(session).id, is_transit=True)


def test_database_rejects_same_contact_twice_in_same_role(session: Session) -> None:
    contact = make_contact(session)
    _insert(session, contact.id, role="CA")
    with pytest.raises(IntegrityError):
        _insert(session, contact.id, role="CA", scope="North")


def test_database_rejects_designation_for_contact_of_another_party(session: Session) -> None:
    contact = make_contact(session, party="KEN")
    with pytest.raises(IntegrityError):
        _insert(session, contact.id, party="FRA")


def test_database_rejects_end_before_start(session: Session) -> None:
    with pytest.raises(IntegrityError):
        _insert(session, make_contact(session).id, ends_on=dt.date(2023, 1, 1))
