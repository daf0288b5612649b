"""Row 1: the exports are data, never code. Every text cell that a spreadsheet would evaluate is escaped
(a leading apostrophe, OWASP's rule) in every convention's CSV and XLSX; the sync reading it back undoes
it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import openpyxl
import pytest
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from registry.formulas import TRIGGERS, escape, starts_formula, unescape
from sync.exports import csv_bytes, xlsx_bytes
from sync.records import RawRecord
from sync.sources import basel, get_source, rotterdam
from sync.sources.export import Table
from tests.factories import make_contact, make_designation
from tests.sync.test_exports import HOSTILE, ROLE

CONVENTIONS = ("basel", "rotterdam", "stockholm")
# Text that could begin a formula, and text that begins with the escape's own apostrophe.
RISKY_STARTS = st.sampled_from([*sorted(TRIGGERS), "'", "''", "'=", ""])
# What the registry can hold: any character but control characters (a form's line breaks aside) and lone
# surrogates (no UTF-8 text holds one).
REGISTRY_TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t"), max_size=40
)


@pytest.fixture
def hostile(session: Session) -> None:
    """A Kenyan contact whose names and organization are formulas, designated under each convention."""
    contact = make_contact(session, "KEN", phones=["+41 22 917 8218"], **HOSTILE)
    for convention in CONVENTIONS:
        make_designation(session, contact, convention, ROLE[convention])
    session.commit()


def _csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


@pytest.mark.usefixtures("hostile")
@pytest.mark.parametrize("convention", CONVENTIONS)
def test_export_csv_has_no_cell_that_starts_a_formula(client: FlaskClient, convention: str) -> None:
    cells = _csv_cells(client.get(f"/exports/{convention}.csv").data)
    assert "'" + HOSTILE["organization"] in cells
    assert [cell for cell in cells if starts_formula(cell)] == []


@pytest.mark.usefixtures("hostile")
@pytest.mark.parametrize("convention", CONVENTIONS)
def test_export_xlsx_has_no_formula_cell(client: FlaskClient, convention: str) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/exports/{convention}.xlsx").data))
    cells = [cell for row in workbook.active.iter_rows() for cell in row if cell.value is not None]
    assert "'" + HOSTILE["organization"] in [c.value for c in cells]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert [c.value for c in cells if isinstance(c.value, str) and starts_formula(c.value)] == []


@pytest.mark.usefixtures("hostile")
def test_export_keeps_a_phone_numbers_plus(client: FlaskClient) -> None:
    cells = _csv_cells(client.get("/exports/basel.csv").data)
    assert "+41229178218" in cells


@given(prefix=RISKY_STARTS, text=st.text())
def test_escape_is_undone_exactly_for_any_text(prefix: str, text: str) -> None:
    assert unescape(escape(prefix + text)) == prefix + text


@given(prefix=RISKY_STARTS, text=st.text())
def test_escape_never_leaves_a_formula(prefix: str, text: str) -> None:
    assert not starts_formula(escape(prefix + text))


def _read_back(
    write: Callable[[Table], bytes], title: str, columns: tuple[str, ...], position: str, **fixed: str
) -> tuple[RawRecord, bytes]:
    """A file of one row (``position`` in its Position column, ``fixed`` cells in theirs) written by
    ``write``: the record its convention's source reads from it, and the file."""
    row = tuple(position if name == "Position" else fixed.get(name) for name in columns)
    data = write(Table(title, columns, [row]))
    [record] = get_source(title.lower()).parse(data).records
    return record, data


@settings(max_examples=60, deadline=None)
@given(prefix=RISKY_STARTS, text=REGISTRY_TEXT)
def test_csv_export_reads_back_any_text_unchanged(prefix: str, text: str) -> None:
    value = prefix + text
    record, data = _read_back(csv_bytes, "Rotterdam", rotterdam.COLUMNS, value, ISO3="KEN")
    assert record.position == (value or None)
    assert not [cell for cell in _csv_cells(data) if starts_formula(cell)]


@settings(max_examples=60, deadline=None)
@given(prefix=RISKY_STARTS.filter(lambda p: "\r" not in p), text=REGISTRY_TEXT)
def test_xlsx_export_reads_back_any_text_unchanged(prefix: str, text: str) -> None:
    # (XML has no carriage return of its own: the format turns one into a line feed; the registry stores
    # none, its text fields being trimmed to single lines or line-feed-separated ones.)
    value = prefix + text
    record, _ = _read_back(xlsx_bytes, "Basel", basel.COLUMNS, value, Country="Kenya")
    assert record.position == (value or None)
