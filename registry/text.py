"""Text clean-up shared by the registry and the sync: pure functions, no I/O."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from flask_babel import gettext

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")
# Apostrophes and quotes that lists write in several ways; all become the ASCII apostrophe.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})
# Dotless letters have no capital of their own ("ı".upper() is "I"): in a key they are the dotted ones.
_DOTLESS = str.maketrans({"ı": "i", "ȷ": "j"})


def clean(value: str | None) -> str | None:
    """NFC-normalized, trimmed, inner white space (also non-breaking) collapsed; ``None`` for an empty
    value."""
    if value is None:
        return None
    text = _SPACE.sub(" ", unicodedata.normalize("NFC", str(value))).strip()
    return text or None


def clean_block(value: str | None) -> str | None:
    """Like :func:`clean`, but keeps line breaks between lines (an address written on several lines)."""
    if value is None:
        return None
    lines = [clean(line) for line in unicodedata.normalize("NFC", str(value)).splitlines()]
    text = "\n".join(line for line in lines if line)
    return text or None


def fold(value: str | None) -> str:
    """The one normal form in which text is compared; see :func:`_fold`."""
    if not value:
        return ""
    if value.isascii():
        # No marks, no width forms, no case mapping that does not round-trip: the common case, made cheap.
        return _SPACE.sub(" ", value.translate(_QUOTES).lower()).strip()
    return _fold(value)


@lru_cache(maxsize=65536)
def _fold(value: str) -> str:
    """The one normal form in which text is compared (match keys, the three-way compare, search).

    Unicode NFKC, marks removed, case folded, apostrophes unified and white space collapsed; the letters whose
    case mapping does not round-trip are folded together (``ı``/``I``/``i``/``İ``, ``ß``/``ẞ``/``SS``,
    ``ς``/``σ``, Greek iota subscript), so that ``upper()``, ``lower()``, ``title()``, NFC or NFD of a text
    never change its key: "YILMAZ" and "Yılmaz", "ΠΑΠΑΔΟΠΟΥΛΟΣ" and "Παπαδόπουλος" fold alike.
    """
    text = unicodedata.normalize("NFKC", value)
    # Upper case first merges what lower case keeps apart (ς/σ, ı/i, ß/ss); then case folding, marks
    # dropped after each step because a case mapping may decompose a letter (İ -> i + dot above).
    text = _bare(_bare(text).upper()).casefold()
    # Apostrophes last: a case mapping may write one ("ŉ".title() is "ʼN").
    return _SPACE.sub(" ", _bare(text).translate(_DOTLESS).translate(_QUOTES)).strip()


def _bare(text: str) -> str:
    """``text`` decomposed (NFKD) without its combining marks; the iota subscript becomes an iota, as its
    capital form (ᾼ -> ΑΙ) writes it."""
    decomposed = unicodedata.normalize("NFKD", text).replace("\u0345", "\u03b9")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def key(value: str | None) -> str:
    """A lookup key that also ignores punctuation: "Côte d’Ivoire" and "COTE D'IVOIRE" give one key."""
    return _SPACE.sub(" ", _PUNCT.sub(" ", fold(value).replace("'", ""))).strip()


# Characters that reorder how text is shown (embeddings, overrides, isolates): "U+202E" makes "gpj.exe" look
# like "exe.jpg". A name or an address never needs them (the marks U+200E/U+200F are allowed).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Every character a stored text may not hold: the control characters (line breaks and tabs are white space a
# form or a cell may hold), C1 controls, lone surrogates and bidirectional overrides. One pattern: a search
# runs in C (the sync checks 100,000 values a night).
REFUSED_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]"
)


def text_problem(value: str, max_length: int | None = None) -> str | None:
    """Why ``value`` may not be stored as text (control or bidirectional override characters, a lone
    surrogate, more than ``max_length`` characters), or None. One rule for every writer: API, pages, sync."""
    refused = REFUSED_CHARACTER.search(value)
    if refused is not None:
        if refused.group() in BIDI_CONTROLS:
            return str(
                gettext("Must not contain characters that reverse or reorder text (bidirectional overrides).")
            )
        return str(gettext("Must not contain control characters."))
    if max_length is not None and len(value) > max_length:
        return str(gettext("Longer than maximum length %(length)d.", length=max_length))
    return None
