"""ETags of the API's records, and the preconditions that use them: If-None-Match (304) on a read, If-Match
(428, 412) on a write."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Response, request

from registry.api.bearer import private_to_token
from registry.errors import PreconditionFailed, PreconditionRequired


def if_match_parameter(description: str, *, required: bool = True) -> list[dict[str, Any]]:
    """The OpenAPI document of an operation's If-Match header."""
    return [
        {
            "in": "header",
            "name": "If-Match",
            "required": required,
            "schema": {"type": "string"},
            "description": description,
        }
    ]


IF_MATCH = if_match_parameter(
    "The ETag you last read (428 without it, 412 when someone changed the record since)"
)
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}, "description": "The version of this record"}}


def created_headers(description: str) -> dict[str, Any]:
    """The headers of a 201: the new record's ETag, and its address in ``Location`` (``description``)."""
    return {**ETAG_HEADER, "Location": {"schema": {"type": "string"}, "description": description}}


def etag_of(kind: str, obj: Any) -> str:
    """A strong ETag: the resource, its id and its version (bumped by every change)."""
    return f'"{kind}-{obj.id}-v{obj.version}"'


def etag_of_body(kind: str, body: str) -> str:
    """A strong ETag for a resource without a version column: a digest of its representation."""
    return f'"{kind}-{hashlib.sha256(body.encode()).hexdigest()[:20]}"'


def with_etag(response: Response, tag: str) -> Response:
    response.headers["ETag"] = tag
    return response


def record_response(body: Any, tag: str, status: int = 200, location: str | None = None) -> Response:
    """A record's JSON answer with its ETag, marked as differing with the token (it shows authors to some
    callers only); ``location`` is the address of a new record."""
    response = private_to_token(Response(json.dumps(body), status=status, mimetype="application/json"))
    if location:
        response.headers["Location"] = location
    return with_etag(response, tag)


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
