"""What every page shares: the session cookie, CSRF protection, security headers, error pages, assets and
the template helpers."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask, Request, Response, g, render_template, request, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import default_exceptions

from registry.contacts.fields import Group
from registry.conventions import (
    CONVENTIONS,
    PARTY_STATUSES,
    PartyStatus,
    convention_label,
    role_label,
    scope_label,
)
from registry.web.values import author, display_value, field_label, field_value, phone, source_place, web_link

STATIC = Path(__file__).resolve().parent / "static"
SESSIONLESS = ("/api/", "/exports/", "/health")
# No inline script or style anywhere: every page works with this policy (the API docs under /api are left
# alone; Swagger UI needs inline scripts).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
csrf = CSRFProtect()


class PageSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie session, whose cookie is ``Secure`` whenever the request came over https; none
    at all for the API, the exports and the health check, which never read one (the cookie's signature is
    not checked on every API read for nothing)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(SESSIONLESS):
            return self.make_null_session(app)
        if self.get_cookie_name(app) not in request.cookies:
            return self.session_class()  # a visitor with no session: nothing to verify (saving signs anew)
        return super().open_session(app, request)


sessions = PageSessions()


def serves_pages() -> bool:
    """True for a request of the web pages (or of no known page), False for the API and the exports."""
    if request.blueprint is not None:
        return request.blueprint == "web"
    return not request.path.startswith(("/api", "/exports", "/health"))


def security_headers(response: Response) -> Response:
    """Headers of every HTML page (not the API, whose interactive docs need inline scripts)."""
    if response.mimetype == "text/html" and not request.path.startswith("/api"):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if g.get("actor") is not None:
            response.headers["Cache-Control"] = "no-store"
    elif request.blueprint == "web" and request.endpoint == "web.static" and request.args.get("v"):
        # Assets are linked with their content's digest (?v=...): a new version is a new URL.
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


ERROR_TEXT = {
    400: _l(
        "The page could not accept this. If you were sending a form, go back, reload it and send it again."
    ),
    403: _l(
        "Your account may not see or change this. Party officials work on their own party's contacts; "
        "secretariat staff on their convention's."
    ),
    404: _l("There is nothing at this address. It may have moved, or the link may be mistyped."),
    405: _l("This page cannot be used this way. Go back and follow a link or send the form again."),
    413: _l("What was sent is too large for the registry to accept."),
    422: _l("Some of the values given are not valid:"),
    429: _l("Too many requests came from here in a short time. Please wait a moment and try again."),
    500: _l("Something went wrong on our side; it has been logged. Please try again later."),
}
# An error page's heading, by status (the API's problem titles stay English: they are for programs).
ERROR_TITLES = {
    400: _l("Bad request"),
    401: _l("Sign in first"),
    403: _l("Forbidden"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    412: _l("Precondition failed"),
    413: _l("Too large"),
    415: _l("Unsupported media type"),
    422: _l("Invalid input"),
    428: _l("Precondition required"),
    429: _l("Too many requests"),
    500: _l("Internal server error"),
}


def error_page(status: int, title: str, detail: str, errors: dict[str, Any] | None) -> Response | None:
    """An error of the web pages as an HTML page (None for a request of the API, which answers JSON)."""
    if not serves_pages():
        return None
    explanation = ERROR_TEXT.get(status)
    if status == 403 or status >= 500:
        detail = ""  # the services word these for API tokens; the page explains in its own words
    heading = ERROR_TITLES.get(status, title)
    if errors or _is_generic(status, detail, title):
        detail = ""  # werkzeug's English description, or a summary of the fields listed below it
    body = render_template(
        "error.html", status=status, title=heading, detail=detail, explanation=explanation, errors=errors
    )
    return Response(body, status=status, mimetype="text/html")


def _is_generic(status: int, detail: str, title: str) -> bool:
    """Whether ``detail`` says no more than the status (werkzeug's own description of it, or its title)."""
    known = default_exceptions.get(status)
    return detail in (title, getattr(known, "description", None))


@cache
def _digest(filename: str) -> str:
    return hashlib.sha256((STATIC / filename).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """The URL of a static file, with its content's digest so that browsers may keep it for a year."""
    return url_for("web.static", filename=filename, v=_digest(filename))


def role_name(convention: str, role: str) -> str:
    """A role's name under its convention, as a person reads it."""
    return role_label(role)


def role_in(convention: str, role: str) -> str:
    """A role with its convention (``Basel Focal Point``), in the order the page's language puts them."""
    # Translators: a role under a convention ("Basel Focal Point"); reorder as the language needs.
    return str(
        gettext("%(convention)s %(role)s", convention=convention_label(convention), role=role_label(role))
    )


def status_name(status: str) -> str:
    """A party's status under a convention ("party", "not a party"), as a person reads it."""
    return str(PartyStatus(status).label) if status in PARTY_STATUSES else status


def init_templates(app: Flask) -> None:
    app.jinja_env.globals.update(
        asset_url=asset_url,
        role_name=role_name,
        role_title=role_label,
        role_in=role_in,
        status_name=status_name,
        scope_name=scope_label,
        convention_name=convention_label,
        contact_groups=tuple(Group),
        conventions=CONVENTIONS,
    )
    app.jinja_env.filters.update(
        value=display_value,
        field_value=field_value,
        label=field_label,
        author=author,
        link=web_link,
        phone=phone,
        place=source_place,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
