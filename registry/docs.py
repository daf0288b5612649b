"""The interactive API documentation at /api/docs (Swagger UI, served from the package: no CDN needed)."""

from __future__ import annotations

from flask import Flask
from flask_swagger_ui import get_swaggerui_blueprint


def register_docs(app: Flask) -> None:
    blueprint = get_swaggerui_blueprint(
        "/api/docs", "/api/v1/openapi.json", config={"app_name": "BRS focal point registry"}
    )
    app.register_blueprint(blueprint)
