"""A hand-built world for the coverage tests, on top of the bundled parties (and their real statuses).

Kenya: Basel FP (read by a list), two Basel CAs (one entered by Kenya itself), a DNA held by its FP, an
ended Stockholm OCP; NEMA Kenya serves Basel and Rotterdam. Uganda: two DNAs, one contact edited by a
secretariat. The United States (party to none) and Haiti (a Basel signatory here) designated anyway. The EU
holds the Stockholm NFP. Angola is party to Basel and Stockholm and designated no one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from registry.audit.actor import Actor
from registry.audit.models import Change
from registry.contacts.services import update_contact
from registry.designations.models import Designation
from registry.designations.services import end_designation
from registry.parties.models import Party, PartyStatus
from registry.syncruns.models import ListBaseline, SyncRun
from tests.factories import make_contact, make_designation

TODAY = dt.date(2026, 11, 29)
LIST_RUN = dt.datetime(2025, 6, 1, 2, 0, tzinfo=dt.UTC)
KENYA_EDIT = dt.datetime(2023, 2, 1, 9, 30, tzinfo=dt.UTC)
KENYA_CA = dt.datetime(2026, 1, 10, 14, 0, tzinfo=dt.UTC)
KENYA = Actor(kind="token", name="kenya", role="party", party="KEN")
SECRETARIAT = Actor(kind="token", name="secretariat", role="secretariat")


@dataclass(frozen=True)
class World:
    fp: Designation
    dna: Designation
    cas: tuple[Designation, Designation]


def parties_to(session: Session, convention: str, region: str | None = None) -> int:
    """How many parties the database has under ``convention`` (in ``region``), counted with SQL."""
    stmt = select(func.count()).select_from(PartyStatus).join(Party)
    stmt = stmt.where(PartyStatus.convention == convention, PartyStatus.status == "party")
    if region:
        stmt = stmt.where(Party.region == region)
    return int(session.scalar(stmt) or 0)


def _dated(session: Session, resource: str, resource_id: int, at: dt.datetime) -> None:
    """Move the party's changes of one resource to ``at`` (the fixture's past)."""
    session.execute(
        update(Change)
        .where(Change.resource == resource, Change.resource_id == resource_id)
        .where(Change.actor["role"].as_string() == "party")
        .values(at=at)
    )


def _read_by_a_list(session: Session, designation: Designation) -> None:
    run = SyncRun(id="run-2025-06-01", mode="apply", status="ok", started_at=LIST_RUN)
    session.add(run)
    session.flush()
    session.add(
        ListBaseline(
            convention=designation.convention,
            party_code=designation.party_code,
            designation_id=designation.id,
            run_id=run.id,
            record={"fields": {}},
            registry_record={},
        )
    )


def build_world(session: Session, signatory: bool = True) -> World:
    """Write the world (flushed, not committed). ``signatory``: make Haiti a Basel signatory, a change to
    the party table, which only a test whose transaction is rolled back may make."""
    amina = make_contact(session, "KEN", organization="NEMA Kenya")
    fp = make_designation(session, amina, "basel", "FP")
    dna = make_designation(session, amina, "rotterdam", "DNA", scope="CP")
    _read_by_a_list(session, fp)
    update_contact(session, amina, {"position": "Director"}, KENYA)
    _dated(session, "contact", amina.id, KENYA_EDIT)
    ministry = make_contact(session, "KEN", organization="Ministry of Environment")
    ca_own = make_designation(session, ministry, "basel", "CA", actor=KENYA, scope="Imports")
    _dated(session, "designation", ca_own.id, KENYA_CA)
    ca = make_designation(session, make_contact(session, "KEN", organization="nema kenya"), "basel", "CA")
    ended = make_designation(session, make_contact(session, "KEN"), "stockholm", "OCP")
    end_designation(session, ended, SECRETARIAT, on=dt.date(2025, 1, 1))
    uganda = make_contact(session, "UGA", organization="Ministry of Water and Environment")
    make_designation(session, uganda, "rotterdam", "DNA", scope="P")
    make_designation(session, make_contact(session, "UGA"), "rotterdam", "DNA", scope="C")
    update_contact(session, uganda, {"position": "Commissioner"}, SECRETARIAT)
    make_designation(session, make_contact(session, "USA"), "rotterdam", "OCP")
    if signatory:
        haiti = session.get(PartyStatus, ("HTI", "basel"))
        assert haiti is not None
        haiti.status = "signatory"
    make_designation(session, make_contact(session, "HTI"), "basel", "FP")
    make_designation(session, make_contact(session, "EUU"), "stockholm", "NFP")
    session.flush()
    return World(fp=fp, dna=dna, cas=(ca_own, ca))
