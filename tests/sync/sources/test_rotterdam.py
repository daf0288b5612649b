"""Parsing the Rotterdam CSV export into rows as written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sync.records import SourceError
from sync.sources.rotterdam import COLUMNS, RotterdamSource
from tests.sync.sources.person import WRITTEN_ALIKE
from tests.sync.unit.build import raw

SAMPLES = Path(__file__).parents[3] / "sync" / "samples"
SOURCE = RotterdamSource()
HEADER = ",".join(COLUMNS)
CELLS = ["KEN", "Kenya", "DNA", "CP", "Dr. Amina WANJIKU", "Director", "NEMA", '"PO Box 1, Nairobi"']
ROW = ",".join([*CELLS, "+254 20 000", "", "a@nema.example", "01/03/2024"])


def _csv(*lines: str, bom: bool = True) -> bytes:
    """A CSV file of ``lines`` (CRLF line ends), UTF-8 with a BOM unless told otherwise."""
    text = "\r\n".join(lines) + "\r\n"
    return text.encode("utf-8-sig" if bom else "utf-8")


@pytest.mark.parametrize("version", ["v1", "v1-noise", "v2"])
def test_rotterdam_parse_reads_every_row_of_the_samples(version: str) -> None:
    parsed = SOURCE.parse((SAMPLES / version / "rotterdam.csv").read_bytes())
    assert (len(parsed.records), parsed.problems) == (419, ())


def test_rotterdam_parse_keeps_the_first_sample_row_as_written() -> None:
    record = SOURCE.parse((SAMPLES / "v1" / "rotterdam.csv").read_bytes()).records[0]
    assert (record.source_ref, record.country, record.role, record.scope) == ("row 2", "AFG", "DNA", "P")
    assert (record.full_name, record.position, record.emails) == (
        "Mrs Kevin Sá",
        "Registrar of Pesticides ",
        "kevin.sa@epa.af.example ",
    )
    assert (record.faxes, record.designated_on) == (None, dt.date(2009, 5, 15))


def test_rotterdam_parse_maps_every_column_to_its_field() -> None:
    assert SOURCE.parse(_csv(HEADER, ROW)).records[0] == raw(
        "rotterdam",
        "row 2",
        country="KEN",
        role="DNA",
        scope="CP",
        full_name="Dr. Amina WANJIKU",
        address="PO Box 1, Nairobi",
        **WRITTEN_ALIKE,
    )


def test_rotterdam_parse_reads_a_file_without_a_bom() -> None:
    assert SOURCE.parse(_csv(HEADER, ROW, bom=False)).records[0].country == "KEN"


def test_rotterdam_parse_keeps_line_breaks_in_quoted_cells_and_counts_records() -> None:
    multiline = ROW.replace('"PO Box 1, Nairobi"', '"PO Box 1\nNairobi\nKenya"')
    records = SOURCE.parse(_csv(HEADER, multiline, ROW)).records
    assert records[0].address == "PO Box 1\nNairobi\nKenya"
    assert [record.source_ref for record in records] == ["row 2", "row 3"]


def test_rotterdam_parse_uses_the_country_name_when_iso3_is_empty() -> None:
    record = SOURCE.parse(_csv(HEADER, ROW.replace("KEN,Kenya", ",Kenya"))).records[0]
    assert record.country == "Kenya"


def test_rotterdam_parse_reads_windows_1252_and_says_so() -> None:
    content = f"{HEADER}\r\n{ROW.replace('WANJIKU', 'MARTÍNEZ')}\r\n".encode("cp1252")
    parsed = SOURCE.parse(content)
    assert parsed.records[0].full_name == "Dr. Amina MARTÍNEZ"
    assert [(p.source_ref, p.code, p.message) for p in parsed.problems] == [
        ("file", "encoding", "not UTF-8; read as Windows-1252")
    ]


def test_rotterdam_parse_skips_a_row_with_the_wrong_number_of_cells() -> None:
    parsed = SOURCE.parse(_csv(HEADER, "KEN,Kenya,DNA", ROW))
    assert [record.source_ref for record in parsed.records] == ["row 3"]
    assert [(p.source_ref, p.code) for p in parsed.problems] == [("row 2", "malformed_row")]


def test_rotterdam_parse_skips_empty_lines() -> None:
    records = SOURCE.parse(_csv(HEADER, ROW, "", ",,,,,,,,,,,", ROW)).records
    assert [record.source_ref for record in records] == ["row 2", "row 5"]


def test_rotterdam_parse_keeps_a_row_with_a_bad_date_and_reports_it() -> None:
    parsed = SOURCE.parse(_csv(HEADER, ROW.replace("01/03/2024", "2024/13/01")))
    assert parsed.records[0].designated_on is None
    assert [(p.source_ref, p.code) for p in parsed.problems] == [("row 2", "malformed_row")]


def test_rotterdam_parse_maps_columns_by_name_in_any_order() -> None:
    header = HEADER.replace("ISO3,Country", "Country,ISO3")
    record = SOURCE.parse(_csv(header, ROW.replace("KEN,Kenya", "Kenya,KEN"))).records[0]
    assert record.country == "KEN"


def test_rotterdam_parse_names_a_missing_column() -> None:
    with pytest.raises(SourceError, match=r"missing column.*: Fax"):
        SOURCE.parse(_csv(HEADER.replace(",Fax", ""), ROW.replace(",,", ",")))


def test_rotterdam_parse_names_an_unknown_column() -> None:
    with pytest.raises(SourceError, match=r"unknown column.*'Mobile'"):
        SOURCE.parse(_csv(HEADER + ",Mobile", ROW + ","))


def test_rotterdam_parse_rejects_an_empty_file() -> None:
    with pytest.raises(SourceError, match="rotterdam list is empty"):
        SOURCE.parse(b"")
