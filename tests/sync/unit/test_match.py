"""sync.match: how sure two identities are one person, pairing records with designations, finding contacts."""

from __future__ import annotations

from sync.match import Candidate, Identity, PersonIndex, identity_of, match_designations, same_person
from sync.records import ListRecord
from tests.sync.unit.build import person, record


def _who(name: str, *emails: str, organization: str = "", position: str = "") -> Identity:
    return Identity(name, frozenset(emails), organization, position)


def _candidate(
    key: int, name: str, *emails: str, source_key: str | None = None, role: str = "CA"
) -> Candidate:
    return Candidate(
        key, "KEN", role, _who(name, *emails, organization="ministry of environment"), source_key
    )


def _record(
    given: str | None, family: str | None, *, source_id: str | None = None, role: str = "CA"
) -> ListRecord:
    return record(person(given_name=given, family_name=family, emails=()), role=role, source_id=source_id)


def _paired(records: list[ListRecord], candidates: list[Candidate]) -> list[tuple[int, int]]:
    return [(index, candidate.key) for index, candidate in match_designations(records, candidates).pairs]


# --- same_person ---


def test_identity_of_folds_the_name_and_organization() -> None:
    ident = identity_of(
        person(given_name="AMINA", family_name="Wánjiku", organization=" Ministry  of Environment")
    )
    assert (ident.name, ident.organization, ident.emails) == (
        "amina wanjiku",
        "ministry of environment",
        frozenset({"amina@env.example"}),
    )


def test_same_person_is_likely_for_the_same_name() -> None:
    assert same_person(_who("amina wanjiku"), _who("amina wanjiku")) == 80


def test_same_person_is_surer_for_the_same_name_and_a_shared_email() -> None:
    assert same_person(_who("amina wanjiku", "a@x.org"), _who("amina wanjiku", "a@x.org")) == 90


def test_same_person_ignores_accents_and_case_of_the_written_name() -> None:
    a = identity_of(person(given_name="AMINA", family_name="WANJÍKU", emails=()))
    b = identity_of(person(given_name="Amina", family_name="Wanji\u0301ku", emails=()))
    assert same_person(a, b) == 80


def test_same_person_accepts_a_misspelled_name_with_a_shared_email() -> None:
    assert same_person(_who("amina wanjiku", "a@x.org"), _who("amina wanjku", "a@x.org")) == 70


def test_same_person_accepts_a_misspelled_name_in_the_same_organization() -> None:
    a, b = _who("amina wanjiku", organization="nema"), _who("amina wanjku", organization="nema")
    assert same_person(a, b) == 70


def test_same_person_rejects_a_misspelled_name_with_nothing_else_shared() -> None:
    assert (
        same_person(_who("amina wanjiku", organization="nema"), _who("amina wanjku", organization="kws")) == 0
    )


def test_same_person_accepts_a_changed_family_name_with_a_shared_personal_email() -> None:
    assert same_person(_who("amina wanjiku", "a@x.org"), _who("amina otieno", "a@x.org")) == 60


def test_same_person_does_not_count_a_shared_office_email_left_out_of_personal() -> None:
    a, b = _who("amina wanjiku", "office@x.org"), _who("amina otieno", "office@x.org")
    assert same_person(a, b, personal={"amina@x.org"}) == 0


def test_same_person_rejects_two_different_names() -> None:
    assert same_person(_who("amina wanjiku", "a@x.org"), _who("john otieno", "a@x.org")) == 0


def test_same_person_never_takes_a_named_person_for_a_nameless_office() -> None:
    assert same_person(_who("amina wanjiku", "office@x.org"), _who("", "office@x.org")) == 0


def test_same_person_takes_two_nameless_offices_with_a_shared_email_as_one() -> None:
    assert same_person(_who("", "office@x.org"), _who("", "office@x.org")) == 70


def test_same_person_takes_two_nameless_offices_of_one_organization_and_position_as_maybe_one() -> None:
    a, b = (
        _who("", organization="nema", position="director"),
        _who("", organization="nema", position="director"),
    )
    assert same_person(a, b) == 50


def test_same_person_rejects_two_nameless_offices_with_nothing_shared() -> None:
    assert same_person(_who(""), _who("")) == 0


# --- match_designations ---


def test_match_designations_pairs_by_source_id_before_the_name() -> None:
    records = [_record("John", "Otieno", source_id="g1")]
    candidates = [_candidate(1, "john otieno"), _candidate(2, "mary kamau", source_key="g1")]
    assert _paired(records, candidates) == [(0, 2)]


def test_match_designations_pairs_by_exact_folded_name() -> None:
    records = [_record("Mary", "KAMAU"), _record("Amina", "Wánjiku")]
    candidates = [_candidate(1, "amina wanjiku"), _candidate(2, "mary kamau")]
    assert sorted(_paired(records, candidates)) == [(0, 2), (1, 1)]


def test_match_designations_pairs_a_misspelled_name_fuzzily() -> None:
    assert _paired([_record("Amina", "Wanjku")], [_candidate(1, "amina wanjiku")]) == [(0, 1)]


def test_match_designations_prefers_the_exact_name_to_a_fuzzy_one() -> None:
    records = [_record("Amina", "Wanjku"), _record("Amina", "Wanjiku")]
    candidates = [_candidate(1, "amina wanjiku"), _candidate(2, "amina wanjku")]
    assert sorted(_paired(records, candidates)) == [(0, 2), (1, 1)]


def test_match_designations_pairs_only_within_a_role() -> None:
    matching = match_designations([_record("Amina", "Wanjiku", role="FP")], [_candidate(1, "amina wanjiku")])
    assert matching.pairs == []
    assert matching.unmatched_records == [0]
    assert [c.key for c in matching.unmatched_candidates] == [1]


def test_match_designations_gives_a_candidate_to_one_record_only() -> None:
    matching = match_designations(
        [_record("Amina", "Wanjiku", source_id="g1"), _record("Amina", "Wanjiku", source_id="g2")],
        [_candidate(1, "amina wanjiku")],
    )
    assert [(i, c.key) for i, c in matching.pairs] == [(0, 1)]
    assert matching.unmatched_records == [1]


def test_match_designations_reports_two_candidates_of_one_name_as_ambiguous() -> None:
    matching = match_designations(
        [_record("Amina", "Wanjiku")], [_candidate(1, "amina wanjiku"), _candidate(2, "amina wanjiku")]
    )
    assert matching.pairs == []
    assert [i for i, _ in matching.ambiguous] == [0]
    # Not guessed, and not taken for new or vanished either: the row and both designations are left alone.
    assert matching.unmatched_records == []
    assert matching.unmatched_candidates == []
    assert sorted(c.key for c in matching.held) == [1, 2]


def test_match_designations_reports_two_equally_close_fuzzy_candidates_as_ambiguous() -> None:
    matching = match_designations(
        [_record("Amina", "Wanjku")], [_candidate(1, "amina wanjiku"), _candidate(2, "amina wanjiko")]
    )
    assert matching.pairs == []
    assert [i for i, _ in matching.ambiguous] == [0]
    assert "2 registry designations" in matching.ambiguous[0][1]


def test_match_designations_reports_two_records_equally_close_to_one_candidate_as_ambiguous() -> None:
    matching = match_designations(
        [_record("Amina", "Wanjku"), _record("Amina", "Wanjikuu")], [_candidate(1, "amina wanjiku")]
    )
    assert matching.pairs == []
    assert {i for i, _ in matching.ambiguous} == {0, 1}


# --- PersonIndex ---


def _index() -> PersonIndex:
    index = PersonIndex()
    index.add(1, "KEN", _who("amina wanjiku", "amina@x.org", "office@x.org"))
    index.add(2, "KEN", _who("john kamau", "john@x.org", "office@x.org"))
    index.add(3, "UGA", _who("mary otieno", "mary@x.ug"))
    return index


def test_person_index_finds_a_contact_by_name() -> None:
    assert _index().find("KEN", _who("amina wanjiku")) == (1, None)


def test_person_index_finds_a_contact_by_personal_email_under_a_changed_name() -> None:
    assert _index().find("KEN", _who("amina otieno", "amina@x.org")) == (1, None)


def test_person_index_looks_only_within_the_party() -> None:
    assert _index().find("KEN", _who("mary otieno", "mary@x.ug")) == (None, None)


def test_person_index_finds_no_one_for_a_new_name() -> None:
    assert _index().find("KEN", _who("peter mwangi", "peter@x.org")) == (None, None)


def test_person_index_reports_two_contacts_of_one_name_as_ambiguous() -> None:
    index = _index()
    index.add(4, "KEN", _who("amina wanjiku", "other@x.org"))
    key, why = index.find("KEN", _who("amina wanjiku"))
    assert key is None
    assert why is not None
    assert "2 contacts" in why


def test_person_index_does_not_merge_a_new_person_by_a_shared_office_email() -> None:
    assert _index().find("KEN", _who("john otieno", "office@x.org")) == (None, None)
