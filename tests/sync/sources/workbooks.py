"""Workbooks written as other programs write them, made from one openpyxl wrote: text in a shared-strings
table (as Excel writes it) instead of inline, cells and rows without their references, rows numbered "5.0"."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from xml.etree import ElementTree as ET

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SHARED_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SHARED_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_shared_strings(content: bytes) -> bytes:
    """The workbook with every inline string moved to a shared-strings table, each text stored once."""
    table: dict[bytes, int] = {}
    shared = rewritten(content, lambda xml: _share(xml, table))
    sst = ET.Element(f"{{{MAIN}}}sst", count=str(len(table)), uniqueCount=str(len(table)))
    sst.extend(ET.fromstring(text) for text in table)
    parts = {
        "xl/sharedStrings.xml": ET.tostring(sst, xml_declaration=True, encoding="UTF-8"),
        "[Content_Types].xml": _inserted(
            shared,
            "[Content_Types].xml",
            "</Types>",
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SHARED_TYPE}"/>',
        ),
        "xl/_rels/workbook.xml.rels": _inserted(
            shared,
            "xl/_rels/workbook.xml.rels",
            "</Relationships>",
            f'<Relationship Id="rIdShared" Type="{_SHARED_REL}" Target="sharedStrings.xml"/>',
        ),
    }
    return _replaced(shared, parts)


def without_references(content: bytes) -> bytes:
    """The workbook with no ``r`` on its cells and rows: each follows the one before (which openpyxl
    reads; some exporters write sheets so)."""
    return rewritten(content, lambda xml: re.sub(rb'(<(?:c|row)\b[^>]*?) r="[^"]*"', rb"\1", xml))


def with_float_row_numbers(content: bytes) -> bytes:
    """The workbook with its rows numbered "5.0" rather than "5" (which openpyxl reads as 5)."""
    return rewritten(content, lambda xml: re.sub(rb'(<row\b[^>]*?) r="(\d+)"', rb'\1 r="\2.0"', xml))


def _share(xml: bytes, table: dict[bytes, int]) -> bytes:
    ET.register_namespace("", MAIN)
    root = ET.fromstring(xml)
    for cell in root.iter(f"{{{MAIN}}}c"):
        inline = cell.find(f"{{{MAIN}}}is")
        if cell.get("t") != "inlineStr" or inline is None:
            continue
        cell.remove(inline)
        inline.tag = f"{{{MAIN}}}si"
        index = table.setdefault(ET.tostring(inline), len(table))
        cell.set("t", "s")
        ET.SubElement(cell, f"{{{MAIN}}}v").text = str(index)
    return ET.tostring(root, xml_declaration=True, encoding="UTF-8")


def rewritten(content: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    """The workbook with ``edit`` applied to each of its worksheets' XML."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        return _replaced(content, {name: edit(archive.read(name)) for name in sheets})


def _inserted(content: bytes, part: str, before: str, xml: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = archive.read(part).decode("utf-8")
    return text.replace(before, xml + before).encode("utf-8")


def _replaced(content: bytes, parts: dict[str, bytes]) -> bytes:
    """The workbook with ``parts`` written in place of (or beside) its own."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in parts:
                new.writestr(info, old.read(info))
        for name, data in parts.items():
            new.writestr(name, data)
    return out.getvalue()
