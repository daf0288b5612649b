"""What every API view shares: the flask-smorest Api and Blueprint, problem+json, the acting token, ETags,
input text, identifiers and pagination."""

from __future__ import annotations

import base64
import binascii
import hashlib
import http
import json
import unicodedata
from collections.abc import Callable
from functools import wraps
from typing import Any

import flask_smorest
import marshmallow as ma
from flask import Flask, Request, Response, g, request
from flask_smorest import Api
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import BadRequest, HTTPException, UnsupportedMediaType
from werkzeug.routing import BaseConverter, Map, UnicodeConverter

from registry.audit.actor import Actor
from registry.auth.services import authenticate
from registry.db import count, db
from registry.errors import (
    PROBLEM,
    InvalidInput,
    PreconditionFailed,
    PreconditionRequired,
    http_problem,
)
from registry.links import external_url
from registry.text import text_problem

MAX_LIMIT = 500
# Row ids are PostgreSQL ``integer``s; a larger number names no row (and would overflow a query parameter).
MAX_ID = 2**31 - 1
ID_PATH = f"int(min=1, max={MAX_ID})"
PARTY_PATTERN = "[A-Za-z]{3}"


class TextConverter(UnicodeConverter):
    """The default path converter, but a segment with a control character names nothing (404): such text is
    no identifier, and PostgreSQL cannot even compare a NUL."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f]")


class PartyCodeConverter(BaseConverter):
    """A party code in a path (``<party:code>``): three letters, any case; anything else is no such URL."""

    regex = PARTY_PATTERN


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


RESPONSE_HEADERS: dict[int, dict[str, Any]] = {
    401: {
        "WWW-Authenticate": {
            "schema": {"type": "string"},
            "description": "The scheme to authenticate with: Bearer",
        }
    },
    405: {"Allow": {"schema": {"type": "string"}, "description": "The methods the URL answers"}},
}


class RegistryApi(Api):
    """flask-smorest's Api, answering problem+json and documenting every error response as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Response:
        return http_problem(error)

    def _register_responses(self) -> None:
        # flask-smorest documents its error responses as application/json; ours are application/problem+json.
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["content"] = {PROBLEM: {"schema": ProblemSchema}}
            if status in RESPONSE_HEADERS:
                response["headers"] = RESPONSE_HEADERS[status]
            self.spec.components.response(status.name, response, lazy=True)
        self.spec.components.response(
            self.DEFAULT_ERROR_RESPONSE_NAME,
            {"description": "An error (problem details)", "content": {PROBLEM: {"schema": ProblemSchema}}},
            lazy=True,
        )

    def _init_spec(self, *args: Any, **kwargs: Any) -> None:
        super()._init_spec(*args, **kwargs)
        self._register_converter(
            PartyCodeConverter, lambda _: {"type": "string", "pattern": f"^{PARTY_PATTERN}$"}
        )

    def _register_pagination_header(self) -> None:
        # The registry pages with items/total/next links, not flask-smorest's X-Pagination page numbers: the
        # document should not describe a paging scheme no operation uses.
        pass


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
                "description": "Contacts designated by parties under the Basel, Rotterdam and Stockholm "
                "conventions. Reading needs no token; writing needs `Authorization: Bearer TOKEN`. "
                "Errors are application/problem+json (RFC 9457)."
            },
            "servers": [{"url": "/"}],
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
        },
    )
    app.url_map.converters.update(default=TextConverter, string=TextConverter, party=PartyCodeConverter)
    api.init_app(app)


def current_actor() -> Actor:
    """The token of this request (Unauthorized without a valid one)."""
    # Its own key in ``g``: the web pages keep the signed-in user's actor under another one.
    if "token_actor" not in g:
        g.token_actor = authenticate(db.session(), request.headers.get("Authorization"))
    actor: Actor = g.token_actor
    return actor


def optional_actor() -> Actor | None:
    """The token of this request, or None for an anonymous reader (a token that is sent must be valid)."""
    if not request.headers.get("Authorization"):
        return None
    return current_actor()


def private_to_token(response: Response) -> Response:
    """Mark an answer that differs with the token (authors shown to some callers only) for caches."""
    response.vary.add("Authorization")
    return response


# --- Request bodies and the blueprint every feature uses ----------------------------------------------------


class RegistryParser(FlaskParser):
    """webargs' parser, but a body that is not JSON is a 415 and malformed JSON a 400 (never a silent ``{}``).

    An empty body stays "no data", so that required fields are named in a 422.
    """

    def _raw_load_json(self, req: Request) -> Any:
        body = req.get_data(cache=True)
        if not body:
            return core.missing
        if not is_json_request(req):
            raise UnsupportedMediaType(
                f"Send the body as application/json (this request says {req.mimetype or 'nothing'})."
            )
        try:
            return core.parse_json(body)
        except RecursionError:
            raise BadRequest("The request body is nested too deeply.") from None

    def _handle_invalid_json_error(self, error: Exception, req: Request, *args: Any, **kwargs: Any) -> Any:
        raise BadRequest(f"The request body is not valid JSON ({error}).")


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint, with the registry's parser and a way to document problem responses."""

    ARGUMENTS_PARSER = RegistryParser()

    def arguments(self, schema: Any, *, location: str = "json", **kwargs: Any) -> Callable[..., Any]:
        """As flask-smorest's; a JSON body also documents the 400 (malformed) and 415 (not JSON) answers."""
        decorator = super().arguments(schema, location=location, **kwargs)
        if location != "json":
            return decorator  # type: ignore[no-any-return]
        return lambda func: self.problems(400, 415)(decorator(func))

    def problems(self, *statuses: int) -> Callable[..., Any]:
        """Document these problem+json answers of an operation."""

        def decorator(func: Any) -> Any:
            for status in statuses:
                func = self.alt_response(status, response=http.HTTPStatus(status).name)(func)
            return func

        return decorator

    def writes(self, *statuses: int) -> Callable[..., Any]:
        """A write: checks the bearer token before anything else is read (401 comes before 422), and
        documents the scheme and the 401 and 403 answers (plus ``statuses``)."""

        def decorator(func: Any) -> Any:
            @wraps(func)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                current_actor()
                return func(*args, **kwargs)

            documented = self.doc(security=[BEARER])(wrapper)
            return self.problems(401, 403, *statuses)(documented)

        return decorator


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


# --- Input text ---------------------------------------------------------------------------------------------


class Text(ma.fields.String):
    """A string as people write it: NFC-normalized and trimmed; control characters and bidirectional
    overrides refused (:func:`registry.text.text_problem`, the rule every writer follows).

    Validators (``Length``...) see the normalized text, which is what is stored.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        problem = text_problem(text)
        if problem:
            raise ma.ValidationError(problem)
        return unicodedata.normalize("NFC", text).strip()


def record_id(**kwargs: Any) -> ma.fields.Integer:
    """An integer field naming a row (1 to 2**31 - 1)."""
    return ma.fields.Integer(strict=True, validate=ma.validate.Range(1, MAX_ID), **kwargs)


# --- ETags --------------------------------------------------------------------------------------------------


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


# --- Pagination ---------------------------------------------------------------------------------------------


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


def _after(cursor: str | None, kind: type) -> Any:
    """The key a list's cursor resumes after."""
    if not cursor:
        return None
    if kind is int:
        return decode_cursor(cursor, "after", lambda v: whole_number(v, MAX_ID))
    # The other keys are text (a party's code).
    return decode_cursor(cursor, "after", lambda v: isinstance(v, str) and len(v) <= 100 and "\x00" not in v)
