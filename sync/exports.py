"""``/exports/{convention}.{xlsx,csv,json}`` and ``/exports/informea.json``: lists written from the registry.

Each convention's list in its own columns (Basel's workbook, Rotterdam's CSV, Stockholm's OData records),
in any of the three containers; the registry plugs this blueprint in by entry point (it does not import sync).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import openpyxl
from flask import Blueprint, Response, request
from sqlalchemy import select

from registry.conventions import CONVENTIONS
from registry.db import db
from registry.designations.models import Designation
from registry.designations.services import current_designations
from registry.errors import NotFound
from registry.formulas import escape
from registry.parties.models import Party
from sync.sources.export import Table, basel_table, rotterdam_table, stockholm_record, stockholm_table

blp = Blueprint("exports", __name__, url_prefix="/exports")
TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def _designations(convention: str | None = None, party: str | None = None) -> list[Designation]:
    stmt = current_designations(convention=convention, party=party).order_by(
        Designation.party_code, Designation.convention, Designation.role, Designation.id
    )
    return list(db.session().scalars(stmt).unique())


def _parties() -> tuple[dict[str, str], dict[str, str]]:
    rows = db.session().execute(select(Party.code, Party.name, Party.alpha2)).all()
    return {code: name for code, name, _ in rows}, {code: alpha2 for code, _, alpha2 in rows}


def table(convention: str, party: str | None = None) -> Table:
    """The convention's current list as a table of its own columns (only ``party``'s rows, if given)."""
    names, alpha2 = _parties()
    designations = _designations(convention, party)
    if convention == "basel":
        return basel_table(designations, names)
    if convention == "rotterdam":
        return rotterdam_table(designations, names)
    return stockholm_table(designations, alpha2)


def _cell(value: Any) -> Any:
    """A spreadsheet cell: text escaped so that it is never a formula (:mod:`registry.formulas`), lists as
    JSON text, numbers and booleans as they are."""
    if isinstance(value, list):
        value = json.dumps(value)
    return escape(value) if isinstance(value, str) else value


def xlsx_bytes(data: Table) -> bytes:
    """A workbook laid out as the Basel secretariat's: title, date, an empty row, then the header."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Contacts"
    sheet.append([data.title])
    sheet.append([f"Extracted on {dt.date.today().isoformat()}"])
    sheet.append([])
    sheet.append(list(data.header))
    for row in data.rows:
        sheet.append([_cell(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl makes any text that starts with "=" a formula: never here
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(data: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(data.header)
    for row in data.rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def json_bytes(data: Table) -> bytes:
    records = [dict(zip(data.header, row, strict=True)) for row in data.rows]
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


WRITERS = {"xlsx": xlsx_bytes, "csv": csv_bytes, "json": json_bytes}


@blp.get("/<convention>.<extension>")
def export(convention: str, extension: str) -> Response:
    """A convention's current list, in its own columns, as .xlsx, .csv or .json."""
    if convention == "informea" and extension == "json":
        return informea()
    if convention not in CONVENTIONS or extension not in WRITERS:
        raise NotFound(
            f"There is no export {convention}.{extension}: try basel.xlsx, rotterdam.csv, stockholm.json."
        )
    party = _party_filter()
    body = WRITERS[extension](table(convention, party))
    response = Response(body, mimetype=TYPES[extension].split(";")[0], content_type=TYPES[extension])
    name = f"{convention}-{party}" if party else convention
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{dt.date.today()}.{extension}"'
    return response


def _party_filter() -> str | None:
    """``?party=KEN``: one party's rows (what its secretariat sends it to correct); NotFound for no party."""
    code = request.args.get("party", "").strip().upper()
    if not code:
        return None
    if not (len(code) == 3 and code.isascii() and code.isalpha()) or db.session().get(Party, code) is None:
        raise NotFound(f"There is no party {code[:10]!r}: give a party's three-letter code (KEN).")
    return code


def informea() -> Response:
    """Every current designation as an InforMEA contact (one record per designation, its treaty named)."""
    _, alpha2 = _parties()
    records: list[dict[str, Any]] = [stockholm_record(d, alpha2, d.convention) for d in _designations()]
    return Response(json.dumps(records, ensure_ascii=False), mimetype="application/json")
