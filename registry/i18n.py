"""The pages' languages (Flask-Babel): labels are lazy strings, translated when a page shows them."""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel

TRANSLATIONS = "translations"  # registry/translations/<lang>/LC_MESSAGES/messages.mo


def init_i18n(app: Flask) -> None:
    """Babel for the app: English (the language the labels are written in) until catalogs are added."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", TRANSLATIONS)
    Babel(app)
