"""Error types the services raise, and the one problem+json (RFC 9457) shape every error answers with."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, has_request_context, json, request
from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"
TYPE_BASE = "https://brs-registry.example/problems/"


class RegistryError(Exception):
    """A request the registry refuses; ``status`` and ``title`` become the problem's."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class InvalidInput(RegistryError):
    status = 422
    title = "Invalid input"

    def __init__(self, errors: dict[str, Any], detail: str | None = None) -> None:
        fields = ", ".join(sorted(errors))
        super().__init__(detail or f"Some fields are not valid: {fields}.", errors)


class NotFound(RegistryError):
    status = 404
    title = "Not found"


class Conflict(RegistryError):
    status = 409
    title = "Conflict"


class Forbidden(RegistryError):
    status = 403
    title = "Forbidden"


class Unauthorized(RegistryError):
    status = 401
    title = "Unauthorized"


class PreconditionFailed(RegistryError):
    status = 412
    title = "Precondition failed"


class PreconditionRequired(RegistryError):
    status = 428
    title = "Precondition required"


# What each database constraint means, in words a party official understands (constraint names come from
# the naming convention in registry.db).
CONSTRAINT_MESSAGES: dict[str, tuple[str, LazyString]] = {
    "uq_designations_single_holder": (
        "role",
        _l("This party already has a current holder of this role; end that designation first."),
    ),
    "uq_designations_contact_role": (
        "contact_id",
        _l("This contact already holds this role under this convention."),
    ),
    "uq_designations_source_key": ("source_key", _l("Another current designation has this list id.")),
    "ck_designations_scope_of_role": (
        "scope",
        _l("A DNA needs a scope of P, C or CP; FP, OCP and NFP take none."),
    ),
    "ck_designations_role_of_convention": ("role", _l("This role does not exist under this convention.")),
    "ck_designations_transit_only_ca": (
        "is_transit",
        _l("Only a Basel competent authority can be for transit."),
    ),
    "ck_designations_ends_after_start": ("ends_on", _l("A designation cannot end before it starts.")),
    "fk_designations_contact_id_party_code_contacts": (
        "contact_id",
        _l("The contact does not exist or belongs to another party."),
    ),
    "uq_api_tokens_token_hash": ("token", _l("This token exists already.")),
    # Two links for one person at the same moment (two resends racing): one wins, the other is told.
    "uq_account_links_live": (
        "email",
        _l("Another link was sent to this person at the same moment; reload."),
    ),
}


def integrity_problem(exc: IntegrityError) -> RegistryError:
    """The 409 (or 422) a violated constraint stands for, naming the field when the constraint is known."""
    text = str(exc.orig)
    for name, (field, said) in CONSTRAINT_MESSAGES.items():
        if name in text or _sqlite_matches(name, text):
            message = str(said)  # in the page's language (the API's is English)
            cls = Conflict if name.startswith("uq_") else InvalidInput
            if cls is InvalidInput:
                return InvalidInput({field: [message]}, message)
            return Conflict(message, {field: [message]})
    log.warning("unmapped integrity error: %s", text)
    return Conflict(gettext("The change conflicts with the registry's current data."))


def _sqlite_matches(name: str, text: str) -> bool:
    # SQLite names the columns of a unique index ("UNIQUE constraint failed: designations.party_code, ...")
    # rather than the index, and only names check constraints.
    sqlite_unique = {
        "uq_designations_single_holder": ("party_code", "convention", "role"),
        "uq_designations_contact_role": ("contact_id", "convention", "role"),
        "uq_designations_source_key": ("convention", "source_key"),
    }
    columns = sqlite_unique.get(name)
    return columns is not None and ", ".join(f"designations.{c}" for c in columns) in text


# Renders an error as a page for a request of the web pages, or returns None to answer with problem+json.
ErrorPage = Callable[[int, str, str, dict[str, Any] | None], Response | None]


def register_error_page(app: Flask, render: ErrorPage) -> None:
    """Let the web pages answer their own requests' errors as HTML (registry.web registers its renderer)."""
    app.extensions["registry.error_page"] = render


def problem(status: int, title: str, detail: str, errors: dict[str, Any] | None = None) -> Response:
    """A problem+json response (or, for a request of the web pages, the error page they render)."""
    render: ErrorPage | None = (
        current_app.extensions.get("registry.error_page") if has_request_context() else None
    )
    page = render(status, title, detail, errors) if render else None
    if page is not None:
        return page
    body: dict[str, Any] = {
        "type": TYPE_BASE + title.lower().replace(" ", "-"),
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    if request:
        body["instance"] = request.path
    return Response(json.dumps(body), status=status, mimetype=PROBLEM)


def register_error_handlers(app: Flask) -> None:
    """Every error, from the services, the database, werkzeug or a bug, answers problem+json."""

    @app.errorhandler(RegistryError)
    def _registry_error(exc: RegistryError) -> Response:
        response = problem(exc.status, exc.title, exc.detail, exc.errors)
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="registry"'
        return response

    @app.errorhandler(IntegrityError)
    def _integrity(exc: IntegrityError) -> Response:
        return _registry_error(integrity_problem(exc))

    @app.errorhandler(StaleDataError)
    def _stale(_: StaleDataError) -> Response:
        return problem(412, "Precondition failed", "Someone else changed this record meanwhile; reload it.")

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        return http_problem(exc)

    @app.errorhandler(Exception)
    def _bug(exc: Exception) -> Response:
        log.exception("unhandled error")
        return problem(500, "Internal server error", "Something went wrong on our side; it has been logged.")


# One title per status, whichever layer (a service, webargs, werkzeug's routing) refuses the request, so that
# a problem's ``type`` names the same kind of problem everywhere.
TITLES: dict[int, str] = {
    cls.status: cls.title
    for cls in (
        RegistryError,
        InvalidInput,
        NotFound,
        Conflict,
        Forbidden,
        Unauthorized,
        PreconditionFailed,
        PreconditionRequired,
    )
}


def http_problem(exc: HTTPException) -> Response:
    """A werkzeug or flask-smorest HTTP error as problem+json, keeping its headers (``Allow`` on 405)."""
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    errors = _flatten_errors(data.get("messages")) if isinstance(data, dict) else None
    title = TITLES.get(status) or exc.name[:1] + exc.name[1:].lower()
    detail = exc.description or title
    if errors:
        detail = "Some fields are not valid: " + ", ".join(sorted(errors)) + "."
    response = problem(status, title, detail, errors)
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    for name, value in (data.get("headers") or {}).items() if isinstance(data, dict) else ():
        response.headers[name] = value
    return response


def _flatten_errors(messages: Any) -> dict[str, Any] | None:
    """webargs nests errors by location (``{"json": {"emails": [...]}}``); the API names only the fields."""
    if not isinstance(messages, dict):
        return None
    flat: dict[str, Any] = {}
    for location, fields in messages.items():
        if isinstance(fields, dict):
            flat.update(fields)
        else:
            flat[location] = fields
    return flat or None
