"""sync.match: pairing a list's records with the registry's designations, block by block."""

from __future__ import annotations

from sync.identity import Identity
from sync.match import Candidate, match_designations
from sync.records import ListRecord
from tests.sync.unit.build import person, record


def _who(name: str, *emails: str, organization: str = "", phones: tuple[str, ...] = ()) -> Identity:
    return Identity(name, frozenset(emails), frozenset(phones), organization)


def _candidate(
    key: int,
    name: str,
    *emails: str,
    source_key: str | None = None,
    role: str = "CA",
    phones: tuple[str, ...] = (),
) -> Candidate:
    identity = _who(name, *emails, organization="ministry of environment", phones=phones)
    return Candidate(key, "KEN", role, identity, source_key)


def _record(
    given: str | None,
    family: str | None,
    *,
    source_id: str | None = None,
    role: str = "CA",
    emails: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
) -> ListRecord:
    listed = person(given_name=given, family_name=family, emails=emails, phones=phones)
    return record(listed, role=role, source_id=source_id)


def _paired(records: list[ListRecord], candidates: list[Candidate]) -> list[tuple[int, int]]:
    return [(index, candidate.key) for index, candidate in match_designations(records, candidates).pairs]


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
    records = [
        _record("Amina", "Wanjiku", source_id="g1", emails=("amina@env.ke",)),
        _record("Amina", "Wanjiku", source_id="g2"),
    ]
    matching = match_designations(records, [_candidate(1, "amina wanjiku", "amina@env.ke")])
    assert [(i, c.key) for i, c in matching.pairs] == [(0, 1)]
    assert matching.unmatched_records == [1]


def test_match_designations_reports_two_identical_namesake_rows_for_one_designation_as_ambiguous() -> None:
    records = [_record("Amina", "Wanjiku", source_id="g1"), _record("Amina", "Wanjiku", source_id="g2")]
    matching = match_designations(records, [_candidate(1, "amina wanjiku")])
    assert matching.pairs == []
    assert {i for i, _ in matching.ambiguous} == {0, 1}


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


def test_match_designations_tells_two_namesakes_apart_by_their_details() -> None:
    records = [
        _record("John", "Vu", emails=("john.vu@env.vn",), phones=("+8421011",)),
        _record("John", "Vu", emails=("john.vu@menr.vn",), phones=("+8421022",)),
    ]
    candidates = [
        _candidate(1, "john vu", "john.vu@menr.vn", phones=("+8421022",)),
        _candidate(2, "john vu", "john.vu@env.vn", phones=("+8421011",)),
    ]
    assert sorted(_paired(records, candidates)) == [(0, 2), (1, 1)]


def test_match_designations_keeps_a_namesakes_designation_for_the_one_whose_details_agree() -> None:
    records = [
        _record("John", "Vu", emails=("john.vu@new.vn",), phones=("+8421033",)),
        _record("John", "Vu", emails=("john.vu@env.vn",), phones=("+8421011",)),
    ]
    matching = match_designations(records, [_candidate(1, "john vu", "john.vu@env.vn", phones=("+8421011",))])
    assert [(i, c.key) for i, c in matching.pairs] == [(1, 1)]
    assert matching.unmatched_records == [0]


def test_match_designations_does_not_pair_a_new_name_sharing_an_office_mailbox() -> None:
    records = [_record("Mary", "Kamau", emails=("pic@env.ke",))]
    matching = match_designations(records, [_candidate(1, "amina wanjiku", "pic@env.ke")])
    assert matching.pairs == []
