"""Lists in pages: the query arguments, the schema of a page, and one page of a query with its next link."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

import marshmallow as ma
from flask import request
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

from registry.api.cursors import CursorKind, decode_cursor, encode_cursor, key_text, whole_number
from registry.api.fields import Text
from registry.api.paths import MAX_ID
from registry.links import external_url
from registry.paging import keyset_page

MAX_LIMIT = 500


@dataclass(frozen=True)
class After:
    """A list's cursor: the key of the last row shown (an id, or a party's code)."""

    key: int | str


@dataclass(frozen=True)
class RankedAfter:
    """A ranked list's cursor (a search's): the rank and key of the last row shown."""

    rank: int
    key: int


AFTER_ID = CursorKind(After, key=whole_number(MAX_ID, data_key="after"))
AFTER_RANK = CursorKind(RankedAfter, rank=whole_number(99, data_key="rank"), key=whole_number(MAX_ID))
AFTER_TEXT = CursorKind(After, key=key_text(100, data_key="after"))


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
    session: Session,
    stmt: Select[Any],
    key: InstrumentedAttribute[Any],
    args: dict[str, Any],
    *,
    columns: bool = False,
    descending: bool = False,
) -> dict[str, Any]:
    """One page of ``stmt`` in ``key`` order, newest first when ``descending`` (keyset: stable while rows
    are added); total and next link. Items are rows when ``stmt`` selects ``columns`` (``key`` among them,
    under its own name), else objects.

    The next link repeats only the list's own parameters (``args``, as the request wrote them): an unknown
    query parameter is ignored, never passed on.
    """
    kind = AFTER_ID if key.type.python_type is int else AFTER_TEXT
    after = decode_cursor(kind, args["cursor"]).key if args.get("cursor") else None
    position = None if after is None else [after]
    page = keyset_page(session, stmt, [key], position, args["limit"], columns=columns, descending=descending)
    next_url = None
    if page.more and page.items:
        next_url = next_link(args, encode_cursor(kind, After(getattr(page.items[-1], key.key))))
    return {"items": page.items, "total": page.total, "next": next_url}


def next_link(args: dict[str, Any], cursor: str) -> str:
    """The address of the next page of the list this request reads: the list's own parameters (``args``)
    as the request gave them, and ``cursor``."""
    return external_url(
        request.endpoint or "", **(request.view_args or {}), **list_query(args), cursor=cursor
    )


def list_query(args: dict[str, Any]) -> dict[str, str]:
    """The query parameters of a list's ``next`` link: those of ``args`` (the list's schema) that the
    request gave, as it wrote them, the cursor aside."""
    return {name: request.args[name] for name in args if name != "cursor" and name in request.args}


def paginate_ranked(ranked: list[tuple[int, int]], args: dict[str, Any]) -> tuple[list[int], dict[str, Any]]:
    """One page of ``ranked`` (``(rank, key)`` pairs, best first): the keys on it, and the page's total and
    next link (items left to the caller, who reads them by key)."""
    start = 0
    if args.get("cursor"):
        after = decode_cursor(AFTER_RANK, args["cursor"])
        start = bisect.bisect_right(ranked, (after.rank, after.key))
    shown = ranked[start : start + args["limit"]]
    next_url = None
    if shown and start + len(shown) < len(ranked):
        next_url = next_link(args, encode_cursor(AFTER_RANK, RankedAfter(*shown[-1])))
    return [key for _, key in shown], {"total": len(ranked), "next": next_url}
