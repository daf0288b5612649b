"""What the two tabular lists (Basel's workbook, Rotterdam's CSV) share: finding columns by header name,
reading a cell as text, and reading a date cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache

from registry.formulas import unescape
from sync.records import SourceError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def header_key(name: object) -> str:
    """A header name compared without regard to case or spacing ("Postal  code" is "Postal Code")."""
    return " ".join(str(name).split()).casefold()


def header_matches(row: Sequence[object], expected: Sequence[str]) -> int:
    """How many of the ``expected`` column names appear in ``row``."""
    present = {header_key(cell) for cell in row if cell is not None}
    return sum(1 for name in expected if header_key(name) in present)


def index_columns(label: str, header: Sequence[object], expected: Sequence[str]) -> dict[str, int]:
    """Each expected column name mapped to its position in ``header``, in whatever order the list has them.

    Blank header cells are ignored. Raises :class:`SourceError` naming every missing, unknown or repeated
    column, so that a renamed column fails the whole list rather than silently emptying a field.
    """
    wanted = {header_key(name): name for name in expected}
    found: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for position, cell in enumerate(header):
        if cell is None or not str(cell).strip():
            continue
        name = wanted.get(header_key(cell))
        if name is None:
            unknown.append(repr(str(cell)))
        elif name in found:
            repeated.append(name)
        else:
            found[name] = position
    missing = [name for name in expected if name not in found]
    faults = [
        f"{what} column(s): {', '.join(names)}"
        for what, names in (("missing", missing), ("unknown", unknown), ("repeated", repeated))
        if names
    ]
    if faults:
        raise SourceError(f"{label}: {'; '.join(faults)} (expected: {', '.join(expected)})")
    return found


def is_blank(cells: Sequence[object]) -> bool:
    """Whether a row holds nothing: every cell empty or only white space."""
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def text_or_none(text: str | None) -> str | None:
    """The cell as written, or None for an empty cell (white space is kept: normalizing is not parsing).

    An export's formula escape (a leading apostrophe, :mod:`registry.formulas`) is undone.
    """
    return unescape(text) if text else None


@lru_cache(maxsize=8192)
def parse_date(text: str) -> dt.date | None:
    """A date written as ``YYYY-MM-DD`` or ``dd/mm/yyyy`` (surrounding spaces allowed); None if neither.
    (Lists repeat their dates: each is read once.)"""
    if _ISO_DATE.fullmatch(text.strip()):
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            return None
    for date_format in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), date_format).date()
        except ValueError:
            continue
    return None
