"""The Rotterdam list: a CSV export (UTF-8 with a BOM, RFC 4180 quoting), one row per designation."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import TextIO

from registry.contacts.models import CONTACT_FIELDS
from sync.records import ParsedList, RawRecord, RowProblem, SourceError
from sync.sources.columns import index_columns, is_blank, parse_date, text_or_none
from sync.sources.http import Fetcher
from sync.sources.limits import DEFAULT_LIMITS, LimitExceeded, Limits, too_long, too_wide

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
_MEGABYTE = 1024 * 1024


class RotterdamSource(Fetcher):
    """Reads the Rotterdam CSV export."""

    convention = "rotterdam"
    covers = frozenset(CONTACT_FIELDS) - {"website"}  # no website column
    address_layout = "line_with_organization"

    def parse(self, content: bytes, limits: Limits = DEFAULT_LIMITS) -> ParsedList:
        """Every non-empty record under the header as a :class:`RawRecord`.

        ``source_ref`` is "row n", n the CSV record's number counting the header as row 1 and blank lines
        too: the row a spreadsheet shows, not the physical line (a quoted cell may span several lines).
        ``country`` is the ISO3 cell, or the Country cell when ISO3 is empty. A record with the wrong
        number of cells is skipped with a problem; a bad date keeps the row with a problem. A file that is
        not UTF-8 is read as Windows-1252, with a problem saying so. Raises :class:`SourceError` for
        missing, unknown or repeated columns, or a file that is not CSV text;
        :class:`~sync.sources.limits.LimitExceeded` for more than ``limits.max_rows`` rows, a header wider
        than ``limits.max_columns`` or a cell longer than ``limits.max_cell_chars``.
        """
        text, problems = _decode(self.label, content)
        rows = enumerate(_read_csv(self.label, text, limits), start=1)
        number, header = next(((n, row) for n, row in rows if not is_blank(row)), (0, []))
        if not header:
            raise SourceError(f"{self.label} is empty: no header row")
        if len(header) > limits.max_columns:
            raise too_wide(self.label, len(header), limits)
        columns = index_columns(self.label, header, COLUMNS)
        records: list[RawRecord] = []
        for number, row in rows:
            if is_blank(row):
                continue
            if len(records) == limits.max_rows:
                raise too_long(self.label, limits)
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


def _decode(label: str, content: bytes) -> tuple[TextIO, list[RowProblem]]:
    """The file as text to read line by line, and a problem when it had to be read as Windows-1252 (a
    spreadsheet's CSV export). Decoding as it is read keeps one line in memory at a time, not a copy of the
    whole file (four times its size when one character needs four bytes)."""
    if _decodes(content, "utf-8"):
        return io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline=""), []
    # A BOM before Windows-1252 text means a file pieced together from two exports: drop the BOM.
    content = content.removeprefix(codecs.BOM_UTF8)
    if not _decodes(content, "cp1252"):
        raise SourceError(f"{label} is neither UTF-8 nor Windows-1252 text")
    text = io.TextIOWrapper(io.BytesIO(content), encoding="cp1252", newline="")
    return text, [RowProblem("file", "not UTF-8; read as Windows-1252", code="encoding")]


def _decodes(content: bytes, encoding: str) -> bool:
    """Whether ``content`` is text in ``encoding``, checked a megabyte at a time."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(content)
    try:
        for start in range(0, len(content), _MEGABYTE):
            decoder.decode(view[start : start + _MEGABYTE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _read_csv(label: str, text: TextIO, limits: Limits) -> Iterator[list[str]]:
    """The CSV records of ``text``, one at a time."""
    # The csv module's limit on a cell is process-wide; every reader of a list sets the same one.
    csv.field_size_limit(limits.max_cell_chars)
    reader = csv.reader(text)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise LimitExceeded(
                    f"{label}: a cell near line {reader.line_num} is longer than {limits.max_cell_chars:,} "
                    "characters, the most a cell may hold; nothing of it was used"
                ) from None
            raise SourceError(f"{label} is not readable CSV: {exc}") from exc
        yield row


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
