"""Hostile and broken lists, built from the samples in a second or less: each is what a real server or
spreadsheet once sent (see issue 11), scaled so that the old reading code would have blown its memory or
its time, while the new one stops at a limit (or reads it) quickly."""

from __future__ import annotations

import io
import json
import zipfile
from functools import cache
from typing import Any

import openpyxl

from sync.sources.limits import MB
from tests.sync.lists import sample

XFD = 16_384  # Excel's last column


@cache
def wide_workbook(blank_rows: int = 3_500) -> bytes:
    """The Basel sample with a cell in column XFD on every row, and ``blank_rows`` more rows holding only
    that cell: read-only openpyxl pads each of them to 16,384 cells (4,000 rows kept whole took 540 MB)."""
    workbook = openpyxl.load_workbook(io.BytesIO(sample("v1", "basel")))
    sheet = workbook["Contacts"]
    last = sheet.max_row
    for row in range(5, last + 1):
        sheet.cell(row=row, column=XFD, value="x")
    for row in range(last + 1, last + 1 + blank_rows):
        sheet.cell(row=row, column=XFD, value="x")
    return _saved(workbook)


@cache
def long_workbook(extra_rows: int) -> bytes:
    """The Basel sample with ``extra_rows`` more rows (copies of its first data row)."""
    workbook = openpyxl.load_workbook(io.BytesIO(sample("v1", "basel")))
    sheet = workbook["Contacts"]
    first = [cell.value for cell in sheet[5]]
    for _ in range(extra_rows):
        sheet.append(first)
    return _saved(workbook)


@cache
def bomb_workbook(inflated: int) -> bytes:
    """The Basel sample whose sheet inflates to ``inflated`` bytes more (white space in an XML comment, which
    compresses a thousandfold): a workbook of a few hundred KB that unpacks to far more than any list."""
    source = zipfile.ZipFile(io.BytesIO(sample("v1", "basel")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if not info.filename.startswith("xl/worksheets/"):
                target.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<sheetData>", 1)
            with target.open(info.filename, "w", force_zip64=True) as sheet:  # written as it goes: no copy
                sheet.write(head + b"<sheetData><!--")
                for _ in range(inflated // MB):
                    sheet.write(b" " * MB)
                sheet.write(b"-->" + tail)
    return out.getvalue()


def wide_csv(columns: int) -> bytes:
    """The Rotterdam sample whose header runs on for ``columns`` blank columns."""
    text = sample("v1", "rotterdam").decode("utf-8-sig")
    header, rest = text.split("\r\n", 1)
    return ("\ufeff" + header + "," * columns + "\r\n" + rest).encode("utf-8")


def rotterdam_head(rows: int) -> bytes:
    """The Rotterdam sample's header and its first ``rows`` rows."""
    text = sample("v1", "rotterdam").decode("utf-8-sig")
    lines = text.split("\r\n")
    return ("\ufeff" + "\r\n".join(lines[: rows + 1]) + "\r\n").encode("utf-8")


def huge_cell_csv(chars: int) -> bytes:
    """The Rotterdam sample with a position cell of ``chars`` characters on its first data row."""
    text = sample("v1", "rotterdam").decode("utf-8-sig")
    header, first, rest = text.split("\r\n", 2)
    cells = first.split(",")
    cells[5] = "x" * chars
    return ("\ufeff" + "\r\n".join([header, ",".join(cells), rest])).encode("utf-8")


def stockholm_records() -> list[dict[str, Any]]:
    """The Stockholm sample's records (a fresh copy)."""
    records: list[dict[str, Any]] = json.loads(sample("v1", "stockholm"))
    return records


def nested_json(depth: int) -> bytes:
    """The Stockholm sample with an address nested ``depth`` arrays deep (old code: a RecursionError)."""
    records = json.dumps(stockholm_records()[1:]).encode()
    nested = b'{"id": "deep", "country": "ke", "firstName": "A", "lastName": "B", "type": "NFP", "address": '
    nested += b"[" * depth + b"]" * depth + b"}"
    return b"[" + nested + b"," + records[1:]


def empty_objects_json(count: int) -> bytes:
    """An OData page of ``count`` empty objects: three bytes each, sixty-odd bytes each once parsed."""
    return b'{"d": {"results": [' + b"{}," * (count - 1) + b"{}]}}"


def overflowing_dates(records: list[dict[str, Any]]) -> None:
    """Two records whose ``updated`` no calendar holds: 17 digits of milliseconds, and 5,000 digits."""
    records[0]["updated"] = "/Date(99999999999999999)/"
    records[1]["updated"] = "/Date(" + "9" * 5_000 + ")/"


def control_characters(records: list[dict[str, Any]]) -> None:
    """Control characters and a bidi override in names and a position, as a broken export wrote them."""
    records[0]["lastName"] = "Sá\x00\x1b[31m"
    records[1]["firstName"] = "\u202eevil\x07"
    records[2]["position"] = "Director\x00General"


def _saved(workbook: Any) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    workbook.close()
    return out.getvalue()


@cache
def basel_with_overflowing_date() -> bytes:
    """The Basel sample whose first row's "Last Updated" is a date serial past year 9999."""
    workbook = openpyxl.load_workbook(io.BytesIO(sample("v1", "basel")))
    cell = workbook["Contacts"].cell(row=5, column=17)
    cell.value, cell.number_format = 10**10, "yyyy-mm-dd"
    return _saved(workbook)
