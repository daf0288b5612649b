"""Organizations that serve more than one convention (the cross-convention view of a party)."""

from __future__ import annotations

from registry.coverage.crossing import SharedOrganization, shared_organizations


def test_shared_organizations_names_one_serving_two_conventions() -> None:
    holdings = [("stockholm", "EPA"), ("basel", "EPA"), ("rotterdam", "Ministry of Agriculture")]
    assert shared_organizations(holdings) == (SharedOrganization("EPA", ("basel", "stockholm")),)


def test_shared_organizations_ignores_one_serving_a_single_convention_twice() -> None:
    assert shared_organizations([("basel", "EPA"), ("basel", "EPA")]) == ()


def test_shared_organizations_takes_spellings_differing_in_case_and_accents_as_one() -> None:
    holdings = [("basel", "Ministère de l'Environnement"), ("rotterdam", "MINISTERE DE L’ENVIRONNEMENT")]
    found = shared_organizations(holdings)
    assert [o.conventions for o in found] == [("basel", "rotterdam")]


def test_shared_organizations_shows_the_same_spelling_whatever_the_order() -> None:
    holdings = [("basel", "nema kenya"), ("rotterdam", "NEMA Kenya")]
    assert shared_organizations(holdings) == shared_organizations(list(reversed(holdings)))


def test_shared_organizations_skips_holders_with_no_organization() -> None:
    assert shared_organizations([("basel", None), ("rotterdam", None), ("stockholm", "  ")]) == ()


def test_shared_organizations_lists_them_by_name() -> None:
    holdings = [(c, name) for name in ("Zambia EMA", "agency") for c in ("basel", "stockholm")]
    assert [o.name for o in shared_organizations(holdings)] == ["agency", "Zambia EMA"]
