"""A worksheet's cell values read straight from its XML: what openpyxl's read-only
``iter_rows(values_only=True)`` gives, three times quicker.

openpyxl builds a rich-text object for every inline-string cell (``t="inlineStr"``, how openpyxl itself and
many exporters write text) and a dictionary for every cell: a third of a steady night's sync went there. This
reader keeps openpyxl for the workbook (its sheets, shared strings, date styles and epoch, all read when it
is opened) and for the rare cell it cannot read simply (rich text), and reads each row's cells itself. It
leans on private names of openpyxl's read-only worksheet and workbook (``_get_source``,
``_shared_strings``, ``_date_formats``, ``_timedelta_formats``), stable through openpyxl 3.1
(``pyproject.toml`` keeps it below 4); ``tests/sync/sources/test_sheet.py`` compares both readers cell for
cell on every kind of cell.

What it does not do that openpyxl does: build the sheet's other parts (print settings, conditional formats),
so a workbook whose cells are sound but whose print settings openpyxl cannot read is read, not refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from openpyxl.cell.text import Text
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple
from openpyxl.utils.datetime import from_excel, from_ISO8601

# openpyxl's own choice of parser: defusedxml's when that is installed, else the standard library's.
from openpyxl.xml.functions import iterparse

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _VALUE, _INLINE, _TEXT = f"{_MAIN}row", f"{_MAIN}v", f"{_MAIN}is", f"{_MAIN}t"
_DIGITS = "0123456789"
# What openpyxl reads for a date cell whose serial is past the calendar (it warns, too).
OVERFLOWING_DATE = "#VALUE!"

Row = tuple[Any, ...]
Cells = list[tuple[int, Any]]


def sheet_rows(
    sheet: Any, min_row: int = 1, max_row: int | None = None, max_col: int | None = None
) -> Iterator[Row]:
    """The values of rows ``min_row`` to ``max_row`` of a read-only ``sheet``, columns 1 to ``max_col``: as
    ``sheet.iter_rows(min_row, max_row, max_col=max_col, values_only=True)`` gives them once its dimensions
    are reset (a row missing from the file is empty; without ``max_col`` a row is as wide as its last cell).

    Raises what the XML or a cell's value raises (``ParseError``, ``ValueError``, ``IndexError``, ...).
    """
    cells = _CellReader(sheet)
    empty: Row = (None,) * max_col if max_col is not None else ()
    expected, number = min_row, 0
    with sheet._get_source() as source:
        for _, element in iterparse(source):
            if element.tag != _ROW:
                continue
            number = _row_number(element.get("r"), number)
            if max_row is not None and number > max_row:
                break
            if number < expected:  # a row before ``min_row``, or written twice: openpyxl skips it
                element.clear()
                continue
            while expected < number:
                expected += 1
                yield empty
            row = cells.read(element)
            element.clear()
            expected += 1
            yield _placed(row, max_col)
    if max_row is not None and max_row < number:
        yield from (empty for _ in range(expected, max_row + 1))


def _row_number(written: str | None, previous: int) -> int:
    """A row's number: its ``r`` (an integer, perhaps written "5.0"), else the one after the previous row."""
    if not written:
        return previous + 1
    try:
        return int(written)
    except ValueError:
        number = float(written)
        if number.is_integer():
            return int(number)
        raise ValueError(f"{written} is not a valid row number") from None


def _placed(cells: Cells, max_col: int | None) -> Row:
    """The row's values by column; its width ``max_col``, or the column of its last cell as written."""
    if not cells and not max_col:
        return ()
    width = max_col or cells[-1][0]
    values: list[Any] = [None] * width
    for column, value in cells:
        if 1 <= column <= width:
            values[column - 1] = value
    return tuple(values)


class _CellReader:
    """Reads the cells of one row element as openpyxl does with ``data_only``: a formula's cached value."""

    def __init__(self, sheet: Any) -> None:
        workbook = sheet.parent
        self.shared: list[Any] = sheet._shared_strings
        self.dates: Any = workbook._date_formats
        self.durations: Any = workbook._timedelta_formats
        self.epoch: dt.datetime = workbook.epoch
        self.columns: dict[str, int] = {}

    def read(self, row: Any) -> Cells:
        """``(column, value)`` of each cell, in the order written; a cell without ``r`` follows the last."""
        cells: Cells = []
        column = 0
        for cell in row:
            reference = cell.get("r")
            column = self._column(reference) if reference else column + 1
            cells.append((column, self._value(cell)))
        return cells

    def _column(self, reference: str) -> int:
        letters = reference.rstrip(_DIGITS)
        if letters == reference:  # no row number: let openpyxl raise what it raises for it
            return int(coordinate_to_tuple(reference)[1])
        column = self.columns.get(letters)
        if column is None:
            column = self.columns[letters] = column_index_from_string(letters)
        return column

    def _value(self, cell: Any) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return _inline(cell.find(_INLINE))
        value = cell.findtext(_VALUE) or None
        if value is None:
            return None
        if kind == "n":
            return self._number(value, cell.get("s", 0))
        if kind == "s":
            return self.shared[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value  # "str" (a formula's text), "e" (an error such as "#N/A")

    def _number(self, value: str, style: str | int) -> Any:
        number = float(value) if "." in value or "E" in value or "e" in value else int(value)
        if not style or int(style) not in self.dates:
            return number
        try:
            return from_excel(number, self.epoch, timedelta=int(style) in self.durations)
        except (OverflowError, ValueError):
            return OVERFLOWING_DATE


def _inline(text: Any) -> str | None:
    """An inline string's text: one plain ``<t>`` read at once, rich text (runs) through openpyxl."""
    if text is None:
        return None
    if len(text) == 1 and text[0].tag == _TEXT and not len(text[0]):
        return str(text[0].text or "")
    return str(Text.from_tree(text).content)
