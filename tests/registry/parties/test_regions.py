"""The UN regional groups: the data file (complete, as DGACM counts them) and the parties' region column."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registry.parties.models import Party
from registry.parties.regions import RegionFileError, party_regions
from registry.parties.seed import seed_regions
from tests.conftest import PARTIES_CSV

# Parties to the conventions that are not UN Member States (so not in DGACM's list of them).
NON_MEMBERS = {"EUU", "PSE", "COK", "NIU"}


def test_regions_file_names_every_party_of_the_parties_file() -> None:
    with PARTIES_CSV.open(encoding="utf-8") as handle:
        parties = {row["code"] for row in csv.DictReader(handle)}
    assert parties <= set(party_regions())


def test_regions_file_counts_the_member_states_of_each_group_as_dgacm_does() -> None:
    members = Counter(r for code, r in party_regions().items() if code not in NON_MEMBERS)
    assert members == {
        "African": 54,
        "Asia-Pacific": 54,
        "Eastern European": 23,
        "Latin American and Caribbean": 33,
        "Western European and others": 29,
    }


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("TUR", "Western European and others"),
        ("ISR", "Western European and others"),
        ("USA", "Western European and others"),
        ("KIR", "Asia-Pacific"),
        ("PSE", "Asia-Pacific"),
        ("CYP", "Asia-Pacific"),
        ("EUU", None),
    ],
)
def test_regions_file_settles_the_special_cases(code: str, region: str | None) -> None:
    assert party_regions()[code] == region


def test_party_regions_refuses_a_group_that_is_not_one_of_the_five(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text("code,region,name,note\nKEN,Africa,Kenya,\n", encoding="utf-8")
    with pytest.raises(RegionFileError, match="line 2"):
        party_regions(path)


def test_party_regions_refuses_a_party_named_twice(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text("code,region,name,note\nKEN,African,,\nken,African,,\n", encoding="utf-8")
    with pytest.raises(RegionFileError, match="KEN appears again"):
        party_regions(path)


def test_seed_gives_each_party_its_region(session: Session) -> None:
    regions = dict(session.execute(select(Party.code, Party.region)).all())
    assert (regions["KEN"], regions["TUR"], regions["EUU"], regions["ATA"]) == (
        "African",
        "Western European and others",
        None,
        None,
    )


def test_seed_regions_restores_a_region_changed_in_the_database(session: Session) -> None:
    session.execute(update(Party).where(Party.code == "KEN").values(region="Asia-Pacific"))
    session.expire_all()
    assert seed_regions(session) == 1
    assert session.get(Party, "KEN").region == "African"  # type: ignore[union-attr]


def test_region_column_refuses_a_name_not_of_the_five(session: Session) -> None:
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(update(Party).where(Party.code == "KEN").values(region="Africa"))
