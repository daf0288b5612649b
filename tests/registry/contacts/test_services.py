"""The contact services' bookkeeping: when a contact was created and last changed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from registry.audit.actor import cli_actor
from registry.contacts.services import create_contact, create_contacts, update_contact


def test_a_new_contact_is_created_and_last_changed_at_one_moment(session: Session) -> None:
    one = create_contact(session, "KEN", {"family_name": "Wanjiku"}, cli_actor())
    many = create_contacts(
        session, [("KEN", {"family_name": "Otieno"}), ("CHE", {"family_name": "Meier"})], cli_actor()
    )
    session.flush()
    for contact in (one, *many):
        assert contact.created_at == contact.updated_at


def test_a_change_moves_only_the_last_change(session: Session) -> None:
    contact = create_contact(session, "KEN", {"family_name": "Wanjiku"}, cli_actor())
    session.flush()
    created = contact.created_at
    update_contact(session, contact, {"position": "Director"}, cli_actor())
    session.flush()
    assert contact.created_at == created
    assert contact.updated_at > created
