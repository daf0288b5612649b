"""sync.prepare: raw rows become ListRecords, or warnings (no database: a tiny PartyFacts)."""

from __future__ import annotations

from typing import Any

import pytest

from sync.prepare import PreparedList, prepare, prepare_record
from sync.records import ListRecord, ParsedList, RawRecord, RowProblem, RowWarning
from tests.sync.unit.build import BASEL_COVERS, ROTTERDAM_COVERS, facts, raw

ADDRESS = "Department of X, Ministry of Y, Travessa João Glama, S/N, 4547-669 Peso da Régua"


def _basel(**cells: Any) -> tuple[ListRecord | None, list[RowWarning]]:
    return prepare_record(raw("basel", **cells), BASEL_COVERS, "parts", facts())


def _rotterdam(**cells: Any) -> tuple[ListRecord | None, list[RowWarning]]:
    row: dict[str, Any] = {"role": "DNA", "scope": "CP", "full_name": "Dr. Amina WANJIKU"} | cells
    return prepare_record(raw("rotterdam", **row), ROTTERDAM_COVERS, "line_with_organization", facts())


def _codes(warnings: list[RowWarning]) -> list[str]:
    return [w.code for w in warnings]


def _kept(result: tuple[ListRecord | None, list[RowWarning]]) -> ListRecord:
    record, _ = result
    assert record is not None
    return record


def _prepare_basel(*rows: RawRecord) -> PreparedList:
    return prepare(ParsedList("basel", rows), BASEL_COVERS, "parts", facts())


def test_prepare_record_gives_a_record_for_a_plain_row() -> None:
    record, warnings = _basel()
    assert warnings == []
    assert record is not None
    assert (record.party, record.role, record.source_ref) == ("KEN", "FP", "row 5")
    assert (record.person.title, record.person.given_name, record.person.family_name) == (
        "Dr.",
        "Amina",
        "Wanjiku",
    )


@pytest.mark.parametrize("name", ["Vacant", "TBC", "To be confirmed", "N/A", "-"])
def test_prepare_record_turns_a_placeholder_name_into_a_warning(name: str) -> None:
    record, warnings = _rotterdam(full_name=name)
    assert record is None
    assert _codes(warnings) == ["placeholder"]


def test_prepare_record_turns_a_placeholder_in_the_family_name_cell_into_a_warning() -> None:
    record, warnings = _basel(title=None, given_name=None, family_name="Vacant")
    assert record is None
    assert _codes(warnings) == ["placeholder"]


def test_prepare_record_warns_of_a_row_that_names_no_one_and_no_office() -> None:
    record, warnings = _basel(role="Competent Authority", title=None, given_name=None, family_name=None)
    assert record is None
    assert _codes(warnings) == ["placeholder"]


def test_prepare_record_keeps_a_person_whose_family_name_is_na() -> None:
    record, warnings = _rotterdam(full_name="Ms. Young-mi NA")
    assert warnings == []
    assert record is not None


def test_prepare_record_warns_of_an_unknown_country() -> None:
    record, warnings = _basel(country="Narnia")
    assert record is None
    assert _codes(warnings) == ["unknown_country"]


def test_prepare_record_resolves_a_lower_case_alpha2_code() -> None:
    assert _kept(_basel(country="ke")).party == "KEN"


def test_prepare_record_warns_of_an_unknown_role() -> None:
    record, warnings = _basel(role="Boss")
    assert record is None
    assert _codes(warnings) == ["unknown_role"]


@pytest.mark.parametrize("scope", ["X", None])
def test_prepare_record_reads_no_dna_without_a_valid_scope_and_holds_its_role(scope: str | None) -> None:
    record, warnings = _rotterdam(scope=scope)
    # Not a record, but the party and role it is for: the designations it may be are left alone.
    assert record == ("KEN", "DNA")
    assert _codes(warnings) == ["invalid_scope"]


def test_prepare_record_reads_the_dna_scope() -> None:
    assert _kept(_rotterdam(scope="c/p")).scope == "CP"


def test_prepare_record_keeps_a_non_party_row_and_flags_it() -> None:
    record, warnings = _rotterdam(country="Switzerland")
    assert record is not None
    assert record.party == "CHE"
    assert _codes(warnings) == ["non_party"]


def test_prepare_record_warns_of_an_invalid_email_and_keeps_the_good_ones() -> None:
    record, warnings = _basel(emails="a@x.org; not-an-email; B@Y.org")
    assert record is not None
    assert record.person.emails == ("a@x.org", "b@y.org")
    assert _codes(warnings) == ["invalid_email"]
    assert "not-an-email" in warnings[0].message


def test_prepare_record_keeps_an_unreadable_phone_as_written_with_a_warning() -> None:
    record, warnings = _basel(phones="020 762 1234; call the office")
    assert record is not None
    assert record.person.phones == ("+254207621234",)
    assert record.person.unparsed_phones == ("call the office",)
    assert _codes(warnings) == ["invalid_phone"]


def test_prepare_record_reads_faxes_in_the_partys_region() -> None:
    assert _kept(_basel(faxes="020 762 1235")).person.faxes == ("+254207621235",)


def test_prepare_record_finds_a_title_written_in_the_given_name_cell() -> None:
    person = _kept(_basel(title=None, given_name="Dr. Amina")).person
    assert (person.title, person.given_name) == ("Dr.", "Amina")


def test_prepare_record_finds_the_department_before_the_organization_in_a_rotterdam_line() -> None:
    person = _kept(_rotterdam(organization="Ministry of Y", address=ADDRESS)).person
    assert person.department == "Department of X"
    assert (person.street, person.postal_code, person.city) == (
        "Travessa João Glama, S/N",
        "4547-669",
        "Peso da Régua",
    )
    assert "department" in person.covers


def test_prepare_record_does_not_cover_the_department_when_the_organization_is_not_in_the_line() -> None:
    person = _kept(_rotterdam(organization="Ministry of Z", address=ADDRESS)).person
    assert person.department is None
    assert "department" not in person.covers
    assert person.address_text == ADDRESS


def test_prepare_record_covers_an_empty_department_when_the_line_starts_with_the_organization() -> None:
    person = _kept(
        _rotterdam(organization="Ministry of Y", address="Ministry of Y, Street 1, 1000 City")
    ).person
    assert person.department is None
    assert "department" in person.covers


def test_prepare_record_keeps_basel_address_parts_as_given() -> None:
    person = _kept(
        _basel(address=" Street 1 ", postal_code="00100", city="Nairobi", department="Dept")
    ).person
    assert (person.street, person.postal_code, person.city, person.department) == (
        "Street 1",
        "00100",
        "Nairobi",
        "Dept",
    )


def test_prepare_record_marks_a_competent_authority_for_transit() -> None:
    record = _kept(_basel(role="Competent Authority", scope="Transit"))
    assert (record.role, record.scope, record.is_transit) == ("CA", "Transit", True)


def test_prepare_record_does_not_mark_a_regional_competent_authority_for_transit() -> None:
    record = _kept(_basel(role="Competent Authority", scope="Coast Province"))
    assert record.is_transit is False


def test_prepare_record_keeps_a_nameless_office() -> None:
    record = _kept(
        _basel(role="Competent Authority", title=None, given_name=None, family_name=None, organization="NEMA")
    )
    assert not record.person.is_named
    assert record.person.organization == "NEMA"


def test_prepare_warns_of_a_duplicate_row_and_keeps_the_first() -> None:
    prepared = _prepare_basel(raw(source_ref="row 5"), raw(source_ref="row 6", family_name="Wanjiku"))
    assert [r.source_ref for r in prepared.records] == ["row 5"]
    assert [(w.code, w.source_ref) for w in prepared.warnings] == [("duplicate", "row 6")]
    assert "row 5" in prepared.warnings[0].message


def test_prepare_keeps_one_person_in_two_roles() -> None:
    prepared = _prepare_basel(raw(), raw(source_ref="row 6", role="Competent Authority"))
    assert [r.role for r in prepared.records] == ["FP", "CA"]
    assert prepared.warnings == []


def test_prepare_passes_on_the_parsers_problems_as_warnings() -> None:
    parsed = ParsedList("basel", (raw(),), (RowProblem("row 9", "Bad date."),))
    prepared = prepare(parsed, BASEL_COVERS, "parts", facts())
    assert [(w.code, w.source_ref) for w in prepared.warnings] == [("malformed_row", "row 9")]
    assert len(prepared.records) == 1


def _office(ref: str, organization: str) -> RawRecord:
    no_one: dict[str, Any] = {"title": None, "given_name": None, "family_name": None}
    return raw(source_ref=ref, role="Competent Authority", organization=organization, **no_one)


def test_prepare_keeps_two_nameless_offices_of_different_organizations() -> None:
    prepared = _prepare_basel(_office("row 5", "NEMA"), _office("row 6", "Ministry of Health"))
    assert [r.person.organization for r in prepared.records] == ["NEMA", "Ministry of Health"]


def test_prepare_reports_one_person_as_competent_authority_twice_as_a_duplicate() -> None:
    # A contact holds a role once per convention (the database holds that rule): the second scope is reported.
    prepared = _prepare_basel(
        raw(role="Competent Authority", scope="Coast Province"),
        raw(source_ref="row 6", role="Competent Authority", scope="Transit"),
    )
    assert [r.scope for r in prepared.records] == ["Coast Province"]
    [warning] = [w for w in prepared.warnings if w.code == "duplicate"]
    assert warning.source_ref == "row 6"
    assert "'Transit'" in warning.message
