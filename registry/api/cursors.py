"""Opaque cursors: a position in a list, handed out in a ``next`` link and read back from it.

A cursor is a small frozen dataclass (its payload) as JSON, in URL-safe base64. Each kind of cursor names the
type and range of each of its values (:class:`CursorKind`); reading a cursor back checks them all, and
anything else (not base64, not JSON, another shape, a value of another type or out of range) is the same 422.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any, Generic, TypeVar

import marshmallow as ma

from registry.errors import InvalidInput

P = TypeVar("P")
NOT_A_CURSOR = "Not a cursor this API gave out; start again without it."


class CursorKind(Generic[P]):
    """One kind of cursor: the dataclass it holds (``payload``), and a field checking each of its values."""

    def __init__(self, payload: type[P], **fields: ma.fields.Field[Any]) -> None:
        self.payload = payload
        for field in fields.values():
            field.required = True  # a cursor holds every value of its kind
        # Keys a cursor holds beyond its kind's are ignored (as they always were), never an error.
        self.schema = ma.Schema.from_dict(fields)(unknown=ma.EXCLUDE)


def encode_cursor(kind: CursorKind[P], position: P) -> str:
    """The opaque cursor of ``position``."""
    payload = kind.schema.dump({name: getattr(position, name) for name in kind.schema.fields})
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def decode_cursor(kind: CursorKind[P], cursor: str) -> P:
    """The position a cursor of ``kind`` holds; InvalidInput (422) for anything but a cursor this API gave
    out."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = kind.schema.load(json.loads(base64.urlsafe_b64decode(padded.encode())))
    except (ValueError, binascii.Error, RecursionError, ma.ValidationError):
        raise InvalidInput({"cursor": [NOT_A_CURSOR]}) from None
    return kind.payload(**values)


# --- The values of cursors ----------------------------------------------------------------------------------


def whole_number(high: int, **kwargs: Any) -> ma.fields.Integer:
    """An integer from 0 to ``high`` (``true`` and ``1.0`` are no integers here)."""
    return ma.fields.Integer(strict=True, validate=ma.validate.Range(0, high), **kwargs)


def key_text(max_length: int, *, min_length: int = 0, **kwargs: Any) -> ma.fields.String:
    """Text of ``min_length`` to ``max_length`` characters, without a NUL (which PostgreSQL text cannot
    hold)."""
    length = ma.validate.Length(min=min_length, max=max_length)
    return ma.fields.String(validate=[length, _no_nul], **kwargs)


def _no_nul(value: str) -> None:
    if "\x00" in value:
        raise ma.ValidationError(NOT_A_CURSOR)


class UTCTime(ma.fields.Field[dt.datetime]):
    """A moment, written in ISO 8601 with its offset and read back in UTC (a time without an offset, or one
    that UTC cannot hold, is refused)."""

    def _serialize(self, value: dt.datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return value.isoformat() if value is not None else None

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.datetime:
        try:
            moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
            if moment is not None and moment.tzinfo is not None:
                return moment.astimezone(dt.UTC)
        except (ValueError, OverflowError):
            pass
        raise ma.ValidationError(NOT_A_CURSOR)
