"""The Basel list: an Excel workbook, one row per designation, the header a few rows down the sheet."""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import openpyxl

from registry.contacts.models import CONTACT_FIELDS
from sync.records import ParsedList, RawRecord, RowProblem, SourceError
from sync.sources.columns import header_matches, index_columns, is_blank, parse_date, text_or_none
from sync.sources.http import Fetcher
from sync.sources.limits import DEFAULT_LIMITS, Limits, size, too_heavy, too_long, too_wide
from sync.sources.sheet import sheet_rows

SHEET = "Contacts"
HEADER_SEARCH_ROWS = 20
EXCEL_MAX_ROWS = 1_048_576  # a sheet has no row below this one: openpyxl stops there
LAST_UPDATED = "Last Updated"

# Column -> RawRecord field; "Last Updated" is read as a date on its own.
FIELDS = {
    "Country": "country",
    "Type": "role",
    "Title": "title",
    "First Name": "given_name",
    "Last Name": "family_name",
    "Position": "position",
    "Department": "department",
    "Institution": "organization",
    "Address": "address",
    "City": "city",
    "Postal Code": "postal_code",
    "Telephone": "phones",
    "Fax": "faxes",
    "Email": "emails",
    "Website": "website",
    "Scope": "scope",
}
COLUMNS = (*FIELDS, LAST_UPDATED)

Row = tuple[Any, ...]


class BaselSource(Fetcher):
    """Reads the Basel workbook: sheet ``Contacts`` (else the first sheet), header found by its names."""

    convention = "basel"
    covers = frozenset(CONTACT_FIELDS)
    address_layout = "parts"

    def parse(self, content: bytes, limits: Limits = DEFAULT_LIMITS) -> ParsedList:
        """Every non-empty row under the header as a :class:`RawRecord`, ``source_ref`` its row ("row 5").

        Raises :class:`SourceError` for a file that is not a readable workbook, a sheet with no header row,
        or missing, unknown or repeated columns; :class:`~sync.sources.limits.LimitExceeded` for a workbook
        that unpacks to more than ``limits.max_bytes`` or has more than ``limits.max_rows`` rows. Only the
        columns the header names are read. A bad "Last Updated" keeps the row and adds a problem.
        """
        _check_unpacked(self.label, content, limits)
        with warnings.catch_warnings(), _sheet(self.label, content) as sheet:
            # openpyxl warns of what it skips in a workbook (unknown extensions, bad styles); a date cell
            # outside the calendar reads "#VALUE!" (sync.sources.sheet): a row problem then.
            warnings.filterwarnings("ignore", module="openpyxl")
            head = list(_rows(self.label, sheet, max_row=HEADER_SEARCH_ROWS))
            header_at = _find_header(self.label, head)
            if len(head[header_at]) > limits.max_columns:
                raise too_wide(self.label, len(head[header_at]), limits)
            columns = index_columns(self.label, head[header_at], COLUMNS)
            # A row is padded to its last cell: a cell in column XFD makes 16,384 of them.
            # Read as far as the header's last column, no further.
            rows = _rows(self.label, sheet, min_row=header_at + 2, max_col=max(columns.values()) + 1)
            return self._records(rows, header_at + 2, columns, limits)

    def _records(
        self, rows: Iterator[Row], first: int, columns: dict[str, int], limits: Limits
    ) -> ParsedList:
        records: list[RawRecord] = []
        problems: list[RowProblem] = []
        cells = [(field, columns[column]) for column, field in FIELDS.items()]
        for number, row in enumerate(rows, start=first):
            if is_blank(row):
                continue
            if len(records) == limits.max_rows:
                raise too_long(self.label, limits)
            record, problem = _record(number, row, cells, columns[LAST_UPDATED])
            records.append(record)
            if problem is not None:
                problems.append(problem)
        return ParsedList(self.convention, tuple(records), tuple(problems))


def _check_unpacked(label: str, content: bytes, limits: Limits) -> None:
    """A workbook is a zip: its parts, inflated, count against the list's weight like a gzip answer."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _unreadable(label, exc) from exc
    if unpacked > limits.max_bytes:
        raise too_heavy(label, f"the workbook unpacks to {size(unpacked)},", limits)


@contextmanager
def _sheet(label: str, content: bytes) -> Iterator[Any]:
    """The list's sheet of the workbook (read-only, values only), the workbook closed again afterwards."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises a dozen unrelated types (zip, XML, KeyError) on a bad file
        raise _unreadable(label, exc) from exc
    try:
        names = {name.casefold(): name for name in workbook.sheetnames}
        sheet = workbook[names[SHEET.casefold()]] if SHEET.casefold() in names else workbook.worksheets[0]
        # Some writers record a wrong sheet size; forget it and read the cells that are there.
        sheet.reset_dimensions()
        yield sheet
    finally:
        workbook.close()


def _rows(label: str, sheet: Any, **bounds: int) -> Iterator[Row]:
    """The sheet's rows within ``bounds`` (:func:`~sync.sources.sheet.sheet_rows`' arguments), as cell values.

    The sheet is parsed lazily, so a damaged sheet fails here, row by row, as a :class:`SourceError`.
    """
    rows = sheet_rows(sheet, **({"max_row": EXCEL_MAX_ROWS} | bounds))
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:
            raise _unreadable(label, exc) from exc
        yield tuple(row)


def _unreadable(label: str, exc: Exception) -> SourceError:
    return SourceError(f"{label} is not a readable Excel workbook: {type(exc).__name__}: {exc}")


def _find_header(label: str, rows: Sequence[Row]) -> int:
    """The index of the row, among the first few, that names the most expected columns (at least half)."""
    scores = [header_matches(row, COLUMNS) for row in rows[:HEADER_SEARCH_ROWS]]
    best = max(scores, default=0)
    if best < len(COLUMNS) // 2:
        raise SourceError(
            f"{label}: no header row in the first {HEADER_SEARCH_ROWS} rows of the sheet "
            f"(looked for the columns {', '.join(COLUMNS)})"
        )
    return scores.index(best)


def _record(
    number: int, row: Row, cells: list[tuple[str, int]], last_updated: int
) -> tuple[RawRecord, RowProblem | None]:
    """The row as a record: ``cells`` gives each field's position in it."""
    source_ref = f"row {number}"
    fields = {field: cell_text(_cell(row, position)) for field, position in cells}
    designated_on, complaint = _date(_cell(row, last_updated))
    record = RawRecord(convention="basel", source_ref=source_ref, designated_on=designated_on, **fields)
    problem = RowProblem(source_ref, complaint) if complaint else None
    return record, problem


def _cell(row: Row, position: int) -> Any:
    # Rows can be shorter than the header when their last cells were never written.
    return row[position] if position < len(row) else None


def cell_text(value: object) -> str | None:
    """A cell as the text a reader sees: 12345 and 12345.0 are "12345"; empty is None; never stripped."""
    if value is None:
        return None
    if type(value) is str:  # most cells: the text as it is
        return text_or_none(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return text_or_none(str(value))


def _date(value: object) -> tuple[dt.date | None, str | None]:
    """The "Last Updated" date, and a complaint when the cell holds something that is not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        return None, f"{LAST_UPDATED} {value!r} is not a date (YYYY-MM-DD or dd/mm/yyyy); row kept without it"
    return parsed, None
