from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.parties.models import Party
from registry.parties.seed import seed_parties
from registry.parties.services import PartyResolver, import_parties

HEADER = "code,alpha2,name,basel,rotterdam,stockholm\n"


def test_seed_knows_every_country_and_the_eu(session: Session) -> None:
    assert session.scalar(select(func.count()).select_from(Party)) >= 249
    eu = session.get(Party, "EUU")
    assert eu is not None
    assert (eu.alpha2, eu.kind) == ("EU", "reio")


def test_seed_is_idempotent(session: Session) -> None:
    assert seed_parties(session) == 0


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Côte\u00a0d'Ivoire", "CIV"),
        ("netherlands (kingdom of the)", "NLD"),
        ("Netherlands", "NLD"),
        ("ro", "ROU"),
        ("RO", "ROU"),
        ("ken", "KEN"),
        ("Czech  Republic", "CZE"),
        ("Republic of Korea", "KOR"),
        ("United Republic of Tanzania", "TZA"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Swaziland", "SWZ"),
        ("Eswatini", "SWZ"),
        ("North Macedonia", "MKD"),
        ("European Community", "EUU"),
        ("European Union", "EUU"),
        ("  Viet Nam ", "VNM"),
    ],
)
def test_resolver_finds_party_by_any_variant(session: Session, written: str, code: str) -> None:
    assert PartyResolver(session).resolve(written) == code


def test_resolver_returns_none_for_unknown_name(session: Session) -> None:
    assert PartyResolver(session).resolve("Atlantis") is None


def test_import_refuses_whole_file_with_line_numbers(session: Session) -> None:
    content = (
        HEADER
        + "KEN,KE,Kenya,false,false,false\nXXX,XX,Nowhere,true,true,true\nFRA,FR,France,maybe,true,true\n"
    )
    result = import_parties(session, content)
    assert [line for line, _ in result.errors] == [3, 4]
    assert "XXX" in result.errors[0][1]
    assert "basel must be true or false" in result.errors[1][1]
    kenya = session.get(Party, "KEN")
    assert kenya is not None
    assert kenya.status("basel") == "party"


def test_import_reports_unknown_and_missing_columns(session: Session) -> None:
    result = import_parties(session, "code,alpha2,nom,basel,rotterdam,stockholm\n")
    assert result.errors == [(1, "missing columns: name; unknown columns: nom")]


def test_import_reports_alpha2_mismatch(session: Session) -> None:
    result = import_parties(session, HEADER + "KEN,KN,Kenya,true,true,true\n")
    assert result.errors == [(2, "alpha2 'KN' does not match KEN (expected KE)")]


def test_import_reports_duplicate_party(session: Session) -> None:
    result = import_parties(session, HEADER + "KEN,KE,Kenya,true,true,true\nKEN,KE,Kenya,true,true,true\n")
    assert result.errors == [(3, "party KEN appears again (first on line 2)")]


def test_import_same_file_twice_changes_nothing(session: Session) -> None:
    content = HEADER + "KEN,KE,Kenya,true,false,true\n"
    first = import_parties(session, content)
    second = import_parties(session, content)
    assert (first.updated, second.updated, second.unchanged) == (1, 0, 1)
    kenya = session.get(Party, "KEN")
    assert kenya is not None
    assert kenya.status("rotterdam") == "non_party"
