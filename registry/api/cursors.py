"""Opaque cursors: a position in a list, handed out in a ``next`` link and read back from it."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any

from registry.errors import InvalidInput


def encode_cursor(payload: dict[str, Any]) -> str:
    """An opaque cursor holding ``payload``."""
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, name: str, check: Callable[[Any], bool]) -> Any:
    """The ``name`` value of a cursor this API gave out, if ``check`` accepts it; InvalidInput (422) for
    anything else: not base64, not JSON, another shape, a value of another type or out of range."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        value = payload[name]
        valid = isinstance(payload, dict) and check(value)
    except (ValueError, KeyError, TypeError, IndexError, binascii.Error, RecursionError):
        valid = False
    if not valid:
        raise InvalidInput({"cursor": ["Not a cursor this API gave out; start again without it."]})
    return value


def whole_number(value: Any, high: int) -> bool:
    """Whether ``value`` is an integer from 0 to ``high`` (``true`` is no number here)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= high
