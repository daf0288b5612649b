"""The pages' pure helpers: values as read, links, form errors by field, party page filters."""

from __future__ import annotations

from registry.web.cards import Filters
from registry.web.forms import flatten
from registry.web.values import author, display_value, phone, source_place, web_link


def test_web_link_refuses_a_javascript_address() -> None:
    assert web_link("javascript:alert(1)") is None


def test_web_link_adds_https_to_a_bare_host() -> None:
    assert web_link("www.nema.go.ke") == "https://www.nema.go.ke"


def test_web_link_keeps_an_http_address() -> None:
    assert web_link("http://nema.go.ke/a?b=c") == "http://nema.go.ke/a?b=c"


def test_display_value_writes_a_list_one_item_a_line() -> None:
    assert display_value(["a@x.org", "b@x.org"]) == "a@x.org\nb@x.org"


def test_display_value_writes_an_address_on_its_lines() -> None:
    assert (
        display_value({"street": "1 Main St", "city": "Nairobi", "postal_code": None}) == "1 Main St\nNairobi"
    )


def test_display_value_says_none_for_nothing() -> None:
    assert display_value(None) == "(none)"


def test_author_of_a_sync_names_the_list_and_run() -> None:
    assert author({"kind": "sync", "convention": "basel", "run_id": "r1"}) == "the Basel list (sync run r1)"


def test_author_of_a_user_names_role_and_scope() -> None:
    actor = {"kind": "user", "name": "a@ken.example", "role": "party", "party": "KEN"}
    assert author(actor) == "a@ken.example (party official, KEN, signed in)"


def test_phone_is_written_for_reading() -> None:
    assert phone("+254201234567") == "+254 20 1234567"


def test_phone_that_cannot_be_read_is_kept() -> None:
    assert phone("ext. 12") == "ext. 12"


def test_flatten_names_the_line_of_a_bad_list_item() -> None:
    assert flatten({"emails": {1: ["Longer than maximum length 320."]}}) == {
        "emails": ["Line 2: Longer than maximum length 320."]
    }


def test_flatten_gives_address_parts_their_own_fields() -> None:
    assert flatten({"address": {"city": ["Too long."]}}) == {"city": ["Too long."]}


def test_filters_ignore_what_names_no_convention_or_role() -> None:
    assert Filters.read({"convention": "ramsar", "role": "boss"}) == Filters()


def test_filters_read_a_role_in_any_case() -> None:
    assert Filters.read({"convention": "basel", "role": "ca"}) == Filters("basel", "CA")


def test_source_place_keeps_a_reference_it_does_not_know() -> None:
    assert source_place("sheet 2, cell B4") == "sheet 2, cell B4"
    assert source_place(None) == ""


def test_source_place_names_a_row_a_record_and_an_id() -> None:
    assert [source_place(r) for r in ("row 5", "record 3", "id 17")] == ["row 5", "record 3", "id 17"]
