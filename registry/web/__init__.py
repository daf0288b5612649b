"""The pages people use: browse and search (no sign-in), sign in, edit contacts and designations, read sync
reports and a contact's history.

Server-rendered HTML that works without JavaScript. The views are thin: they read the form, call the same
services and authorization checks as the API, commit, and redirect.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask

bp = Blueprint(
    "web", __name__, template_folder="templates", static_folder="static", static_url_path="/assets"
)


def register_web(app: Flask) -> None:
    """Add the pages, their sessions, CSRF protection, security headers and HTML error pages to ``app``."""
    from registry.auth.throttle import PasswordResetRequest, SignInThrottle
    from registry.errors import register_error_page
    from registry.web import (  # noqa: F401 (routes)
        account,
        auth,
        browse,
        changes,
        coverage,
        designate,
        discrepancies,
        edit,
        history,
        reports,
        resets,
        tokens,
        users,
        welcome,
    )
    from registry.web.site import csrf, error_page, init_templates, security_headers, sessions

    settings = app.config["REGISTRY_SETTINGS"]
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # The cookie's own expiry; the database ends a session sooner (registry.auth.sessions).
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings.session_lifetime_hours),
        # Only the pages' forms are checked (in registry.web.auth); the API authenticates with bearer tokens.
        WTF_CSRF_CHECK_DEFAULT=False,
        # A form stays valid as long as the session: an official may take a while to fill one in.
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.extensions["sign_in_throttle"] = SignInThrottle.from_settings(
        settings.secret_key,
        settings.sign_in_limit,
        settings.sign_in_client_limit,
        settings.sign_in_address_limit,
    )
    app.extensions["reset_throttle"] = SignInThrottle.from_settings(
        settings.secret_key,
        settings.reset_limit,
        settings.reset_client_limit,
        settings.reset_address_limit,
        model=PasswordResetRequest,
    )
    app.session_interface = sessions
    csrf.init_app(app)
    app.register_blueprint(bp)
    app.after_request(security_headers)
    register_error_page(app, error_page)
    init_templates(app)
