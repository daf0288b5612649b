"""What one list may cost: bytes, seconds, rows, columns, cell sizes and JSON values.

A list that crosses a limit fails its own convention with a :class:`LimitExceeded` that names the limit (and
the setting that raises it, where there is one); the other conventions still run. Two limits are settings
(``REGISTRY_SYNC_MAX_DOWNLOAD_MB``, ``REGISTRY_SYNC_FETCH_BUDGET``); the others are far above any real list
and only stop a hostile or broken one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync.records import SourceError

MB = 1024 * 1024
BYTES_SETTING = "REGISTRY_SYNC_MAX_DOWNLOAD_MB"
BUDGET_SETTING = "REGISTRY_SYNC_FETCH_BUDGET"


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of reading one list.

    ``max_bytes`` caps what a list weighs, on the wire and once inflated (a gzip answer, a workbook's zip),
    all of a feed's pages together. ``fetch_budget`` is the wall-clock seconds its whole download may take,
    every request, page and retry included. ``max_rows`` caps its records; ``max_columns`` a table's
    width (Excel's last column is XFD, 16,384); ``max_cell_chars`` one CSV cell. A JSON list may hold at most
    ``json_containers_per_row`` objects and arrays and ``json_values_per_row`` values per row allowed.
    """

    max_bytes: int = 50 * MB
    fetch_budget: float = 300.0
    max_rows: int = 200_000
    max_columns: int = 16_384
    max_cell_chars: int = 131_072
    json_containers_per_row: int = 4
    json_values_per_row: int = 32

    def __post_init__(self) -> None:
        if min(self.max_bytes, self.max_rows, self.max_columns, self.max_cell_chars) < 1:
            raise ValueError("every limit of a list must be positive")
        if self.fetch_budget <= 0:
            raise ValueError("the fetch budget must be a positive number of seconds")


DEFAULT_LIMITS = Limits()


class LimitExceeded(SourceError):
    """A list crossed one of its limits; none of it is used."""


def size(count: int) -> str:
    """A byte count for people: "50 MB", "1.5 MB", "81.4 KB", "812 bytes" (1 MB being 1,048,576 bytes)."""
    for unit, scale in (("GB", 1024 * MB), ("MB", MB), ("KB", 1024)):
        if count >= scale:
            value = count / scale
            return f"{value:.0f} {unit}" if value >= 100 or value.is_integer() else f"{value:.1f} {unit}"
    return f"{count} bytes"


def too_heavy(label: str, what: str, limits: Limits) -> LimitExceeded:
    """The failure of a list heavier than ``limits.max_bytes`` (``what`` says which bytes crossed it)."""
    return LimitExceeded(
        f"{label}: {what} more than the {size(limits.max_bytes)} a list may weigh; nothing of it was used "
        f"(raise {BYTES_SETTING} if the list really is this large)"
    )


def too_slow(label: str, what: str, limits: Limits) -> LimitExceeded:
    """The failure of a download that outlasted ``limits.fetch_budget`` (``what`` says where it stood)."""
    return LimitExceeded(
        f"{label}: {what} when the fetch budget of {limits.fetch_budget:g} s ran out; nothing of it was used "
        f"(raise {BUDGET_SETTING} if the server is just slow)"
    )


def too_long(label: str, limits: Limits) -> LimitExceeded:
    """The failure of a list with more rows than ``limits.max_rows``."""
    return LimitExceeded(
        f"{label} has more than {limits.max_rows:,} rows, the most a list may have; nothing of it was used"
    )


def too_wide(label: str, columns: int, limits: Limits) -> LimitExceeded:
    """The failure of a table whose header has more columns than ``limits.max_columns``."""
    return LimitExceeded(
        f"{label}: its header has {columns:,} columns, more than the {limits.max_columns:,} a list may "
        "have; nothing of it was used"
    )
