"""Parsing the Basel workbook into rows as written."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from sync.records import RawRecord, SourceError
from sync.sources.basel import COLUMNS, BaselSource
from tests.sync.listserver import ListServer, static
from tests.sync.sources.person import WRITTEN_ALIKE
from tests.sync.unit.build import raw

SAMPLES = Path(__file__).parents[3] / "sync" / "samples"
SOURCE = BaselSource()
# A row in COLUMNS order: no department, postal code, fax, website or scope.
PERSON: list[object] = [
    *("Kenya", "Focal Point", "Dr.", "Amina", "WANJIKU", "Director", None, "NEMA", "PO Box 1", "Nairobi"),
    *(None, "+254 20 000", None, "a@nema.example", None, None, "2024-03-01"),
]


def _workbook(rows: Sequence[Sequence[object]], *, sheet: str = "Contacts") -> bytes:
    """An .xlsx file whose first sheet, named ``sheet``, holds ``rows`` from row 1."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    workbook.close()
    return buffer.getvalue()


def _with(**cells: object) -> list[object]:
    """PERSON with some cells replaced, named by column with underscores for spaces."""
    row: list[object] = list(PERSON)
    for column, value in cells.items():
        row[COLUMNS.index(column.replace("_", " "))] = value
    return row


def _parse_one(row: Sequence[object]) -> RawRecord:
    """The record parsed from a workbook holding the header and ``row``."""
    return SOURCE.parse(_workbook([list(COLUMNS), row])).records[0]


@pytest.mark.parametrize("version", ["v1", "v1-noise", "v2"])
def test_basel_parse_reads_every_row_of_the_samples(version: str) -> None:
    parsed = SOURCE.parse((SAMPLES / version / "basel.xlsx").read_bytes())
    assert (len(parsed.records), parsed.problems) == (517, ())


def test_basel_parse_refers_to_rows_by_their_sheet_number() -> None:
    records = SOURCE.parse((SAMPLES / "v1" / "basel.xlsx").read_bytes()).records
    assert (records[0].source_ref, records[-1].source_ref) == ("row 5", "row 521")


def test_basel_parse_keeps_cells_as_written() -> None:
    records = SOURCE.parse((SAMPLES / "v1" / "basel.xlsx").read_bytes()).records
    row = next(record for record in records if record.source_ref == "row 11")
    assert (row.country, row.role, row.title, row.given_name, row.family_name) == (
        "Afghanistan",
        "Competent Authority",
        "Ms.",
        "Frederick ",
        "Baker ",
    )
    assert row.address == "Flat  3\nSandra Walks "
    assert row.emails == "frederick.baker@nema.af.example / chemicals@nema.af.example"
    assert (row.postal_code, row.designated_on) == (None, dt.date(2023, 3, 2))


def test_basel_parse_maps_every_column_to_its_field() -> None:
    record = _parse_one(PERSON)
    # raw()'s row is Kenya's focal point Dr. Amina WANJIKU, as Basel writes her name.
    assert record == raw("basel", "row 2", address="PO Box 1", city="Nairobi", **WRITTEN_ALIKE)


def test_basel_parse_finds_the_header_below_a_title() -> None:
    content = _workbook([["Basel contacts"], list(COLUMNS), PERSON])
    assert SOURCE.parse(content).records[0].source_ref == "row 3"


def test_basel_parse_maps_columns_by_name_in_any_order() -> None:
    header, row = list(reversed(COLUMNS)), list(reversed(PERSON))
    record = SOURCE.parse(_workbook([header, row])).records[0]
    assert (record.country, record.family_name) == ("Kenya", "WANJIKU")


def test_basel_parse_matches_headers_regardless_of_case_and_spacing() -> None:
    header = [f"  {name.upper()} " for name in COLUMNS]
    assert SOURCE.parse(_workbook([header, PERSON])).records[0].country == "Kenya"


def test_basel_parse_names_a_missing_column() -> None:
    header = [name for name in COLUMNS if name != "Fax"]
    with pytest.raises(SourceError, match=r"missing column.*: Fax"):
        SOURCE.parse(_workbook([header, PERSON[:-1]]))


def test_basel_parse_names_an_unknown_column() -> None:
    with pytest.raises(SourceError, match=r"unknown column.*'Mobile'"):
        SOURCE.parse(_workbook([[*COLUMNS, "Mobile"], PERSON]))


def test_basel_parse_names_both_sides_of_a_renamed_column() -> None:
    header = ["Surname" if name == "Last Name" else name for name in COLUMNS]
    with pytest.raises(SourceError, match=r"missing column.*Last Name.*unknown column.*'Surname'"):
        SOURCE.parse(_workbook([header, PERSON]))


def test_basel_parse_fails_without_a_header_row() -> None:
    with pytest.raises(SourceError, match="no header row"):
        SOURCE.parse(_workbook([["just", "some", "cells"]] * 3))


def test_basel_parse_reads_the_first_sheet_when_none_is_named_contacts() -> None:
    content = _workbook([list(COLUMNS), PERSON], sheet="Export")
    assert len(SOURCE.parse(content).records) == 1


def test_basel_parse_skips_empty_rows() -> None:
    records = SOURCE.parse(_workbook([list(COLUMNS), PERSON, [], [None, "  "], PERSON])).records
    assert [record.source_ref for record in records] == ["row 2", "row 5"]


def test_basel_parse_writes_numbers_as_text() -> None:
    record = _parse_one(_with(Postal_Code=12345, Telephone=41229178218.0, Fax=2.5))
    assert (record.postal_code, record.phones, record.faxes) == ("12345", "41229178218", "2.5")


def test_basel_parse_keeps_empty_cells_as_none_and_blank_cells_as_written() -> None:
    record = _parse_one(_with(Department="   ", Position=" Director "))
    assert (record.department, record.position, record.faxes) == ("   ", " Director ", None)


def test_basel_parse_reads_a_date_cell() -> None:
    record = _parse_one(_with(Last_Updated=dt.datetime(2021, 6, 30)))
    assert record.designated_on == dt.date(2021, 6, 30)


def test_basel_parse_reads_a_day_first_date() -> None:
    record = _parse_one(_with(Last_Updated="30/06/2021"))
    assert record.designated_on == dt.date(2021, 6, 30)


def test_basel_parse_keeps_a_row_with_a_bad_date_and_reports_it() -> None:
    parsed = SOURCE.parse(_workbook([list(COLUMNS), _with(Last_Updated="31/02/2021")]))
    assert parsed.records[0].designated_on is None
    assert [(p.source_ref, p.code) for p in parsed.problems] == [("row 2", "malformed_row")]
    assert "31/02/2021" in parsed.problems[0].message


def test_basel_parse_rejects_a_truncated_workbook() -> None:
    content = (SAMPLES / "v1" / "basel.xlsx").read_bytes()
    with pytest.raises(SourceError, match="basel list is not a readable Excel workbook"):
        SOURCE.parse(content[: len(content) // 2])


def test_basel_parse_rejects_a_file_that_is_not_a_workbook() -> None:
    with pytest.raises(SourceError, match="not a readable Excel workbook"):
        SOURCE.parse(b"Country,Type\r\nKenya,Focal Point\r\n")


def test_basel_fetch_then_parse_over_http(list_server: ListServer) -> None:
    content = (SAMPLES / "v1" / "basel.xlsx").read_bytes()
    url = list_server.route("/basel.xlsx", static(content, etag='"b1"'))
    assert len(SOURCE.parse(SOURCE.fetch(url).content).records) == 517
