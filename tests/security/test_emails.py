"""Row 12: an e-mail address that only looks like another (a Cyrillic "а" among Latin letters) is refused,
through the API, for users and by the sync; full-width letters are stored as their plain forms."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.auth.users import create_user
from registry.contacts.values import normalize_email
from registry.errors import InvalidInput
from sync.prepare import prepare_record
from tests.conftest import Tokens
from tests.registry.api.helpers import API, assert_problem, contact_body
from tests.sync.unit.build import BASEL_COVERS, facts, raw

LOOK_ALIKES = [
    "\u0430dmin@example.org",  # Cyrillic а in the local part
    "admin@ex\u0430mple.org",  # ... in a domain label
    "admin@xn--exmple-4nf.org",  # the same domain, as IDNA writes it
    "p\u0430ypal.support@example.org",
    "\u03bfffice@example.org",  # Greek ο
]


@pytest.mark.parametrize("address", LOOK_ALIKES)
def test_contact_with_a_look_alike_email_is_a_422_naming_emails(
    client: FlaskClient, tokens: Tokens, address: str
) -> None:
    response = client.post(
        f"{API}/contacts", json=contact_body(emails=[address]), headers=tokens.header("party", party="KEN")
    )
    body = assert_problem(response, 422, "emails")
    assert "mixes Cyrillic and Latin" in str(body["errors"]) or "mixes Greek and Latin" in str(body["errors"])


def test_contact_email_in_full_width_letters_is_stored_in_plain_letters(
    client: FlaskClient, tokens: Tokens
) -> None:
    address = "\uff21dmin@\uff45xample.org"  # Ａdmin@ｅxample.org
    response = client.post(
        f"{API}/contacts", json=contact_body(emails=[address]), headers=tokens.header("party", party="KEN")
    )
    assert response.status_code == 201
    assert response.get_json()["emails"] == ["admin@example.org"]


@pytest.mark.parametrize("address", ["иван@пример.рф", "山田たろう@例え.jp", "θεσσαλονίκη@example.gr"])
def test_email_written_in_one_script_is_kept(address: str) -> None:
    assert normalize_email(address) == address.lower()


def test_user_with_a_look_alike_email_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_user(session, email=LOOK_ALIKES[0], password="x" * 20, role="admin")
    assert "email" in (refused.value.errors or {})


def test_sync_reports_a_look_alike_email_in_a_list_as_invalid_email() -> None:
    record, warnings = prepare_record(
        raw("basel", emails=f"{LOOK_ALIKES[1]}; real@example.org"), BASEL_COVERS, "parts", facts()
    )
    assert record is not None
    assert record.person.emails == ("real@example.org",)
    assert [w.code for w in warnings] == ["invalid_email"]
