"""The coverage page and its CSV, through the test client (the browser tests check how it reads)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.coverage.report import csv_header
from registry.coverage.services import coverage
from tests.factories import make_contact, make_designation
from tests.registry.coverage.world import World, build_world, parties_to
from tests.web.helpers import text


@pytest.fixture
def world(session: Session) -> World:
    built = build_world(session)
    session.commit()  # only a savepoint: the test's transaction is rolled back after it
    return built


def _rows(client: FlaskClient, query: str = "") -> list[dict[str, str]]:
    response = client.get(f"/coverage.csv{query}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))


def _row_of(table: str, heading: str) -> list[str]:
    """The cells of the table row headed ``heading``, as text."""
    found = re.search(rf'<th scope="row">{re.escape(heading)}</th>(.*?)</tr>', table, re.S)
    assert found, heading
    return re.findall(r"<td>(.*?)</td>", found.group(1))


def test_coverage_page_shows_held_and_vacant_of_each_role_by_region(
    client: FlaskClient, session: Session, world: World
) -> None:
    page = text(client.get("/coverage?convention=basel"))
    fp_table = page.split("Basel Focal Point: parties by region", 1)[1].split("</table>", 1)[0]
    all_parties = parties_to(session, "basel")
    assert _row_of(fp_table, "All regions")[:2] == ["1", str(all_parties - 1)]
    assert _row_of(fp_table, "African")[:2] == ["1", str(parties_to(session, "basel", "African") - 1)]


def test_coverage_page_draws_a_chart_per_role_labelled_by_its_caption(
    client: FlaskClient, world: World
) -> None:
    page = text(client.get("/coverage"))
    charts = re.findall(r'<svg class="chart"[^>]*aria-labelledby="([^"]+)"', page)
    assert len(charts) == 6 + 2  # a role each, then staleness and people
    assert all(f'id="{label}"' in page for label in charts)


def test_coverage_page_has_no_style_attribute(client: FlaskClient, world: World) -> None:
    # The pages' Content-Security-Policy forbids inline styles: colours come from classes.
    assert " style=" not in text(client.get("/coverage"))


def test_coverage_page_lists_the_parties_where_a_role_is_vacant(client: FlaskClient, world: World) -> None:
    page = text(client.get("/coverage?convention=rotterdam&region=African"))
    vacant_ocp = page.split("Rotterdam Official Contact Point: parties by region", 1)[1].split(
        "</details>", 1
    )[0]
    assert 'href="/parties/KEN"' in vacant_ocp
    assert 'href="/parties/AGO"' not in vacant_ocp  # not party to Rotterdam


def test_coverage_page_filters_by_convention(client: FlaskClient, world: World) -> None:
    page = text(client.get("/coverage?convention=stockholm"))
    assert 'id="c-stockholm"' in page
    assert 'id="c-basel"' not in page
    assert '<option value="stockholm" selected>' in page


def test_coverage_page_filter_by_region_leaves_out_the_eu(client: FlaskClient, world: World) -> None:
    page = text(client.get("/coverage?region=Western+European+and+others"))
    assert 'href="/parties/FRA"' in page
    assert 'href="/parties/EUU"' not in page


def test_coverage_page_refuses_an_unknown_region_naming_the_choices(client: FlaskClient) -> None:
    response = client.get("/coverage?region=Europe")
    assert response.status_code == 422
    assert "Eastern European" in text(response)


def test_coverage_page_names_the_shared_organizations(client: FlaskClient, world: World) -> None:
    kenya = text(client.get("/coverage?region=African")).split('href="/parties/KEN">Kenya</a></th>', 1)[1]
    row = kenya.split("</tr>", 1)[0]
    assert "NEMA Kenya" in row
    assert "Basel, Rotterdam" in row


def test_coverage_header_links_to_the_coverage_page(client: FlaskClient) -> None:
    assert '<a href="/coverage">Coverage</a>' in text(client.get("/"))


def test_coverage_csv_has_a_row_per_party_listed(client: FlaskClient, session: Session, world: World) -> None:
    rows = _rows(client)
    assert [r["party"] for r in rows] == [p.code for p in coverage(session).parties]
    kenya = next(r for r in rows if r["party"] == "KEN")
    assert (kenya["basel_CA_holders"], kenya["basel_FP_last_confirmed"]) == ("2", "2025-06-01")
    assert kenya["shared_organizations"] == "NEMA Kenya (basel, rotterdam)"


def test_coverage_csv_takes_the_page_s_filters(client: FlaskClient, session: Session, world: World) -> None:
    response = client.get("/coverage.csv?convention=rotterdam&region=African")
    assert 'filename="coverage-rotterdam-african-' in response.headers["Content-Disposition"]
    rows = _rows(client, "?convention=rotterdam&region=African")
    assert list(rows[0]) == csv_header(coverage(session, "rotterdam", "African"))
    assert {r["region"] for r in rows} == {"African"}


def test_coverage_csv_escapes_an_organization_that_looks_like_a_formula(
    client: FlaskClient, session: Session
) -> None:
    hostile = '=HYPERLINK("http://evil.example","x")'
    for convention, role in (("basel", "FP"), ("stockholm", "NFP")):
        make_designation(session, make_contact(session, "KEN", organization=hostile), convention, role)
    session.commit()
    kenya = next(r for r in _rows(client) if r["party"] == "KEN")
    assert kenya["shared_organizations"] == f"'{hostile} (basel, stockholm)"
