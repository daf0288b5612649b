"""Lists in pages: the query arguments, the schema of a page, and one page of a query with its next link."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import request
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

from registry.api.cursors import decode_cursor, encode_cursor, whole_number
from registry.api.fields import Text
from registry.api.paths import MAX_ID
from registry.db import count
from registry.links import external_url

MAX_LIMIT = 500


class PageArgs(ma.Schema):
    limit = ma.fields.Integer(
        load_default=50, validate=ma.validate.Range(1, MAX_LIMIT), metadata={"description": "At most 500"}
    )
    cursor = Text(
        load_default=None,
        validate=ma.validate.Length(max=200),
        metadata={"description": "The `next` link's cursor"},
    )


def page_schema(item: type[ma.Schema] | ma.Schema, name: str) -> type[ma.Schema]:
    """The schema of a list: items, the total matching, and the link to the next page (or null)."""
    return ma.Schema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item)),
            "total": ma.fields.Integer(),
            "next": ma.fields.String(
                allow_none=True, metadata={"description": "The URL of the next page; null on the last"}
            ),
        },
        name=name,
    )


def paginate(
    session: Session, stmt: Select[Any], key: InstrumentedAttribute[Any], args: dict[str, Any]
) -> dict[str, Any]:
    """One page of ``stmt`` in ``key`` order (keyset: stable while rows are added); total and next link.

    The next link repeats only the list's own parameters (``args``, as the request wrote them): an unknown
    query parameter is ignored, never passed on.
    """
    after = _after(args.get("cursor"), key.type.python_type)
    limit: int = args["limit"]
    page_stmt = stmt.order_by(key).limit(limit + 1)
    if after is not None:
        page_stmt = page_stmt.where(key > after)
    rows = list(session.scalars(page_stmt).unique())
    more = len(rows) > limit
    rows = rows[:limit]
    # A first page that holds everything is its own total: no second pass over the rows (a search's scan).
    total = len(rows) if after is None and not more else count(session, stmt)
    next_url = None
    if more and rows:
        cursor = encode_cursor({"after": getattr(rows[-1], key.key)})
        next_url = external_url(
            request.endpoint or "", **(request.view_args or {}), **list_query(args), cursor=cursor
        )
    return {"items": rows, "total": total, "next": next_url}


def list_query(args: dict[str, Any]) -> dict[str, str]:
    """The query parameters of a list's ``next`` link: those of ``args`` (the list's schema) that the
    request gave, as it wrote them, the cursor aside."""
    return {name: request.args[name] for name in args if name != "cursor" and name in request.args}


def _after(cursor: str | None, kind: type) -> Any:
    """The key a list's cursor resumes after."""
    if not cursor:
        return None
    if kind is int:
        return decode_cursor(cursor, "after", lambda v: whole_number(v, MAX_ID))
    # The other keys are text (a party's code).
    return decode_cursor(cursor, "after", lambda v: isinstance(v, str) and len(v) <= 100 and "\x00" not in v)
