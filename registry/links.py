"""The hosts the server answers to, and the absolute links it writes.

A link that names this server (a list's ``next``, a ``Location``) is built from ``REGISTRY_BASE_URL`` when
it is set, else from the request's ``Host``, which must be one of ``REGISTRY_TRUSTED_HOSTS``: a request naming
any other host is refused (400) before anything else reads it, so that no answer ever carries an address a
client made up (``Host: evil.example``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request, url_for
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix

from registry.config import Settings


def request_host_name() -> str:
    """The host the request names (its ``Host`` header, lower case, without the port)."""
    host = (request.headers.get("Host") or "").strip().lower()
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.partition(":")[0]


def check_host() -> None:
    """Refuse (400) a request whose ``Host`` is not one the registry answers to."""
    settings: Settings = current_app.config["REGISTRY_SETTINGS"]
    if request_host_name() not in settings.trusted_hosts:
        raise BadRequest("This server does not answer to that host name (see REGISTRY_TRUSTED_HOSTS).")


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of ``endpoint``: under ``REGISTRY_BASE_URL``, else under the request's (trusted)
    host. ``values`` are the caller's own, never a request's query passed on whole."""
    settings: Settings = current_app.config["REGISTRY_SETTINGS"]
    if settings.base_url is None:
        return url_for(endpoint, _external=True, **values)
    path = url_for(endpoint, **values).removeprefix(request.script_root)
    return settings.base_url + path


def init_links(app: Flask, settings: Settings) -> None:
    """Check every request's host first; behind ``REGISTRY_PROXIES`` reverse proxies, read the client's
    address and scheme from their ``X-Forwarded-For`` and ``X-Forwarded-Proto`` (never the host)."""
    if settings.proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.proxies, x_proto=settings.proxies, x_host=0, x_port=0
        )
    app.before_request_funcs.setdefault(None, []).insert(0, check_host)
