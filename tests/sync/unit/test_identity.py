"""sync.identity: whether two descriptions are one person, shared mailboxes, and finding a contact."""

from __future__ import annotations

from sync.identity import (
    Identity,
    PersonIndex,
    Shared,
    evidence,
    identity_of,
    renamed,
    same_person,
    shared_details,
)
from tests.sync.unit.build import person


def _who(
    name: str,
    *emails: str,
    phones: tuple[str, ...] = (),
    organization: str = "",
    position: str = "",
    department: str = "",
) -> Identity:
    return Identity(name, frozenset(emails), frozenset(phones), organization, position, department)


AMINA = _who(
    "amina wanjiku", "amina@env.ke", phones=("+254201234567",), organization="nema", position="director"
)


def test_identity_of_folds_the_name_and_the_organization() -> None:
    ident = identity_of(person(given_name="AMINA", family_name="WANJÍKU", organization="  NEMA "))
    assert ident.name == "amina wanjiku"
    assert ident.organization == "nema"


def test_identity_of_takes_names_whose_case_does_not_round_trip_as_one() -> None:
    turkish = identity_of(person(given_name="Ayşe", family_name="YILMAZ"))
    assert turkish.name == identity_of(person(given_name="AYŞE", family_name="Yılmaz")).name


def test_identity_round_trips_through_json() -> None:
    assert Identity.from_dict(AMINA.as_dict()) == AMINA


def test_identity_from_an_older_baseline_has_no_phones() -> None:
    old = {"name": "amina wanjiku", "emails": ["amina@env.ke"], "organization": "nema", "position": ""}
    assert Identity.from_dict(old).phones == frozenset()


def test_evidence_counts_what_both_give_and_ignores_what_one_lacks() -> None:
    found = evidence(AMINA, _who("amina wanjiku", "amina@env.ke", organization="nema"))
    assert (found.agree, found.differ, found.strong) == (3, 0, True)


def test_evidence_leaves_a_shared_mailbox_out() -> None:
    shared = Shared(emails=frozenset({"pic@env.ke"}))
    found = evidence(_who("a", "pic@env.ke"), _who("a", "pic@env.ke"), shared)
    assert (found.agree, found.strong) == (0, False)


def test_same_person_is_the_same_name_with_nothing_differing() -> None:
    assert same_person(AMINA, _who("amina wanjiku", "amina@env.ke"))


def test_same_person_is_the_same_name_when_only_the_name_is_known() -> None:
    assert same_person(_who("amina wanjiku"), AMINA)


def test_same_person_tolerates_one_stale_email_when_phone_and_organization_agree() -> None:
    stale = _who(
        "amina wanjiku", "old@env.ke", phones=("+254201234567",), organization="nema", position="director"
    )
    assert same_person(AMINA, stale)


def test_same_person_tells_apart_two_people_of_one_name_with_other_phones_and_organizations() -> None:
    other = _who("amina wanjiku", "amina@env.ke", phones=("+254209999999",), organization="kws")
    assert not same_person(AMINA, other)


def test_same_person_rejects_two_names() -> None:
    assert not same_person(AMINA, _who("john otieno", "amina@env.ke"))


def test_same_person_takes_two_offices_with_a_personal_email_in_common_as_one() -> None:
    assert same_person(_who("", "waste@env.ke", organization="nema"), _who("", "waste@env.ke"))


def test_same_person_does_not_take_two_offices_of_one_organization_as_one() -> None:
    assert not same_person(_who("", organization="nema"), _who("", organization="nema"))


def test_renamed_takes_a_changed_family_name_with_a_personal_email_in_common() -> None:
    assert renamed(_who("amina wanjiku", "amina@env.ke"), _who("amina otieno", "amina@env.ke"))


def test_renamed_rejects_a_changed_name_whose_phone_differs() -> None:
    moved = _who("amina otieno", "amina@env.ke", phones=("+254209999999",))
    assert not renamed(AMINA, moved)


def test_renamed_rejects_another_name_sharing_only_an_office_mailbox() -> None:
    shared = Shared(emails=frozenset({"pic@env.ke"}))
    assert not renamed(_who("amina wanjiku", "pic@env.ke"), _who("amina otieno", "pic@env.ke"), shared)


def test_shared_details_finds_a_mailbox_of_two_names_in_one_source() -> None:
    source = [("KEN", _who("amina wanjiku", "pic@env.ke")), ("KEN", _who("john otieno", "pic@env.ke"))]
    assert shared_details(source)["KEN"].emails == {"pic@env.ke"}


def test_shared_details_does_not_count_a_renamed_person_across_sources() -> None:
    registry = [("KEN", _who("amina wanjiku", "amina@env.ke"))]
    listed = [("KEN", _who("amina otieno", "amina@env.ke"))]
    assert shared_details(registry, listed) == {}


# --- PersonIndex ---


def _index() -> PersonIndex:
    index = PersonIndex()
    index.add(1, "KEN", _who("amina wanjiku", "amina@x.org", "office@x.org"))
    index.add(2, "KEN", _who("john kamau", "john@x.org", "office@x.org"))
    index.add(3, "UGA", _who("mary otieno", "mary@x.ug"))
    index.shared = shared_details(index.descriptions())
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


def test_person_index_picks_the_one_of_two_namesakes_whose_details_agree() -> None:
    index = _index()
    index.add(
        4, "KEN", _who("amina wanjiku", "amina.w@kws.ke", phones=("+254209999999",), organization="kws")
    )
    found = index.find("KEN", _who("amina wanjiku", "amina.w@kws.ke", organization="kws"))
    assert found == (4, None)


def test_person_index_does_not_merge_a_new_person_by_a_shared_office_email() -> None:
    assert _index().find("KEN", _who("john otieno", "office@x.org")) == (None, None)


def test_person_index_copy_leaves_the_original_alone() -> None:
    index = _index()
    copy = index.copy()
    copy.add(9, "KEN", _who("peter mwangi"))
    assert index.find("KEN", _who("peter mwangi")) == (None, None)
    assert copy.find("KEN", _who("peter mwangi")) == (9, None)
