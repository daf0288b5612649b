"""Reading a worksheet's values from its XML (sync.sources.sheet) gives what openpyxl's read-only reader
gives, cell for cell, for every kind of cell and the ways programs write a sheet."""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from sync.records import SourceError
from sync.sources.basel import BaselSource
from sync.sources.sheet import sheet_rows
from tests.sync import hostile
from tests.sync.lists import sample
from tests.sync.sources.workbooks import (
    rewritten,
    with_float_row_numbers,
    with_shared_strings,
    without_references,
)

# The bounds BaselSource reads with (the header's search, the rows under it) and a few more.
BOUNDS: list[dict[str, int]] = [
    {"max_row": 20},
    {"min_row": 6, "max_row": 1_048_576, "max_col": 17},
    {},
    {"min_row": 2, "max_row": 3},
    {"max_row": 9, "max_col": 3},
    {"min_row": 4, "max_col": 40},
]
WRITTEN: list[Callable[[bytes], bytes]] = [
    lambda content: content,
    with_shared_strings,
    without_references,
    with_float_row_numbers,
]


def _kinds(*, iso_dates: bool = False) -> bytes:
    """A workbook with a cell of every kind: text, numbers, dates and times, booleans, formulas, errors, rich
    text; rows missing between rows, a cell far to the right, a date past the calendar."""
    workbook = openpyxl.Workbook(iso_dates=iso_dates)
    sheet = workbook.active
    rich = CellRichText("plain ", TextBlock(InlineFont(b=True), "bold"), " tail")
    sheet.append(["Text", "  spaced  ", "two\nlines", "'=escaped", "", "Ünïcödé ½", None, "#N/A"])
    sheet.append([12345, 2.5, 1e20, -0.0, 41229178218.0, True, False, "=1+1", rich])
    sheet.append(
        [dt.datetime(2021, 6, 30), dt.date(2021, 6, 30), dt.time(12, 30), dt.timedelta(days=1, hours=2)]
    )
    sheet.append([dt.datetime(2021, 6, 30, 8, 15), dt.datetime(1900, 1, 1), 0.5])
    sheet.cell(row=7, column=2, value="after two missing rows")
    sheet.cell(row=8, column=30, value="far right")
    overflowing = sheet.cell(row=9, column=1, value=10**10)
    overflowing.number_format = "yyyy-mm-dd"
    sheet.cell(row=9, column=3, value="x").number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    workbook.save(out)
    # Formulas with the values Excel last computed (openpyxl cannot write those): text, a number, an error.
    cached = (
        b'<c t="str"><f>A1</f><v>Text</v></c><c><f>B2*2</f><v>5</v></c><c t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    )
    return rewritten(out.getvalue(), lambda xml: xml.replace(b"</row>", cached + b"</row>", 1))


def _both(content: bytes, bounds: dict[str, int]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The first sheet's rows within ``bounds``: as openpyxl reads them, and as sheet_rows does."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of the date past the calendar
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        theirs = [tuple(row) for row in sheet.iter_rows(values_only=True, **bounds)]
        ours = list(sheet_rows(sheet, **bounds))
        workbook.close()
    return theirs, ours


@pytest.mark.parametrize("written", WRITTEN)
@pytest.mark.parametrize("bounds", BOUNDS)
def test_sheet_rows_read_every_kind_of_cell_as_openpyxl_does(
    written: Callable[[bytes], bytes], bounds: dict[str, int]
) -> None:
    theirs, ours = _both(written(_kinds()), bounds)
    assert ours == theirs
    assert any(row for row in ours)


@pytest.mark.parametrize("bounds", BOUNDS)
def test_sheet_rows_read_iso_dates_as_openpyxl_does(bounds: dict[str, int]) -> None:
    theirs, ours = _both(_kinds(iso_dates=True), bounds)
    assert ours == theirs


@pytest.mark.parametrize("written", WRITTEN)
@pytest.mark.parametrize("version", ["v1", "v1-noise", "v2"])
def test_sheet_rows_read_the_samples_as_openpyxl_does(
    written: Callable[[bytes], bytes], version: str
) -> None:
    content = written(sample(version, "basel"))
    for bounds in BOUNDS[:2]:
        theirs, ours = _both(content, bounds)
        assert ours == theirs


def test_sheet_rows_read_a_date_past_the_calendar_as_openpyxl_does() -> None:
    theirs, ours = _both(hostile.basel_with_overflowing_date(), {"min_row": 5, "max_row": 5})
    assert ours == theirs == [(*theirs[0][:16], "#VALUE!")]


def test_sheet_rows_fail_on_a_shared_string_that_is_not_in_the_table() -> None:
    content = with_shared_strings(sample("v1", "basel"))
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    sheet._shared_strings.clear()  # as if the sheet named strings past the table's end
    with pytest.raises(IndexError):
        list(sheet_rows(sheet, max_row=20))
    workbook.close()


def test_sheet_rows_fail_on_a_sheet_that_is_not_xml() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_kinds()), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    sheet._get_source = lambda: io.BytesIO(b"<worksheet><sheetData><row r='1'>")
    with pytest.raises(ParseError):
        list(sheet_rows(sheet))
    workbook.close()


def test_basel_parse_reads_shared_strings_as_it_reads_inline_strings() -> None:
    content = sample("v1", "basel")
    assert BaselSource().parse(with_shared_strings(content)) == BaselSource().parse(content)


def test_basel_parse_reads_rows_numbered_as_decimals_as_rows_numbered_as_integers() -> None:
    content = sample("v1", "basel")
    assert BaselSource().parse(with_float_row_numbers(content)) == BaselSource().parse(content)


def test_basel_parse_rejects_a_sheet_of_bad_cell_references() -> None:
    content = rewritten(sample("v1", "basel"), lambda xml: xml.replace(b'r="A10"', b'r="A"'))
    with pytest.raises(SourceError, match="not a readable Excel workbook: ValueError"):
        BaselSource().parse(content)
