"""The Rotterdam list: a CSV export (UTF-8 with a BOM, RFC 4180 quoting), one row per designation."""

from __future__ import annotations

import codecs
import csv
import io

from registry.contacts.models import CONTACT_FIELDS
from sync.records import ParsedList, RawRecord, RowProblem, SourceError
from sync.sources.columns import index_columns, is_blank, parse_date, text_or_none
from sync.sources.http import Fetcher

ISO3 = "ISO3"
COUNTRY = "Country"
DESIGNATION_DATE = "Designation date"

# Column -> RawRecord field; the country and the date are read on their own.
FIELDS = {
    "Contact role": "role",
    "DNA type": "scope",
    "Full name": "full_name",
    "Position": "position",
    "Organization": "organization",
    "Address": "address",
    "Phone": "phones",
    "Fax": "faxes",
    "Email": "emails",
}
COLUMNS = (ISO3, COUNTRY, *FIELDS, DESIGNATION_DATE)


class RotterdamSource(Fetcher):
    """Reads the Rotterdam CSV export."""

    convention = "rotterdam"
    covers = frozenset(CONTACT_FIELDS) - {"website"}  # no website column
    address_layout = "line_with_organization"

    def parse(self, content: bytes) -> ParsedList:
        """Every non-empty record under the header as a :class:`RawRecord`.

        ``source_ref`` is "row n", n the CSV record's number counting the header as row 1 and blank lines
        too: the row a spreadsheet shows, not the physical line (a quoted cell may span several lines).
        ``country`` is the ISO3 cell, or the Country cell when ISO3 is empty. A record with the wrong
        number of cells is skipped with a problem; a bad date keeps the row with a problem. A file that is
        not UTF-8 is read as Windows-1252, with a problem saying so. Raises :class:`SourceError` for
        missing, unknown or repeated columns, or a file that is not CSV text.
        """
        text, problems = _decode(self.label, content)
        rows = _read_csv(self.label, text)
        header_at = next((i for i, row in enumerate(rows) if not is_blank(row)), None)
        if header_at is None:
            raise SourceError(f"{self.label} is empty: no header row")
        header = rows[header_at]
        columns = index_columns(self.label, header, COLUMNS)
        records: list[RawRecord] = []
        for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
            if is_blank(row):
                continue
            source_ref = f"row {number}"
            if len(row) != len(header):
                problems.append(
                    RowProblem(source_ref, f"has {len(row)} cells, expected {len(header)}; skipped")
                )
                continue
            record, problem = _record(source_ref, row, columns)
            records.append(record)
            if problem is not None:
                problems.append(problem)
        return ParsedList(self.convention, tuple(records), tuple(problems))


def _decode(label: str, content: bytes) -> tuple[str, list[RowProblem]]:
    """The file's text, and a problem when it had to be read as Windows-1252 (a spreadsheet's CSV export)."""
    try:
        return content.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        # A BOM before Windows-1252 text means a file pieced together from two exports: drop the BOM.
        text = content.removeprefix(codecs.BOM_UTF8).decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{label} is neither UTF-8 nor Windows-1252 text: {exc}") from exc
    return text, [RowProblem("file", "not UTF-8; read as Windows-1252", code="encoding")]


def _read_csv(label: str, text: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise SourceError(f"{label} is not readable CSV: {exc}") from exc


def _record(source_ref: str, row: list[str], columns: dict[str, int]) -> tuple[RawRecord, RowProblem | None]:
    iso3, country = row[columns[ISO3]], row[columns[COUNTRY]]
    fields = {field: text_or_none(row[columns[column]]) for column, field in FIELDS.items()}
    date_cell = row[columns[DESIGNATION_DATE]]
    designated_on = parse_date(date_cell) if date_cell.strip() else None
    record = RawRecord(
        convention="rotterdam",
        source_ref=source_ref,
        country=iso3 if iso3.strip() else text_or_none(country),
        designated_on=designated_on,
        **fields,
    )
    if designated_on is None and date_cell.strip():
        return record, RowProblem(
            source_ref, f"{DESIGNATION_DATE} {date_cell!r} is not a dd/mm/yyyy date; row kept"
        )
    return record, None
