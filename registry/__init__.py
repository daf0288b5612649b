"""The shared national focal point registry of the Basel, Rotterdam and Stockholm conventions."""

from __future__ import annotations

from flask import Flask, request

from registry.config import Settings, load_settings
from registry.i18n import init_i18n
from registry.links import init_links
from registry.logs import init_logs
from registry.web import register_web

# Note: ``registry.db`` is the module; its ``db`` object is imported where used, so as not to shadow it here.


def create_app(settings: Settings | None = None) -> Flask:
    """The WSGI application: the API under /api/v1, its docs at /api/docs, and the web pages."""
    settings = settings or load_settings()
    app = Flask(__name__, instance_path=str(settings.instance_path))
    app.config.update(SECRET_KEY=settings.secret_key, REGISTRY_SETTINGS=settings)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # answers keep their schemas' field order
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    init_logs()
    init_links(app, settings)
    init_i18n(app)
    init_db(app, settings)
    register_api(app)
    register_web(app)
    register_health(app)
    return app


def init_db(app: Flask, settings: Settings) -> None:
    from registry.db import db, declare_writer
    from registry.readcache.listen import mark_changes_in

    db.init(settings.database_url)
    mark_changes_in(settings.instance_path)
    app.teardown_appcontext(db.remove)

    @app.before_request
    def _writer() -> None:
        declare_writer(request.method not in ("GET", "HEAD", "OPTIONS"))


def register_api(app: Flask) -> None:
    from registry.api.openapi import api, init_api
    from registry.audit.api import blp as changes
    from registry.auth.api import blp as users
    from registry.contacts.api import blp as contacts
    from registry.coverage.api import blp as coverage
    from registry.designations.api import blp as designations
    from registry.discrepancies.api import blp as discrepancies
    from registry.docs import register_docs
    from registry.errors import register_error_handlers
    from registry.parties.api import blp as parties
    from registry.syncruns.api import blp as sync_runs

    init_api(app)
    for blueprint in (parties, contacts, designations, changes, sync_runs, discrepancies, coverage, users):
        api.register_blueprint(blueprint)
    register_error_handlers(app)
    register_docs(app)
    register_extensions(app)


def register_extensions(app: Flask) -> None:
    """Pages of packages built on the registry (the sync's exports), plugged in by entry point."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="registry.blueprints"):
        app.register_blueprint(entry.load())


def register_health(app: Flask) -> None:
    from sqlalchemy import text

    from registry.db import db

    @app.get("/health")
    def health() -> dict[str, str]:
        db.session().execute(text("SELECT 1"))
        return {"status": "ok", "database": db.engine.dialect.name if db.engine else "none"}
