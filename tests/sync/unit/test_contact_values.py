"""E-mails and phones: sync.normalize.split_emails / split_phones and registry.contacts.values."""

from __future__ import annotations

import pytest

from registry.contacts.values import normalize_email, normalize_phone, region_of
from sync.normalize import split_emails, split_phones

# --- e-mails ---


@pytest.mark.parametrize(
    "cell", ["a@x.org; b@y.org", "a@x.org, b@y.org", "a@x.org/b@y.org", "a@x.org  b@y.org"]
)
def test_split_emails_splits_at_each_separator(cell: str) -> None:
    assert split_emails(cell) == (["a@x.org", "b@y.org"], [])


def test_split_emails_splits_at_line_breaks() -> None:
    assert split_emails("a@x.org\nb@y.org") == (["a@x.org", "b@y.org"], [])


def test_split_emails_drops_mailto() -> None:
    assert split_emails("MAILTO:a@x.org; mailto:b@y.org") == (["a@x.org", "b@y.org"], [])


@pytest.mark.parametrize(
    "cell", ["name [at] domain [dot] org", "name(at)domain(dot)org", "name [AT] domain.org"]
)
def test_split_emails_reads_spelled_out_at_and_dot(cell: str) -> None:
    assert split_emails(cell) == (["name@domain.org"], [])


def test_split_emails_writes_addresses_in_lower_case() -> None:
    assert split_emails("Amina.Wanjiku@ENV.Example") == (["amina.wanjiku@env.example"], [])


def test_split_emails_keeps_each_address_once_in_order() -> None:
    assert split_emails("b@y.org; a@x.org; B@Y.ORG") == (["b@y.org", "a@x.org"], [])


def test_split_emails_strips_angle_brackets() -> None:
    assert split_emails("<a@x.org>") == (["a@x.org"], [])


def test_split_emails_returns_the_pieces_that_are_not_addresses() -> None:
    assert split_emails("a@x.org; not-an-email; b@localhost") == (
        ["a@x.org"],
        ["not-an-email", "b@localhost"],
    )


def test_split_emails_gives_nothing_for_an_empty_cell() -> None:
    assert split_emails(None) == ([], [])


def test_split_emails_keeps_and_inside_an_address() -> None:
    assert split_emails("research-and-development@x.org") == (["research-and-development@x.org"], [])


def test_normalize_email_writes_the_address_in_lower_case() -> None:
    assert normalize_email(" mailto:A.B@X.ORG ") == "a.b@x.org"


def test_normalize_email_rejects_what_is_not_an_address() -> None:
    with pytest.raises(ValueError, match="not a valid e-mail address"):
        normalize_email("a@@x.org")


# --- phones ---


@pytest.mark.parametrize(
    "cell",
    [
        "+41 22 917 8218",
        "0041229178218",
        "(+41) 22 917 8218",
        "+41-22-917-8218",
        "+41 (0) 22 917 8218",
        "+41.22.917.82.18",
    ],
)
def test_split_phones_reads_every_way_of_writing_one_number_as_one_e164(cell: str) -> None:
    assert split_phones(cell, None) == (["+41229178218"], [])


def test_split_phones_reads_a_number_without_country_code_in_the_region() -> None:
    assert split_phones("022 917 8218", "CH") == (["+41229178218"], [])


def test_split_phones_cannot_read_a_national_number_without_a_region() -> None:
    assert split_phones("022 917 8218", None) == ([], ["022 917 8218"])


@pytest.mark.parametrize(
    "cell", ["+39 02 1234 5678", "0039 2 1234 5678", "0039 02 1234 5678", "+39 2 1234 5678"]
)
def test_split_phones_keeps_the_italian_leading_zero(cell: str) -> None:
    assert split_phones(cell, None) == (["+390212345678"], [])


@pytest.mark.parametrize(
    "cell",
    [
        "+41 22 917 8218; +41 22 917 8219",
        "+41 22 917 8218 / +41 22 917 8219",
        "+41 22 917 8218, +41 22 917 8219",
        "+41 22 917 8218 or +41 22 917 8219",
        "+41 22 917 8218\n+41 22 917 8219",
    ],
)
def test_split_phones_splits_several_numbers(cell: str) -> None:
    assert split_phones(cell, "CH") == (["+41229178218", "+41229178219"], [])


def test_split_phones_keeps_each_number_once() -> None:
    assert split_phones("+41 22 917 8218 / 0041229178218", "CH") == (["+41229178218"], [])


def test_split_phones_keeps_garbage_as_written() -> None:
    assert split_phones("+41 22 917 8218; call the office", "CH") == (["+41229178218"], ["call the office"])


def test_split_phones_skips_a_placeholder() -> None:
    assert split_phones("-", "CH") == ([], [])


def test_split_phones_skips_a_placeholder_written_with_a_slash() -> None:
    assert split_phones("N/A", "CH") == ([], [])


def test_normalize_phone_says_a_national_number_needs_a_country_code() -> None:
    with pytest.raises(ValueError, match="has no country code"):
        normalize_phone("022 917 8218", None)


def test_normalize_phone_rejects_a_number_too_short_to_dial() -> None:
    with pytest.raises(ValueError, match="not a phone number that can be dialled"):
        normalize_phone("12", "CH")


def test_region_of_reads_no_region_for_the_european_union() -> None:
    assert region_of("EUU", "EU") is None
