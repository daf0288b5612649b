"""Formatting noise is never a change, in any script: a name written in capitals, lower case, title case, NFC
or NFD, or with extra white space compares as the name itself (the one normal form of registry.text.fold)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.text import fold
from sync.fields import list_values
from sync.normalize import is_placeholder
from sync.prepare import prepare_record
from sync.records import ListRecord
from tests.sync.unit.build import BASEL_COVERS, ROTTERDAM_COVERS, facts, raw

CHECK = settings(max_examples=300, deadline=None, database=None)

NOISE: dict[str, Callable[[str], str]] = {
    "upper": str.upper,
    "lower": str.lower,
    "title": str.title,
    "nfc": lambda s: unicodedata.normalize("NFC", s),
    "nfd": lambda s: unicodedata.normalize("NFD", s),
    "spaces": lambda s: "  " + s.replace(" ", " \u00a0 ") + " ",
}
# Letters and marks of every script, and the letters whose case does not round-trip, written both ways.
HARD = "ıIİiəƏßẞςσΣΆάΐŁłĐđǅǆǈﬁſᾳᾼ"
WORD = st.text(
    alphabet=st.one_of(st.characters(categories=["Lu", "Ll", "Lt", "Lo", "Mn"]), st.sampled_from(HARD)),
    min_size=1,
    max_size=10,
)
NAME = st.lists(WORD, min_size=1, max_size=3).map(" ".join)
WORDS = {
    "turkish": ("YILMAZ", "Yılmaz"),
    "azerbaijani": ("ƏLIXANLI", "Əlixanlı"),
    "german": ("STRAẞBURG", "Straßburg"),
    "greek": ("ΠΑΠΑΔΟΠΟΥΛΟΣ", "Παπαδόπουλος"),
    "vietnamese": ("NGUYỄN ĐỨC", "Nguyễn Đức"),
    "polish": ("ŁUKASZ WĄSOWSKI", "Łukasz Wąsowski"),
}


@CHECK
@given(st.text(), st.sampled_from(sorted(NOISE)))
def test_fold_of_any_text_ignores_case_normalization_and_spacing(text: str, noise: str) -> None:
    assert fold(NOISE[noise](text)) == fold(text)


@pytest.mark.parametrize("language", sorted(WORDS))
def test_fold_takes_capitals_and_mixed_case_as_one(language: str) -> None:
    capitals, mixed = WORDS[language]
    assert fold(capitals) == fold(mixed)


def _basel(given_name: str, family: str) -> ListRecord | None:
    record, _ = prepare_record(
        raw(title="Dr.", given_name=given_name, family_name=family), BASEL_COVERS, "parts", facts()
    )
    return record if isinstance(record, ListRecord) else None


def _rotterdam(full_name: str) -> ListRecord | None:
    cells = {"country": "KEN", "role": "DNA", "scope": "CP", "full_name": full_name}
    record, _ = prepare_record(raw("rotterdam", **cells), ROTTERDAM_COVERS, "line_with_organization", facts())
    return record if isinstance(record, ListRecord) else None


def _usable(*names: str) -> bool:
    return all(fold(n) and not is_placeholder(n) for n in names)


@CHECK
@given(NAME, NAME, st.sampled_from(sorted(NOISE)))
def test_a_basel_row_with_a_noisy_name_compares_as_the_name(given_name: str, family: str, noise: str) -> None:
    if not _usable(given_name, family):
        return
    plain, noisy = _basel(given_name, family), _basel(NOISE[noise](given_name), NOISE[noise](family))
    assert plain is not None
    assert noisy is not None
    assert list_values(noisy, "parts") == list_values(plain, "parts")


@CHECK
@given(NAME, NAME, st.sampled_from(sorted(NOISE)))
def test_a_rotterdam_full_name_with_noise_compares_as_the_name(
    given_name: str, family: str, noise: str
) -> None:
    if not _usable(given_name, family):
        return
    written = f"Dr. {given_name} {family.upper()}"
    plain, noisy = _rotterdam(written), _rotterdam(NOISE[noise](written))
    assert plain is not None
    assert noisy is not None
    layout = "line_with_organization"
    assert list_values(noisy, layout)["name"] == list_values(plain, layout)["name"]
