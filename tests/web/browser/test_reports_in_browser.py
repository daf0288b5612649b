"""With real data (a sync of the sample lists): a secretariat reads the sync report, and a party page with
many contacts stays light and accessible."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from registry.auth.models import User
from registry.db import db
from registry.designations.models import Designation
from sync.runner import RunOptions, run_sync
from tests.conftest import empty_mutable_tables
from tests.sync.lists import fast_source, sample_paths
from tests.web.browser.checks import serious_violations_at
from tests.web.browser.fixtures import SignIn
from tests.web.helpers import make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response

# What a party page with many contacts may weigh (HTML and CSS, uncompressed), for a poor connection.
PAGE_BUDGET = 60_000


@dataclass(frozen=True)
class Synced:
    site: str
    report: dict[str, Any]
    secretariat: User
    busiest_party: str


@pytest.fixture(scope="module")
def synced(app: Flask, live_server: str) -> Iterator[Synced]:
    """One real sync of the v1 sample lists, committed, for the whole module (emptied afterwards)."""
    session = db.session()
    options = RunOptions(sources=sample_paths("v1"), source_factory=fast_source)
    report = run_sync(session, options)
    secretariat = make_user(session, "secretariat")
    current = select(Designation.party_code, func.count()).where(Designation.ends_on.is_(None))
    busiest = session.execute(current.group_by(Designation.party_code).order_by(func.count().desc())).first()
    assert busiest is not None
    session.commit()
    db.session.remove()  # no transaction left open: the server's requests write
    yield Synced(live_server, report, secretariat, busiest[0])
    empty_mutable_tables()


def test_secretariat_reads_a_sync_report(page: Page, synced: Synced, sign_in: SignIn) -> None:
    sign_in(page, synced.secretariat)
    page.get_by_role("link", name="Sync reports").click()
    page.locator("table.runs tbody").get_by_role("link").first.click()
    basel = synced.report["conventions"]["basel"]
    section = page.locator("section.report-part", has=page.get_by_role("heading", name="Basel"))
    assert f"Added ({basel['summary']['added']})" in section.inner_text()
    warning = basel["warnings"][0]
    row = section.locator("table.warnings tr", has_text=warning["message"])
    assert row.locator("td").first.inner_text() == warning["source_ref"]


def test_sync_report_has_no_serious_accessibility_violations(
    page: Page, synced: Synced, sign_in: SignIn
) -> None:
    sign_in(page, synced.secretariat)
    assert serious_violations_at(page, f"{synced.site}/sync/runs/{synced.report['run_id']}") == []


def test_party_page_with_many_contacts_stays_light(page: Page, synced: Synced, record_property: Any) -> None:
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{synced.site}/parties/{synced.busiest_party}")
    page.wait_for_load_state("load")
    sizes = {r.url: len(r.body()) for r in responses if r.request.resource_type in ("document", "stylesheet")}
    assert len(sizes) == 2, sizes
    total = sum(sizes.values())
    record_property("party_page_bytes", total)
    assert total < PAGE_BUDGET, sizes


def test_party_page_with_many_contacts_has_no_serious_accessibility_violations(
    page: Page, synced: Synced
) -> None:
    assert serious_violations_at(page, f"{synced.site}/parties/{synced.busiest_party}") == []
