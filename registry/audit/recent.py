"""Recent changes, a day at a time: for the public page of what changed (filtered by party and convention)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from registry.audit.models import Change
from registry.designations.models import Designation
from registry.paging import Page, numbered_page


def _matching(party: str | None, convention: str | None) -> list[ColumnElement[bool]]:
    """The conditions of the filters: a party's changes; a convention's designations and their contacts."""
    conditions: list[ColumnElement[bool]] = []
    if party:
        conditions.append(Change.party_code == party)
    if convention:
        holders = select(Designation.contact_id).where(Designation.convention == convention)
        conditions.append(
            or_(
                (Change.resource == "designation") & (Change.state["convention"].as_string() == convention),
                (Change.resource == "contact") & Change.resource_id.in_(holders),
            )
        )
    return conditions


def _bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
    return start, start + dt.timedelta(days=1)


def changes_on(
    session: Session,
    day: dt.date,
    number: int,
    size: int,
    party: str | None = None,
    convention: str | None = None,
) -> Page[Change]:
    """Page ``number`` of the changes made on ``day`` (UTC) matching the filters, newest first."""
    start, end = _bounds(day)
    stmt: Select[Any] = select(Change).where(
        Change.at >= start, Change.at < end, *_matching(party, convention)
    )
    return numbered_page(session, stmt, [Change.seq.desc()], number, size)


def latest_day(session: Session, party: str | None = None, convention: str | None = None) -> dt.date | None:
    """The day of the latest change matching the filters (None: there is none)."""
    latest = session.scalar(select(func.max(Change.at)).where(*_matching(party, convention)))
    return _day(latest)


def neighbours(
    session: Session, day: dt.date, party: str | None = None, convention: str | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """The nearest earlier and later days with changes matching the filters (None where there is none)."""
    start, end = _bounds(day)
    conditions = _matching(party, convention)
    before = session.scalar(select(func.max(Change.at)).where(Change.at < start, *conditions))
    after = session.scalar(select(func.min(Change.at)).where(Change.at >= end, *conditions))
    return _day(before), _day(after)


def _day(moment: Any) -> dt.date | None:
    if moment is None:
        return None
    if isinstance(moment, str):  # SQLite's max() of a timestamp comes back as its text
        moment = dt.datetime.fromisoformat(moment)
    day: dt.date = moment.date()
    return day
