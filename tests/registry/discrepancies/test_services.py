"""Discrepancies as the runs record them and the database holds them."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registry.audit.actor import cli_actor
from registry.db import utcnow
from registry.designations.models import Designation
from registry.discrepancies.models import Discrepancy
from registry.discrepancies.services import open_count, record_findings, resolve
from registry.errors import Conflict
from tests.factories import finding, make_designation, make_discrepancy, make_run

# What a second open discrepancy copies of the first: the same kind on the same designation and convention
# (what the partial unique index compares), and the rest a row needs.
TWIN_COLUMNS = (
    "kind",
    "convention",
    "designation_id",
    "party_code",
    "role",
    "contact_id",
    "first_run_id",
    "last_run_id",
)


def test_record_findings_keeps_one_discrepancy_across_runs(session: Session) -> None:
    designation = make_designation(session)
    first_run, second_run = make_run(session), make_run(session)
    [first] = record_findings(session, "basel", first_run, [finding(designation)])
    [again] = record_findings(session, "basel", second_run, [finding(designation)])
    kept = session.get_one(Discrepancy, first)
    assert (again, kept.first_run_id, kept.last_run_id) == (first, first_run, second_run)
    assert open_count(session) == 1


def test_record_findings_takes_the_later_runs_values(session: Session) -> None:
    designation = make_designation(session)
    [found] = record_findings(session, "basel", make_run(session), [finding(designation, listed="Adviser")])
    record_findings(session, "basel", make_run(session), [finding(designation, listed="Director")])
    assert session.get_one(Discrepancy, found).fields["position"]["list"] == "Director"


def test_record_findings_closes_what_a_later_run_no_longer_finds(session: Session) -> None:
    made = make_discrepancy(session, kind="registry_ahead")
    later = make_run(session)
    record_findings(session, "basel", later, [])
    assert (made.status, made.keep) == ("resolved", "registry")
    assert made.resolved_by == {"kind": "sync", "name": "sync basel", "convention": "basel", "run_id": later}


def test_record_findings_leaves_other_conventions_alone(session: Session) -> None:
    made = make_discrepancy(session)
    record_findings(session, "rotterdam", make_run(session), [])
    assert made.status == "open"


def test_record_findings_merges_one_designations_findings_of_a_kind(session: Session) -> None:
    designation = make_designation(session)
    findings = [finding(designation, listed="Adviser"), finding(designation, listed="Director")]
    ids = record_findings(session, "basel", make_run(session), findings)
    assert ids[0] == ids[1]
    assert len(session.get_one(Discrepancy, ids[0]).settlement["list"]) == 4


def test_database_refuses_a_second_open_discrepancy_of_a_kind(session: Session) -> None:
    made = make_discrepancy(session)
    twin = Discrepancy(**{column: getattr(made, column) for column in TWIN_COLUMNS})
    with pytest.raises(IntegrityError, match=r"(?i)unique"), session.begin_nested():
        session.add(twin)


def test_database_refuses_a_resolved_discrepancy_without_its_resolution(session: Session) -> None:
    made = make_discrepancy(session)
    made.status = "resolved"
    with pytest.raises(IntegrityError, match="resolution"), session.begin_nested():
        session.flush()


def test_a_resolved_discrepancy_and_a_new_open_one_may_coexist(session: Session) -> None:
    made = make_discrepancy(session)
    resolve(session, made, "registry", cli_actor())
    designation = session.get_one(Designation, made.designation_id)
    [fresh] = record_findings(session, "basel", make_run(session), [finding(designation, listed="Director")])
    assert fresh != made.id
    assert open_count(session) == 1


def test_resolve_refuses_a_resolved_discrepancy(session: Session) -> None:
    made = make_discrepancy(session)
    resolve(session, made, "registry", cli_actor())
    with pytest.raises(Conflict, match="no longer open"):
        resolve(session, made, "list", cli_actor())


def test_resolve_refuses_a_list_out_of_date(session: Session) -> None:
    made = make_discrepancy(session, kind="registry_ahead")
    with pytest.raises(Conflict, match="not resolved by hand"):
        resolve(session, made, "registry", cli_actor())


def test_resolve_records_who_and_when(session: Session) -> None:
    made = make_discrepancy(session)
    before = utcnow()
    resolve(session, made, "list", cli_actor("operator ana"))
    assert made.resolved_by == {"kind": "cli", "name": "operator ana", "role": "admin"}
    assert made.resolved_at is not None
    assert made.resolved_at >= before
