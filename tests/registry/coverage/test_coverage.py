"""Coverage counted from a hand-built world (tests/registry/coverage/conftest.py): holders, vacancies,
non-parties, the EU, last confirmations and the cross-convention view."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from registry.coverage.crossing import SharedOrganization
from registry.coverage.services import Coverage, PartyCoverage, RoleCoverage, coverage
from tests.factories import make_contact, make_designation
from tests.registry.coverage.world import KENYA_CA, KENYA_EDIT, LIST_RUN, TODAY, World, parties_to


def _party(result: Coverage, code: str) -> PartyCoverage:
    return next(p for p in result.parties if p.code == code)


def _codes(result: Coverage) -> set[str]:
    return {p.code for p in result.parties}


def test_coverage_counts_every_current_holder_of_a_role(session: Session, world: World) -> None:
    result = coverage(session, today=TODAY)
    assert _party(result, "KEN").roles[("basel", "CA")].holders == 2
    assert _party(result, "UGA").roles[("rotterdam", "DNA")].holders == 2


def test_coverage_held_counts_parties_not_holders(session: Session, world: World) -> None:
    totals = coverage(session, today=TODAY).totals[("rotterdam", "DNA")]
    assert (totals.held, totals.vacant) == (2, parties_to(session, "rotterdam") - 2)


def test_coverage_vacant_is_a_party_to_it_without_a_holder(session: Session, world: World) -> None:
    result = coverage(session, today=TODAY)
    vacant = {p.code for p in result.parties if p.is_vacant("basel", "FP")}
    assert "AGO" in vacant
    assert {"KEN", "HTI", "USA"}.isdisjoint(vacant)
    assert len(vacant) == result.totals[("basel", "FP")].vacant == parties_to(session, "basel") - 1


def test_coverage_ended_designation_leaves_the_role_vacant(session: Session, world: World) -> None:
    kenya = _party(coverage(session, today=TODAY), "KEN")
    assert kenya.roles[("stockholm", "OCP")] == RoleCoverage(0, None)
    assert kenya.is_vacant("stockholm", "OCP")


def test_coverage_lists_a_non_party_that_designated_anyway(session: Session, world: World) -> None:
    result = coverage(session, today=TODAY)
    usa = _party(result, "USA")
    assert usa.status["rotterdam"] == "non_party"
    assert usa.roles[("rotterdam", "OCP")].holders == 1
    assert not usa.is_vacant("rotterdam", "OCP")
    assert result.totals[("rotterdam", "OCP")].non_parties == 1


def test_coverage_signatory_that_designated_is_not_held_nor_vacant(session: Session, world: World) -> None:
    result = coverage(session, today=TODAY)
    assert _party(result, "HTI").status["basel"] == "signatory"
    totals = result.totals[("basel", "FP")]
    assert (totals.held, totals.non_parties) == (1, 1)


def test_coverage_signatory_with_no_holder_is_listed_and_not_vacant(session: Session, world: World) -> None:
    haiti = _party(coverage(session, today=TODAY), "HTI")
    assert haiti.roles[("basel", "CA")].holders == 0
    assert not haiti.is_vacant("basel", "CA")


def test_coverage_eu_is_a_party_of_its_own_with_no_region(session: Session, world: World) -> None:
    eu = _party(coverage(session, today=TODAY), "EUU")
    assert eu.region is None
    assert eu.roles[("stockholm", "NFP")].holders == 1
    assert eu.is_vacant("stockholm", "OCP")


def test_coverage_party_that_designated_no_one_is_vacant_under_its_conventions_only(
    session: Session, world: World
) -> None:
    angola = _party(coverage(session, today=TODAY), "AGO")
    assert angola.status == {"basel": "party", "rotterdam": "non_party", "stockholm": "party"}
    vacant = {key for key in angola.roles if angola.is_vacant(*key)}
    assert vacant == {("basel", "FP"), ("basel", "CA"), ("stockholm", "OCP"), ("stockholm", "NFP")}
    assert angola.people == 0


def test_coverage_leaves_out_a_party_to_nothing_with_no_one(session: Session, world: World) -> None:
    codes = _codes(coverage(session, today=TODAY))
    assert "USA" in codes
    assert "ATA" not in codes


def test_coverage_convention_filter_shows_that_convention_only(session: Session, world: World) -> None:
    result = coverage(session, "basel", today=TODAY)
    assert result.roles == [("basel", "FP"), ("basel", "CA")]
    assert set(_party(result, "KEN").roles) == {("basel", "FP"), ("basel", "CA")}
    assert "USA" not in _codes(result)
    assert len(result.parties) == parties_to(session, "basel") + 1  # and Haiti, the signatory


def test_coverage_region_filter_keeps_that_group_not_the_eu(session: Session, world: World) -> None:
    result = coverage(session, region="African", today=TODAY)
    assert {p.region for p in result.parties} == {"African"}
    assert {"KEN", "UGA", "AGO"} <= _codes(result)
    assert "EUU" not in _codes(result)
    totals = result.totals[("basel", "FP")]
    assert totals.held + totals.vacant == parties_to(session, "basel", "African")


def test_coverage_last_confirmed_is_the_list_run_that_read_the_holder(session: Session, world: World) -> None:
    kenya = _party(coverage(session, today=TODAY), "KEN")
    assert kenya.roles[("basel", "FP")].last_confirmed == LIST_RUN.date()


def test_coverage_last_confirmed_is_the_party_s_edit_of_a_holder(session: Session, world: World) -> None:
    kenya = _party(coverage(session, today=TODAY), "KEN")
    assert kenya.roles[("rotterdam", "DNA")].last_confirmed == KENYA_EDIT.date()


def test_coverage_last_confirmed_is_the_latest_over_every_holder(session: Session, world: World) -> None:
    kenya = _party(coverage(session, today=TODAY), "KEN")
    assert kenya.roles[("basel", "CA")].last_confirmed == KENYA_CA.date()


def test_coverage_edits_by_others_than_the_party_confirm_nothing(session: Session, world: World) -> None:
    uganda = _party(coverage(session, today=TODAY), "UGA")
    assert uganda.roles[("rotterdam", "DNA")].last_confirmed is None


def test_coverage_staleness_counts_holding_parties_by_age(session: Session, world: World) -> None:
    totals = coverage(session, today=TODAY).totals
    assert totals[("basel", "FP")].staleness == {
        "under_1_year": 0,
        "1_to_3_years": 1,
        "over_3_years": 0,
        "unconfirmed": 1,
    }
    assert totals[("rotterdam", "DNA")].staleness["over_3_years"] == 1
    assert totals[("basel", "CA")].staleness["under_1_year"] == 1


def test_coverage_staleness_moves_with_today(session: Session, world: World) -> None:
    later = coverage(session, today=dt.date(2028, 6, 2)).totals[("basel", "FP")]
    assert later.staleness["over_3_years"] == 1


def test_coverage_people_counts_distinct_contacts_of_current_roles(session: Session, world: World) -> None:
    assert _party(coverage(session, today=TODAY), "KEN").people == 3


def test_coverage_names_organizations_serving_several_conventions(session: Session, world: World) -> None:
    kenya = _party(coverage(session, today=TODAY), "KEN")
    assert kenya.shared_organizations == (SharedOrganization("NEMA Kenya", ("basel", "rotterdam")),)


def test_coverage_cross_convention_view_ignores_the_convention_filter(session: Session, world: World) -> None:
    kenya = _party(coverage(session, "stockholm", today=TODAY), "KEN")
    assert (kenya.people, len(kenya.shared_organizations)) == (3, 1)


def test_coverage_reads_in_a_handful_of_queries_whatever_the_parties(session: Session, world: World) -> None:
    statements: list[Any] = []
    connection = session.connection()

    def count(*_: Any) -> None:
        statements.append(1)

    event.listen(connection, "before_cursor_execute", count)
    try:
        coverage(session, today=TODAY)
        before = len(statements)
        for code in ("GHA", "NGA", "BRA", "IND", "FRA"):
            make_designation(session, make_contact(session, code), "stockholm", "NFP")
        session.flush()
        statements.clear()
        coverage(session, today=TODAY)
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert len(statements) == before <= 6
