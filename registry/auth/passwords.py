"""What a chosen password must be: at least 12 characters, and not one that people commonly use.

The common passwords are Django's list (``registry/data/common-passwords.txt.gz``: the 20,000 most common
passwords, compiled by Royce Williams from breach corpora, as shipped with Django 5.2; BSD 3-clause licence,
``registry/data/common-passwords.LICENSE``). Ignoring case, a password is refused when it is on the list, when
it is a listed password followed only by digits and punctuation ("dragon2026!!"), when it is one short or
listed sequence over and over ("abcabcabcabc", "passwordpassword"), or when it is the account's e-mail
address or the part before its ``@``.
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from importlib.resources import files

from flask_babel import gettext as _
from werkzeug.security import generate_password_hash

MIN_PASSWORD_LENGTH = 12
# Longer text is no password anyone types; the forms read no more than this.
MAX_PASSWORD_LENGTH = 1024
# werkzeug's scrypt at its own default cost (N=2**15, r=8, p=1: about 0.1 s and 32 MB a hash). The tests lower
# it (tests/conftest.py), as Django's test settings do, since the suite makes a user in hundreds of tests.
HASH_METHOD = "scrypt:32768:8:1"
_TAIL = re.compile(r"[\d\W_]+$")
_REPEATED = re.compile(r"(.+?)\1+", re.DOTALL)


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list of common passwords, in lower case."""
    data = files("registry").joinpath("data/common-passwords.txt.gz").read_bytes()
    return frozenset(line.strip().lower() for line in gzip.decompress(data).decode().splitlines() if line)


def hash_password(password: str) -> str:
    """The password's salted hash to store (its method and cost are written in it, so a check of an older hash
    still works after :data:`HASH_METHOD` changes)."""
    return generate_password_hash(password, method=HASH_METHOD)


def password_errors(password: str, email: str = "") -> list[str]:
    """Why ``password`` may not be chosen (for the account of ``email``); empty when it may."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return [_("Use at least %(count)d characters.", count=MIN_PASSWORD_LENGTH)]
    if len(password) > MAX_PASSWORD_LENGTH:
        return [_("Use at most %(count)d characters.", count=MAX_PASSWORD_LENGTH)]
    lowered = password.lower()
    address = email.strip().lower()
    if address and lowered in (address, address.partition("@")[0]):
        return [_("Do not use your e-mail address as your password.")]
    if _is_common(lowered):
        return [
            _(
                "This password is one of the most commonly used, which makes it easy to guess. "
                "A few unrelated words make a strong password that is easy to remember."
            )
        ]
    return []


def _is_common(lowered: str) -> bool:
    common = common_passwords()
    stem = _TAIL.sub("", lowered)
    if lowered in common or stem in common:
        return True
    repeated = _REPEATED.fullmatch(lowered)
    return repeated is not None and (len(repeated.group(1)) <= 4 or repeated.group(1) in common)
