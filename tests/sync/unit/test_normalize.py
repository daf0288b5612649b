"""sync.normalize and registry.text: titles, names, placeholders, roles, scopes and addresses."""

from __future__ import annotations

import pytest

from registry.text import clean, fold, key
from sync.normalize import (
    is_placeholder,
    normalize_dna_scope,
    normalize_role,
    normalize_title,
    smart_case,
    split_full_name,
    split_line,
    split_phones,
    strip_organization,
    tokens,
)

# --- registry.text ---


def test_clean_collapses_white_space_and_normalizes_to_nfc() -> None:
    assert clean("  Ana\u00a0 Marti\u0301nez \t") == "Ana Martínez"


def test_clean_gives_none_for_blank_text() -> None:
    assert clean(" \u00a0\n ") is None


def test_fold_ignores_case_accents_and_apostrophe_spelling() -> None:
    assert fold("CÔTE D’IVOIRE") == fold("cote d'ivoire") == "cote d'ivoire"


def test_key_ignores_punctuation_too() -> None:
    assert key("Côte d’Ivoire") == key("COTE D'IVOIRE") == key("Cote-d'Ivoire ") == "cote divoire"


# --- titles ---


@pytest.mark.parametrize("written", ["Mr", "Mr.", "mr.", "MR", " mr "])
def test_normalize_title_writes_mister_one_way(written: str) -> None:
    assert normalize_title(written) == "Mr."


@pytest.mark.parametrize(
    ("written", "title"),
    [
        pytest.param("Prof Dr", "Prof. Dr.", id="normalizes-each-of-several-titles"),
        pytest.param("Capt.", "Capt.", id="keeps-an-unknown-title-as-written"),
        pytest.param("  ", None, id="gives-none-for-no-title"),
    ],
)
def test_normalize_title(written: str, title: str | None) -> None:
    assert normalize_title(written) == title


# --- names ---


@pytest.mark.parametrize(
    ("written", "parts"),
    [
        ("Dr. Amina WANJIKU", ("Dr.", "Amina", "Wanjiku")),
        ("Ms Ana MARTÍNEZ LÓPEZ", ("Ms.", "Ana", "Martínez López")),
        ("Roan van der Spaendonc", (None, "Roan", "van der Spaendonc")),
        ("Dr. Kayleigh VAN DER LEEK", ("Dr.", "Kayleigh", "van der Leek")),
        ("Mr. Kofi ANNAN-MENSAH", ("Mr.", "Kofi", "Annan-Mensah")),
        ("Seán O'BRIEN", (None, "Seán", "O'Brien")),
        ("Ms Ana María MARTÍNEZ", ("Ms.", "Ana María", "Martínez")),
    ],
)
def test_split_full_name_finds_title_given_and_family_name(
    written: str, parts: tuple[str | None, ...]
) -> None:
    assert split_full_name(written) == parts


def test_split_full_name_reads_one_word_as_a_family_name() -> None:
    assert split_full_name("MADONNA") == (None, None, "Madonna")


def test_split_full_name_keeps_a_lone_title_word_as_a_name() -> None:
    assert split_full_name("Mr") == (None, None, "Mr")


def test_split_full_name_gives_nothing_for_an_empty_cell() -> None:
    assert split_full_name(None) == (None, None, None)


@pytest.mark.parametrize(
    ("written", "parts"),
    [
        ("张伟", (None, None, "张伟")),
        ("Иван Петров", (None, "Иван", "Петров")),
        ("محمد علي", (None, "محمد", "علي")),
    ],
)
def test_split_full_name_leaves_non_latin_scripts_intact(written: str, parts: tuple[str | None, ...]) -> None:
    assert split_full_name(written) == parts


def test_split_full_name_of_its_own_output_keeps_the_name() -> None:
    title, given, family = split_full_name("Ms Ana MARTÍNEZ LÓPEZ")
    again = split_full_name(f"{title} {given} {family}")
    # Once cased, "Martínez López" cannot be told from a given name: the split moves, the name does not.
    assert again[0] == title
    assert f"{again[1]} {again[2]}" == f"{given} {family}"


def test_split_full_name_recases_a_family_name_in_capitals_after_particles() -> None:
    assert split_full_name("Juan de la CRUZ") == (None, "Juan", "de la Cruz")


def test_split_full_name_keeps_particles_with_the_family_name_when_no_given_name() -> None:
    assert split_full_name("Dr. van der Leek") == ("Dr.", None, "van der Leek")


def test_split_full_name_keeps_the_family_name_he_after_a_title() -> None:
    title, given, family = split_full_name("Ms. HE Ying")
    assert title == "Ms."
    assert f"{given} {family}" == "He Ying"


@pytest.mark.parametrize(
    ("written", "cased"),
    [
        ("MARTÍNEZ LÓPEZ", "Martínez López"),
        ("O'BRIEN", "O'Brien"),
        ("VAN DER LEEK", "van der Leek"),
        ("JEAN-PIERRE", "Jean-Pierre"),
    ],
)
def test_smart_case_recases_a_name_in_capitals(written: str, cased: str) -> None:
    assert smart_case(written) == cased


@pytest.mark.parametrize("written", ["McDonald", "van der Leek", "张伟", "A"])
def test_smart_case_leaves_mixed_case_and_caseless_names_alone(written: str) -> None:
    assert smart_case(written) == written


def test_smart_case_recases_turkish_dotted_capital_i_without_a_combining_dot() -> None:
    cased = smart_case("İBRAHİM YILMAZ")
    assert cased == clean(cased)
    assert "\u0307" not in (cased or "")


# --- placeholders ---


@pytest.mark.parametrize(
    "written", ["Vacant", "VACANT", "TBC", "tbc.", "To be confirmed", "N/A", "-", "—", "?", " Vacant "]
)
def test_is_placeholder_recognizes_a_cell_that_names_no_one(written: str) -> None:
    assert is_placeholder(written)


def test_is_placeholder_recognizes_n_a_written_with_dots() -> None:
    assert is_placeholder("N.A.")


@pytest.mark.parametrize("written", ["Vance", "Nadia", "Tbcha", "", None])
def test_is_placeholder_rejects_names_and_empty_cells(written: str | None) -> None:
    assert not is_placeholder(written)


# --- roles and scopes ---


@pytest.mark.parametrize(
    ("convention", "written", "role"),
    [
        ("basel", "Focal Point", "FP"),
        ("basel", "focal point", "FP"),
        ("basel", "Competent Authority", "CA"),
        ("basel", "Competent Authority (Transit)", "CA"),
        ("rotterdam", "DNA", "DNA"),
        ("rotterdam", "Designated National Authority", "DNA"),
        ("rotterdam", "OCP", "OCP"),
        ("stockholm", "National focal point", "NFP"),
        ("stockholm", "National Focal Point", "NFP"),
        ("stockholm", "NFP", "NFP"),
        ("stockholm", " national  focal-point ", "NFP"),
        ("stockholm", "Official Contact Point", "OCP"),
    ],
)
def test_normalize_role_reads_each_conventions_wording(convention: str, written: str, role: str) -> None:
    assert normalize_role(convention, written) == role


@pytest.mark.parametrize(
    ("convention", "written"),
    [("basel", "DNA"), ("rotterdam", "NFP"), ("stockholm", "Competent Authority"), ("nowhere", "FP")],
)
def test_normalize_role_rejects_a_role_of_another_convention(convention: str, written: str) -> None:
    assert normalize_role(convention, written) is None


@pytest.mark.parametrize(
    ("written", "scope"),
    [
        ("P", "P"),
        ("c", "C"),
        ("cp", "CP"),
        ("C/P", "CP"),
        ("P, C", "CP"),
        ("Pesticides", "P"),
        ("Industrial chemicals", "C"),
        ("Both", "CP"),
    ],
)
def test_normalize_dna_scope_reads_the_scope(written: str, scope: str) -> None:
    assert normalize_dna_scope(written) == scope


@pytest.mark.parametrize("written", ["X", "Transit", "", None])
def test_normalize_dna_scope_rejects_what_is_not_a_scope(written: str | None) -> None:
    assert normalize_dna_scope(written) is None


# --- addresses ---

LINE = "Department of X, Ministry of Y, Travessa João Glama, S/N, 4547-669 Peso da Régua"


def test_strip_organization_finds_the_department_before_the_organization() -> None:
    assert strip_organization(LINE, "Ministry of Y") == (
        "Department of X",
        "Travessa João Glama, S/N, 4547-669 Peso da Régua",
    )


def test_strip_organization_gives_an_empty_department_when_the_line_starts_with_it() -> None:
    assert strip_organization("MINISTRY OF Y, Street 1, 1000 City", "Ministry of Y") == (
        "",
        "Street 1, 1000 City",
    )


def test_strip_organization_gives_an_unknown_department_when_the_organization_is_absent() -> None:
    assert strip_organization("Department of X, Street 1", "Ministry of Y") == (
        None,
        "Department of X, Street 1",
    )


def test_strip_organization_matches_the_whole_organization_only() -> None:
    assert strip_organization("Dept, Ministry of Youth, Street", "Ministry of Y")[0] is None


def test_split_line_reads_street_postal_code_and_city() -> None:
    assert split_line("Travessa João Glama, S/N, 4547-669 Peso da Régua") == (
        "Travessa João Glama, S/N",
        "4547-669",
        "Peso da Régua",
    )


def test_split_line_reads_a_british_postal_code_of_two_words() -> None:
    assert split_line("12 High Street, HA0 4ZH Port Iainbury") == (
        "12 High Street",
        "HA0 4ZH",
        "Port Iainbury",
    )


def test_split_line_reads_a_dutch_postal_code_with_its_letters() -> None:
    assert split_line("Dorpsstraat 1, 6425 CV Abbenes") == ("Dorpsstraat 1", "6425 CV", "Abbenes")


def test_split_line_reads_a_lone_city() -> None:
    assert split_line("Nairobi") == (None, None, "Nairobi")


def test_split_line_gives_nothing_for_no_address() -> None:
    assert split_line("  ") == (None, None, None)


def test_split_line_reads_a_postal_code_and_city_on_their_own_line() -> None:
    assert split_line("Street 1\n1000 City")[1:] == ("1000", "City")


def test_tokens_keeps_only_words_in_lower_case() -> None:
    assert (
        tokens("Flat 5\nTownsend  Avenue, S6 0UL Smithhaven!") == "flat 5 townsend avenue s6 0ul smithhaven"
    )


def test_split_phones_keeps_an_extension_written_as_the_registry_writes_it() -> None:
    cell = "+41229178218;ext=12; +41 22 917 8000 ext. 7"
    assert split_phones(cell, "CH") == (["+41229178218;ext=12", "+41229178000;ext=7"], [])
