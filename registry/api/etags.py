"""ETags of the API's records, and the preconditions that use them: If-None-Match (304) on a read, If-Match
(428, 412) on a write."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Response, request

from registry.errors import PreconditionFailed, PreconditionRequired

IF_MATCH = [
    {
        "in": "header",
        "name": "If-Match",
        "required": True,
        "schema": {"type": "string"},
        "description": "The ETag you last read (428 without it, 412 when someone changed the record since)",
    }
]
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}, "description": "The version of this record"}}


def etag_of(kind: str, obj: Any) -> str:
    """A strong ETag: the resource, its id and its version (bumped by every change)."""
    return f'"{kind}-{obj.id}-v{obj.version}"'


def etag_of_body(kind: str, body: str) -> str:
    """A strong ETag for a resource without a version column: a digest of its representation."""
    return f'"{kind}-{hashlib.sha256(body.encode()).hexdigest()[:20]}"'


def with_etag(response: Response, tag: str) -> Response:
    response.headers["ETag"] = tag
    return response


def not_modified(tag: str) -> Response | None:
    """A 304 when the client's ``If-None-Match`` holds the current ETag."""
    if tag in _tags(request.headers.get("If-None-Match")) or request.headers.get("If-None-Match") == "*":
        response = Response(status=304)
        response.headers["ETag"] = tag
        return response
    return None


def require_if_match(tag: str) -> None:
    """A write needs the ETag the client last saw: 428 without it, 412 when it is stale."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired(
            "Send the ETag you last read in an If-Match header, so no edit is overwritten."
        )
    # If-Match compares strongly (RFC 9110, 13.1.1): a weak tag never matches.
    if header.strip() != "*" and tag not in (t.strip() for t in header.split(",")):
        raise PreconditionFailed("Someone changed this record since you read it; read it again and retry.")


def _tags(header: str | None) -> list[str]:
    return [t.strip().removeprefix("W/") for t in (header or "").split(",") if t.strip()]
