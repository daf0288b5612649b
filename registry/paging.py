"""Lists in pages, one way for the API and the pages alike.

A keyset page resumes after the position of the last row shown (stable while rows are added: nothing is
skipped or shown twice); the API's lists page this way. A numbered page is the n-th slice of a list, for a
page that shows its number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from registry.db import count

T = TypeVar("T")
# What a numbered page is ordered by: columns, or expressions (``func.lower(...)``, ``column.desc()``).
Order = ColumnElement[Any] | InstrumentedAttribute[Any]


@dataclass(frozen=True)
class Page(Generic[T]):
    """Rows of a list, how many the whole list holds, and whether more follow."""

    items: list[T]
    total: int
    more: bool


def keyset_page(
    session: Session,
    stmt: Select[T],
    keys: Sequence[InstrumentedAttribute[Any]],
    after: Sequence[Any] | None,
    limit: int,
    *,
    descending: bool = False,
    columns: bool = False,
) -> Page[T]:
    """The first ``limit`` rows of ``stmt`` in ``keys`` order (newest first when ``descending``) after the
    position ``after`` (the keys' values of the last row shown; None: from the start); rows of columns when
    ``columns`` (a query of columns, not of objects)."""
    ordered = stmt.order_by(*(key.desc() if descending else key for key in keys)).limit(limit + 1)
    if after is not None:
        row: Any = keys[0] if len(keys) == 1 else tuple_(*keys)
        position: Any = after[0] if len(keys) == 1 else tuple_(*after)
        ordered = ordered.where(row < position if descending else row > position)
    rows: list[Any] = list(session.execute(ordered).all() if columns else session.scalars(ordered).unique())
    more = len(rows) > limit
    rows = rows[:limit]
    # A first page that holds everything is its own total: no second pass over the rows (a search's scan).
    total = len(rows) if after is None and not more else count(session, stmt)
    return Page(rows, total, more)


def numbered_page(
    session: Session, stmt: Select[T], order: Sequence[Order], number: int, size: int
) -> Page[T]:
    """Page ``number`` (from 1) of ``stmt`` in ``order``, ``size`` rows a page."""
    total = count(session, stmt)
    rows = session.scalars(stmt.order_by(*order).offset((number - 1) * size).limit(size)).unique()
    return Page(list(rows), total, total > number * size)
