"""The normalizing functions on any text: they never raise, and normalizing twice changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.text import clean, fold, key
from sync.normalize import (
    PARTICLES,
    TITLES,
    normalize_title,
    smart_case,
    split_emails,
    split_full_name,
    split_phones,
)

# No example database: the suite writes nothing outside its temporary directories.
CHECK = settings(max_examples=150, deadline=None, database=None)

# "İ" (U+0130) lower-cases to two characters; its own test below says what goes wrong with it.
TEXT = st.text().filter(lambda s: "\u0130" not in s)
# Name-like text: titles, particles, words in capitals, apostrophes, hyphens, accents written both ways.
NAME_WORDS = st.one_of(
    st.sampled_from(sorted(TITLES)),
    st.sampled_from(sorted(set(TITLES.values()))),
    st.sampled_from(sorted(PARTICLES)),
    st.sampled_from(
        ["Amina", "WANJIKU", "O'BRIEN", "o’brien", "Jean-Pierre", "ÉLODIE", "Marti\u0301nez", "张伟"]
    ),
    st.text(alphabet="aZéÉß-.' \u00a0", max_size=6),
)
NAMES = st.one_of(TEXT, st.lists(NAME_WORDS, max_size=6).map(" ".join))
REGIONS = st.sampled_from([None, "CH", "IT", "KE", "GB", "US"])
PHONE_CELLS = st.one_of(TEXT, st.text(alphabet="0123456789 +()-./;", max_size=30))
EMAIL_CELLS = st.one_of(
    TEXT,
    st.lists(
        st.builds(
            "{}@{}".format,
            st.text(alphabet="abcXYZ09._-+", min_size=1, max_size=10),
            st.sampled_from(["x.org", "Env.EXAMPLE", "un.int"]),
        ),
        max_size=3,
    ).map("; ".join),
)


def _joined(parts: tuple[str | None, ...]) -> str:
    return " ".join(p for p in parts if p)


# Each normalizing function, and the text it is given.
NORMALIZERS: dict[str, tuple[Callable[[str], str], st.SearchStrategy[str]]] = {
    "clean": (clean, TEXT),
    "fold": (fold, TEXT),
    "key": (key, TEXT),
    "normalize_title": (normalize_title, NAMES),
    "smart_case": (smart_case, NAMES),
}


@pytest.mark.parametrize("name", NORMALIZERS)
@CHECK
@given(data=st.data())
def test_normalizing_is_idempotent(name: str, data: st.DataObject) -> None:
    normalize, texts = NORMALIZERS[name]
    once = normalize(data.draw(texts))
    assert normalize(once) == once


@CHECK
@given(NAMES)
def test_split_full_name_of_its_joined_output_keeps_title_and_name(text: str) -> None:
    once = split_full_name(text)
    again = split_full_name(_joined(once))
    assert again[0] == once[0]
    # A second pass may re-case a given name left in capitals ("WANJIKU abu ..."); names compare folded.
    assert fold(_joined(again[1:])) == fold(_joined(once[1:]))


@CHECK
@given(EMAIL_CELLS)
def test_split_emails_reads_its_own_output_back(cell: str) -> None:
    emails, _ = split_emails(cell)
    assert split_emails("; ".join(emails)) == (emails, [])


@CHECK
@given(PHONE_CELLS, REGIONS)
def test_split_phones_reads_its_own_output_back_in_any_region(cell: str, region: str | None) -> None:
    numbers, _ = split_phones(cell, region)
    assert split_phones("; ".join(numbers), None) == (numbers, [])


@CHECK
@given(PHONE_CELLS, REGIONS)
def test_split_phones_returns_every_piece_as_a_number_or_as_bad(cell: str, region: str | None) -> None:
    numbers, bad = split_phones(cell, region)
    assert all(n.startswith("+") and n[1:].isdigit() for n in numbers)
    assert all(b.strip() == b and b for b in bad)


def test_smart_case_is_idempotent_on_turkish_dotted_capital_i() -> None:
    once = smart_case("İA")
    assert smart_case(once) == once
