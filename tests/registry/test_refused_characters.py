"""The characters no stored text may hold, for every writer (API, pages, sync): one pattern, checked against
the rule it stands for over every code point."""

from __future__ import annotations

import pytest

from registry.text import BIDI_CONTROLS, REFUSED_CHARACTER, text_problem

EVERY_CODE_POINT = "".join(map(chr, range(0x110000)))


def _refused_by_the_rule(ch: str) -> bool:
    # Control characters but tab and line breaks; C1 controls; lone surrogates; bidirectional overrides.
    control = (ch < " " and ch not in "\t\n\r") or "\x7f" <= ch <= "\x9f"
    return control or "\ud800" <= ch <= "\udfff" or ch in BIDI_CONTROLS


def test_pattern_refuses_exactly_the_characters_of_the_rule() -> None:
    refused = set(REFUSED_CHARACTER.findall(EVERY_CODE_POINT))
    assert refused == {ch for ch in EVERY_CODE_POINT if _refused_by_the_rule(ch)}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Amina\x07 Wanjiku", "Must not contain control characters."),
        ("Amina\u202e Wanjiku", "Must not contain characters that reverse or reorder text"),
        ("\u202eAmina\x00", "Must not contain characters that reverse or reorder text"),  # the first found
        ("Amina\tWanjiku\r\nNairobi", None),
        ("Əfəndiyeva 张芳 \u200f", None),
    ],
)
def test_text_problem_names_the_first_refused_character(text: str, problem: str | None) -> None:
    found = text_problem(text)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert found.startswith(problem)
