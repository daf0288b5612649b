"""What a chosen password must be: 12 characters or more, and none that people commonly use."""

from __future__ import annotations

import pytest

from registry.auth.passwords import common_passwords, password_errors

ADDRESS = "a.wanjiku@nema.go.ke"


def test_password_errors_accepts_a_long_passphrase() -> None:
    assert password_errors("correct horse battery staple", ADDRESS) == []


def test_password_errors_refuses_fewer_than_12_characters() -> None:
    assert password_errors("Tq9#kLm2pX!", ADDRESS) == ["Use at least 12 characters."]


def test_password_errors_refuses_more_than_1024_characters() -> None:
    assert password_errors("x7" * 513, ADDRESS) == ["Use at most 1024 characters."]


@pytest.mark.parametrize("password", ["password1234", "PASSWORD1234", "QwertyUiop12"])
def test_password_errors_refuses_a_listed_password_in_any_case(password: str) -> None:
    assert "most commonly used" in password_errors(password, ADDRESS)[0]


@pytest.mark.parametrize("password", ["dragon2026!!!", "sunshine-2026", "Football_12345"])
def test_password_errors_refuses_a_listed_password_with_digits_or_symbols_added(password: str) -> None:
    assert "most commonly used" in password_errors(password, ADDRESS)[0]


@pytest.mark.parametrize("password", ["abcabcabcabc", "zzzzzzzzzzzzzz", "monkeymonkeymonkey"])
def test_password_errors_refuses_a_repeated_sequence(password: str) -> None:
    assert "most commonly used" in password_errors(password, ADDRESS)[0]


@pytest.mark.parametrize(
    "password", ["amina.wanjiku.kamau@nema.go.ke", "AMINA.WANJIKU.KAMAU@NEMA.GO.KE", "amina.wanjiku.kamau"]
)
def test_password_errors_refuses_the_accounts_address_or_its_local_part(password: str) -> None:
    errors = password_errors(password, "Amina.Wanjiku.Kamau@nema.go.ke")
    assert errors == ["Do not use your e-mail address as your password."]


def test_common_passwords_is_the_bundled_list_of_20000() -> None:
    common = common_passwords()
    assert len(common) > 19_000
    assert {"123456", "password", "qwertyuiop12"} <= common
