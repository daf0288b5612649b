"""``/discrepancies`` for staff: conflicts first with both sides and their buttons, then each convention's
list out of date; resolutions with the same concurrency rules as every form."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.audit.services import history
from registry.contacts.models import Contact
from registry.db import db
from registry.discrepancies.models import Discrepancy
from registry.syncruns.models import SyncRun
from tests.factories import finding, make_contact, make_designation, make_discrepancies
from tests.web.helpers import csrf_token, make_user, sign_in, text


@dataclass(frozen=True)
class Found:
    conflict: int
    ahead: int


@pytest.fixture
def found(session: Session) -> Found:
    """A Basel conflict on a Kenyan focal point (the list says "Adviser"), and a list out of date on a CA."""
    focal_point = make_designation(session, make_contact(session, position="Director"), role="FP")
    authority = make_designation(session, role="CA")
    made = make_discrepancies(
        session, [finding(focal_point, listed="Adviser"), finding(authority, kind="registry_ahead")]
    )
    session.commit()
    return Found(made[0].id, made[1].id)


def _staff(client: FlaskClient, session: Session, convention: str | None = "basel") -> None:
    user = make_user(session, "secretariat", **({"convention": convention} if convention else {}))
    session.commit()
    sign_in(client, user)


def _resolve(client: FlaskClient, number: int, keep: str, version: int, status: int = 200) -> str:
    """Discrepancy ``number`` settled through its form, read at ``version``: the page it is answered with,
    whose status must be ``status``."""
    data = {"keep": keep, "version": str(version), "csrf_token": csrf_token(client, "/discrepancies")}
    response = client.post(f"/discrepancies/{number}/resolution", data=data, follow_redirects=True)
    assert response.status_code == status
    return text(response)


def _conflict_now(found: Found) -> tuple[Discrepancy, Contact]:
    """The conflict as the database holds it now, and its contact."""
    conflict = db.session().get_one(Discrepancy, found.conflict)
    return conflict, db.session().get_one(Contact, conflict.contact_id)


def test_page_shows_conflicts_first_then_lists_out_of_date(
    client: FlaskClient, session: Session, found: Found
) -> None:
    _staff(client, session)
    page = text(client.get("/discrepancies"))
    assert page.index("Conflicts waiting for a person") < page.index("your published list is out of date")
    assert "Adviser" in page
    assert "Keep the list's values" in page


def test_page_is_for_staff_only(client: FlaskClient, session: Session, found: Found) -> None:
    user = make_user(session, "party", party="KEN")
    session.commit()
    sign_in(client, user)
    assert client.get("/discrepancies").status_code == 403


def test_page_sends_a_visitor_to_sign_in(client: FlaskClient, found: Found) -> None:
    response = client.get("/discrepancies")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_keep_the_lists_values_writes_them_as_the_signed_in_person(
    client: FlaskClient, session: Session, found: Found
) -> None:
    _staff(client, session)
    assert "Kept the list&#39;s values" in _resolve(client, found.conflict, "list", 1)
    resolved, contact = _conflict_now(found)
    assert (resolved.keep, contact.position) == ("list", "Adviser")
    assert history(db.session(), "contact", contact.id)[-1].actor["kind"] == "user"


def test_keep_the_registrys_values_leaves_the_contact(
    client: FlaskClient, session: Session, found: Found
) -> None:
    _staff(client, session)
    _resolve(client, found.conflict, "registry", 1)
    resolved, contact = _conflict_now(found)
    assert resolved.keep == "registry"
    assert contact.position == "Director"


def test_a_form_another_person_answered_first_says_so_and_changes_nothing(
    client: FlaskClient, session: Session, found: Found
) -> None:
    _staff(client, session)
    _resolve(client, found.conflict, "registry", 1)
    assert "Someone else settled this meanwhile" in _resolve(client, found.conflict, "list", 1, status=409)
    assert _conflict_now(found)[1].position == "Director"


def test_a_form_older_than_the_last_run_changes_nothing(
    client: FlaskClient, session: Session, found: Found
) -> None:
    _staff(client, session)
    assert "found new values since you opened this page" in _resolve(
        client, found.conflict, "list", 0, status=409
    )
    assert db.session().get_one(Discrepancy, found.conflict).status == "open"


def test_another_conventions_secretariat_sees_no_buttons_and_may_not_resolve(
    client: FlaskClient, session: Session, found: Found
) -> None:
    _staff(client, session, "rotterdam")
    page = text(client.get(f"/discrepancies/{found.conflict}"))
    assert "Keep the list" not in page
    assert "Only the Basel secretariat or an admin may settle this." in page
    _resolve(client, found.conflict, "list", 1, status=403)


def test_header_counts_the_open_discrepancies_for_staff(
    client: FlaskClient, session: Session, found: Found
) -> None:
    _staff(client, session)
    assert '<span class="badge count">2<span class="visually-hidden"> open' in text(client.get("/"))


def test_header_shows_no_count_to_a_visitor(client: FlaskClient, found: Found) -> None:
    assert "badge count" not in text(client.get("/"))


def test_list_out_of_date_links_its_corrected_list_for_the_party(
    client: FlaskClient, session: Session, found: Found
) -> None:
    _staff(client, session)
    page = text(client.get("/discrepancies?party=ken"))
    assert 'href="/exports/basel.xlsx?party=KEN"' in page


def test_run_page_links_its_items_to_their_discrepancies(
    client: FlaskClient, session: Session, found: Found
) -> None:
    conflict = db.session().get_one(Discrepancy, found.conflict)
    run = db.session().get_one(SyncRun, conflict.first_run_id)
    item = {"action": "conflict", "party": "KEN", "role": "FP", "scope": None, "contact": {}, "fields": {}}
    run.report = {
        "conventions": {"basel": {"status": "ok", "items": [{**item, "discrepancy_id": conflict.id}]}}
    }
    session.commit()
    _staff(client, session)
    assert f'href="/discrepancies/{conflict.id}"' in text(client.get(f"/sync/runs/{run.id}"))
