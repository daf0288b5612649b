"""What every API view shares: the flask-smorest Api, problem+json, the acting token, ETags and pagination."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

import marshmallow as ma
from flask import Flask, Response, g, request, url_for
from flask_smorest import Api
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session
from werkzeug.exceptions import HTTPException

from registry.audit.actor import Actor
from registry.auth.services import authenticate
from registry.db import count, db
from registry.errors import InvalidInput, PreconditionFailed, PreconditionRequired, http_problem

MAX_LIMIT = 500


class ProblemSchema(ma.Schema):
    """An error, as RFC 9457 problem details."""

    type = ma.fields.String(metadata={"description": "A URI naming the kind of problem"})
    title = ma.fields.String(metadata={"description": "A short summary of the kind of problem"})
    status = ma.fields.Integer(metadata={"description": "The HTTP status"})
    detail = ma.fields.String(metadata={"description": "What went wrong, for a person"})
    instance = ma.fields.String(metadata={"description": "The path of the request"})
    errors = ma.fields.Dict(
        keys=ma.fields.String(), metadata={"description": "For invalid input: each field and its messages"}
    )


class RegistryApi(Api):
    """flask-smorest's Api, answering problem+json and keeping headers such as ``Allow`` on a 405."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Response:
        return http_problem(error)


api = RegistryApi()

BEARER: dict[str, list[str]] = {"bearerAuth": []}


def init_api(app: Flask) -> None:
    app.config.update(
        API_TITLE="BRS national focal point registry",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="v1/openapi.json",
        API_SPEC_OPTIONS={
            "info": {
                "description": "Contacts designated by parties under the Basel, Rotterdam and Stockholm conventions. "
                "Reading needs no token; writing needs `Authorization: Bearer TOKEN`. Errors are "
                "application/problem+json (RFC 9457)."
            },
            "servers": [{"url": "/"}],
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
        },
    )
    api.init_app(app)


def current_actor() -> Actor:
    """The token of this request (Unauthorized without a valid one)."""
    if "actor" not in g:
        g.actor = authenticate(db.session(), request.headers.get("Authorization"))
    actor: Actor = g.actor
    return actor


# --- ETags ----------------------------------------------------------------------------------------------------


def etag_of(kind: str, obj: Any) -> str:
    """A strong ETag: the resource, its id and its version (bumped by every change)."""
    return f'"{kind}-{obj.id}-v{obj.version}"'


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
    if header.strip() != "*" and tag not in _tags(header):
        raise PreconditionFailed("Someone changed this record since you read it; read it again and retry.")


def _tags(header: str | None) -> list[str]:
    return [t.strip().removeprefix("W/") for t in (header or "").split(",") if t.strip()]


# --- Pagination -----------------------------------------------------------------------------------------------


class PageArgs(ma.Schema):
    limit = ma.fields.Integer(
        load_default=50, validate=ma.validate.Range(1, MAX_LIMIT), metadata={"description": "At most 500"}
    )
    cursor = ma.fields.String(load_default=None, metadata={"description": "The `next` link's cursor"})


def page_schema(item: type[ma.Schema] | ma.Schema, name: str) -> type[ma.Schema]:
    """The schema of a list: items, the total matching, and the link to the next page (or null)."""
    return ma.Schema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item)),
            "total": ma.fields.Integer(),
            "next": ma.fields.String(allow_none=True),
        },
        name=name,
    )


def paginate(
    session: Session, stmt: Select[Any], key: InstrumentedAttribute[Any], args: dict[str, Any]
) -> dict[str, Any]:
    """One page of ``stmt`` in ``key`` order (keyset: stable while rows are added) with total and next link."""
    total = count(session, stmt)
    after = _decode_cursor(args.get("cursor"))
    limit: int = args["limit"]
    page_stmt = stmt.order_by(key).limit(limit + 1)
    if after is not None:
        page_stmt = page_stmt.where(key > after)
    rows = list(session.scalars(page_stmt).unique())
    more = len(rows) > limit
    rows = rows[:limit]
    next_url = None
    if more and rows:
        last = getattr(rows[-1], key.key)
        query = {k: v for k, v in request.args.items() if k != "cursor"}
        next_url = url_for(
            request.endpoint or "",
            _external=True,
            **request.view_args or {},
            **query,
            cursor=_encode_cursor(last),
        )
    return {"items": rows, "total": total, "next": next_url}


def _encode_cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": value}).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str | None) -> Any:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()))["after"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise InvalidInput({"cursor": ["Not a cursor this API gave out; start again without it."]}) from None
