"""The reconciliation loop as a secretariat lives it, on the Rotterdam sample lists: v1 synced, people edit
the registry through the API, v2 arrives (it changed some of the same fields), and later lists.

Edits: Lee Hunter's and Graciela Clemente's positions (v2 changes both, to other values: two conflicts),
Maryse Leduc's phone (v2 keeps the old one: the list is out of date, a registry_ahead).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from registry.contacts.models import Contact
from registry.db import db
from tests.conftest import Tokens
from tests.sync import synced as synced_rows
from tests.sync.conftest import Run, Synced
from tests.sync.lists import csv_edit, items, sample, sample_paths
from tests.sync.listserver import ListServer, static

ROTTERDAM = ("rotterdam",)
HUNTER = "lee.hunter@env.kw.example"
CLEMENTE = "graciela.clemente@epa.ly.example"
LEDUC = "maryse.leduc@menr.ae.example"
HUNTER_ROW_V2 = "KWT,Kuwait ,DNA,P,Mr Lee  HUNTER,Registrar of Pesticides,"
LEDUC_PHONE_V2 = "+971-2-234-3211"
EDITS = {
    HUNTER: {"position": "Chief Chemist"},
    CLEMENTE: {"position": "Acting Director"},
    LEDUC: {"phones": ["+971 2 234 0000"]},
}


def contact(email: str) -> Contact:
    # A request ends its session: read through the current one.
    [found] = [c for c in db.session().scalars(select(Contact)) if email in c.emails]
    return found


def patch_contact(client: FlaskClient, tokens: Tokens, email: str, body: dict[str, Any]) -> None:
    found = contact(email)
    url = f"/api/v1/contacts/{found.id}"
    etag = client.get(url).headers["ETag"]
    headers = {**tokens.header("party", party=found.party_code), "If-Match": etag}
    response = client.patch(url, json=body, headers=headers)
    assert response.status_code == 200, response.get_json()


@dataclass
class Loop:
    """The registry after v1, the edits and a v2 run; ``report`` is that run's."""

    client: FlaskClient
    tokens: Tokens
    run: Run
    server: ListServer
    report: dict[str, Any]

    def admin(self) -> dict[str, str]:
        return self.tokens.header("admin")

    def discrepancies(self, **query: str) -> list[dict[str, Any]]:
        response = self.client.get("/api/v1/discrepancies", query_string=query, headers=self.admin())
        assert response.status_code == 200, response.get_json()
        found: list[dict[str, Any]] = response.get_json()["items"]
        return found

    def of(self, email: str, kind: str = "conflict", **query: str) -> dict[str, Any]:
        [found] = [d for d in self.discrepancies(kind=kind, **query) if email in d["contact"]["emails"]]
        return found

    def resolve(self, discrepancy_id: int, keep: str, **headers: str) -> Any:
        url = f"/api/v1/discrepancies/{discrepancy_id}/resolution"
        return self.client.post(url, json={"keep": keep}, headers={**self.admin(), **headers})

    def sync(self, content: bytes | None = None, name: str = "v2") -> dict[str, Any]:
        """Run Rotterdam's v2 list again (or ``content``, served as a list named ``name``)."""
        if content is None:
            return self.run(sample_paths("v2"), conventions=ROTTERDAM)
        location = self.server.route(f"/{name}.csv", static(content))
        return self.run({"rotterdam": location}, conventions=ROTTERDAM)


def v2_with(old: str, new: str) -> bytes:
    """Rotterdam's v2 list with one edit."""
    return csv_edit(sample("v2", "rotterdam"), old, new)


# The registry and the v2 report as start() leaves them: kept by the first test that gets there, inserted
# (tests/sync/synced.py) for the tests whose subject is what comes after.
_started: list[tuple[synced_rows.Rows, dict[str, Any]]] = []


def start(
    client: FlaskClient, tokens: Tokens, run: Run, synced: Synced, server: ListServer, *, kept: bool = True
) -> Loop:
    """v1 synced, the people's edits, then a v2 run. With ``kept``, the registry and the report as an earlier
    test's start left them, when there is one; without, the edits and the run are made again (for the tests
    whose subject is that run)."""
    if kept and _started:
        rows, report = _started[0]
        synced_rows.restore(db.session(), rows)
        return Loop(client, tokens, run, server, copy.deepcopy(report))
    synced(conventions=ROTTERDAM)
    for email, body in EDITS.items():
        patch_contact(client, tokens, email, body)
    report = run(sample_paths("v2"), conventions=ROTTERDAM)
    if not _started:
        _started.append((synced_rows.capture(db.session()), copy.deepcopy(report)))
    return Loop(client, tokens, run, server, report)


def waiting(report: dict[str, Any]) -> list[tuple[str, str, int | None]]:
    """The report's items that wait for a person: (action, party, discrepancy id)."""
    found = items(report, "rotterdam")
    return sorted(
        (i["action"], i["party"], i.get("discrepancy_id"))
        for i in found
        if i["action"] in ("conflict", "registry_ahead")
    )
