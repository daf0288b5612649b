"""The evaluation of a registry against a truth (tests/sync/generated/evaluate.py), on states made by hand."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.sync.generated.evaluate import Holder, fold, holder, score, score_changes

CHECK = settings(max_examples=200, deadline=None, database=None)


@pytest.mark.parametrize(
    ("capitals", "written"),
    [
        ("YILMAZ", "Yılmaz"),
        ("ŞİMŞEK", "Şimşek"),
        ("ƏLIXANLI", "Əlixanlı"),
        ("STRASSE", "Straße"),
        ("STRAẞE", "Straße"),
        ("ΠΑΠΑΔΟΠΟΥΛΟΣ", "Παπαδόπουλος"),
        ("ΡΑΪΣΗΣ", "Ραΐσης"),
        ("NGUYỄN", "Nguyễn"),
        ("ŁUKOWICZ", "Łukowicz"),
        ("ЁЛКИН", "Ёлкин"),
    ],
)
def test_fold_makes_capitals_and_ordinary_case_one(capitals: str, written: str) -> None:
    assert fold(capitals) == fold(written)


@CHECK
@given(st.text(alphabet=st.characters(categories=["L", "M", "Zs"])))
def test_fold_ignores_case_normalization_and_white_space(name: str) -> None:
    spellings = (
        name.upper(),
        name.lower(),
        name.title(),
        unicodedata.normalize("NFD", name),
        f" {name}\u00a0 ",
    )
    assert {fold(s) for s in spellings} == {fold(name)}


def test_fold_keeps_different_letters_apart() -> None:
    assert fold("Łukowicz") != fold("Lukowicz")


def person(given: str, family: str, email: str, phone: str, **more: Any) -> dict[str, Any]:
    values = {"given": given, "family": family, "emails": [email], "phones": [phone], "fax": []}
    return values | {"organization": "Ministry", "position": "Director"} | more


def designation(role: str, scope: str = "", convention: str = "basel") -> dict[str, Any]:
    return {"convention": convention, "party": "VNM", "role": role, "scope": scope}


# Two namesakes of one party with one e-mail address, told apart by their phones.
JOHN_1 = person("John", "Vũ", "john.vu@moe.vn.example", "+842101231062")
JOHN_2 = person("John", "Vũ", "john.vu@moe.vn.example", "+842101237832")


def truth_of_two_johns() -> list[Holder]:
    return [
        holder(designation("CA"), JOHN_1, "P1"),
        holder(designation("FP"), JOHN_1, "P1"),
        holder(designation("CA", "Transit"), JOHN_2, "P2"),
        holder(designation("DNA", "CP", "rotterdam"), JOHN_2, "P2"),
    ]


def test_score_of_the_truth_itself_is_perfect() -> None:
    result = score(truth_of_two_johns(), truth_of_two_johns())
    assert (result.precision, result.recall, result.wrong_merges, result.splits) == (1.0, 1.0, {}, {})


def test_score_tells_namesakes_apart_by_their_fingerprint() -> None:
    found = [
        holder(designation("DNA", "CP", "rotterdam"), {**JOHN_2, "family": "VŨ"}, "12"),
        holder(designation("CA", "Transit"), JOHN_2, "12"),
        holder(designation("FP"), JOHN_1, "11"),
        holder(designation("CA"), JOHN_1, "11"),
    ]
    result = score(found, truth_of_two_johns())
    assert (result.correct, result.wrong_merges, result.splits) == (4, {}, {})


def test_score_finds_two_people_merged_into_one_contact() -> None:
    found = [
        holder(designation("CA"), JOHN_1, "11"),
        holder(designation("FP"), JOHN_1, "11"),
        holder(designation("CA", "Transit"), JOHN_2, "12"),
        holder(designation("DNA", "CP", "rotterdam"), JOHN_1, "11"),  # John 2's DNA given to John 1
    ]
    result = score(found, truth_of_two_johns())
    assert result.wrong_merges == {"11": {"P1", "P2"}}
    assert result.pair_precision < 1.0


def test_score_finds_one_person_split_over_two_contacts() -> None:
    found = [
        holder(designation("CA"), JOHN_1, "11"),
        holder(designation("FP"), JOHN_1, "13"),
        holder(designation("CA", "Transit"), JOHN_2, "12"),
        holder(designation("DNA", "CP", "rotterdam"), JOHN_2, "12"),
    ]
    result = score(found, truth_of_two_johns())
    assert result.splits == {"P1": {"11", "13"}}
    assert result.pair_recall < 1.0


def test_score_counts_a_wrong_scope_as_neither_precise_nor_recalled() -> None:
    found = [*truth_of_two_johns()[:3], holder(designation("DNA", "P", "rotterdam"), JOHN_2, "P2")]
    result = score(found, truth_of_two_johns())
    assert (result.precision, result.recall) == (0.75, 0.75)


def test_score_lists_the_fields_that_differ() -> None:
    found = [holder(designation("FP"), {**JOHN_1, "phones": ["+842101230000"]}, "11")]
    result = score(found, [holder(designation("FP"), JOHN_1, "P1")])
    assert result.field_errors == {"phones": 1}


def report(*items: dict[str, Any]) -> dict[str, Any]:
    return {"conventions": {"basel": {"status": "ok", "items": list(items)}}}


def item(action: str, given: str, family: str, emails: list[str], fields: dict[str, Any]) -> dict[str, Any]:
    contact = {"given_name": given, "family_name": family, "emails": emails}
    return {
        "action": action,
        "party": "VNM",
        "role": "CA",
        "scope": None,
        "contact": contact,
        "fields": fields,
    }


def change(kind: str, given: str, family: str, emails: list[str], fields: list[str]) -> dict[str, Any]:
    where = {"convention": "basel", "party": "VNM", "role": "CA", "scope": ""}
    return where | {"kind": kind, "given": given, "family": family, "emails": emails, "fields": fields}


def test_score_changes_takes_a_change_written_in_capitals_for_the_truth_one() -> None:
    found = report(item("changed", "JOHN", "VŨ", ["john.vu@newgov.example"], {"phones": {}}))
    result = score_changes(found, [change("changed", "John", "Vũ", ["john.vu@newgov.example"], ["phones"])])
    assert (result.right, result.false, result.missing) == (1, [], [])


def test_score_changes_reports_false_and_missing_changes() -> None:
    found = report(
        item("changed", "John", "Vũ", [], {"family_name": {}}),
        item("registry_ahead", "Jane", "Lê", [], {}),
    )
    result = score_changes(found, [change("removed", "John", "Vũ", [], [])])
    assert (result.right, len(result.false), len(result.missing)) == (0, 2, 1)


def test_score_changes_tells_offices_apart_by_their_e_mails() -> None:
    found = report(item("added", "", "", ["basel@moe.vn.example"], {}))
    result = score_changes(found, [change("added", "", "", ["pic@moe.vn.example"], [])])
    assert (len(result.false), len(result.missing)) == (1, 1)
