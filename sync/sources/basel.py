"""The Basel list: an Excel workbook, one row per designation, the header a few rows down the sheet."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import openpyxl

from registry.contacts.models import CONTACT_FIELDS
from sync.records import ParsedList, RawRecord, RowProblem, SourceError
from sync.sources.columns import header_matches, index_columns, is_blank, parse_date, text_or_none
from sync.sources.http import Fetcher

SHEET = "Contacts"
HEADER_SEARCH_ROWS = 20
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

    def parse(self, content: bytes) -> ParsedList:
        """Every non-empty row under the header as a :class:`RawRecord`, ``source_ref`` its row ("row 5").

        Raises :class:`SourceError` for a file that is not a readable workbook, a sheet with no header row,
        or missing, unknown or repeated columns. A bad "Last Updated" keeps the row and adds a problem.
        """
        rows = _read_rows(self.label, content)
        header_at = _find_header(self.label, rows)
        columns = index_columns(self.label, rows[header_at], COLUMNS)
        records: list[RawRecord] = []
        problems: list[RowProblem] = []
        for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
            if is_blank(row):
                continue
            record, problem = _record(number, row, columns)
            records.append(record)
            if problem is not None:
                problems.append(problem)
        return ParsedList(self.convention, tuple(records), tuple(problems))


def _read_rows(label: str, content: bytes) -> list[Row]:
    """The cell values of the list's sheet, row 1 first, the workbook closed again."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises a dozen unrelated types (zip, XML, KeyError) on a bad file
        raise _unreadable(label, exc) from exc
    try:
        names = {name.casefold(): name for name in workbook.sheetnames}
        sheet = workbook[names[SHEET.casefold()]] if SHEET.casefold() in names else workbook.worksheets[0]
        # Some writers record a wrong sheet size; forget it and read the cells that are there.
        sheet.reset_dimensions()
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # read-only mode parses lazily, so a damaged sheet fails here, not on load
        raise _unreadable(label, exc) from exc
    finally:
        workbook.close()


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


def _record(number: int, row: Row, columns: dict[str, int]) -> tuple[RawRecord, RowProblem | None]:
    source_ref = f"row {number}"
    fields = {field: cell_text(_cell(row, columns[column])) for column, field in FIELDS.items()}
    designated_on, complaint = _date(_cell(row, columns[LAST_UPDATED]))
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
