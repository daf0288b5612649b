"""``/exports/{convention}.{format}?party=``: one party's rows of a list (the corrected list a secretariat
sends a party whose published entries are out of date)."""

from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import make_contact, make_designation


def _rows(client: FlaskClient, query: str) -> list[dict[str, str]]:
    response = client.get(f"/exports/rotterdam.csv{query}")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_export_for_a_party_holds_only_its_rows(session: Session, client: FlaskClient) -> None:
    for party in ("KEN", "UGA"):
        make_designation(session, make_contact(session, party), "rotterdam", "DNA", scope="P")
    session.commit()
    everyone, kenya = _rows(client, ""), _rows(client, "?party=ken")
    assert len(everyone) == 2
    assert len(kenya) == 1
    assert kenya[0] in everyone
    assert "Kenya" in "".join(kenya[0].values())


def test_export_for_a_party_names_it_in_the_file_name(client: FlaskClient) -> None:
    response = client.get("/exports/basel.xlsx?party=KEN")
    assert 'filename="basel-KEN-' in response.headers["Content-Disposition"]


def test_export_for_no_party_is_a_404(client: FlaskClient) -> None:
    assert client.get("/exports/stockholm.json?party=XXX").status_code == 404
    assert client.get("/exports/stockholm.json?party=<b>").status_code == 404
