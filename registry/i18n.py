"""The pages' languages (Flask-Babel): the six UN languages, chosen per request, and what templates need to
speak them (``<html lang dir>``, a language switcher, dates and numbers written the language's way).

A page's language comes from ``?lang=`` (remembered in a cookie), else the cookie, else the browser's
``Accept-Language`` (the best match among the six), else English. The API, the exports and the health check
always answer in English: they are for programs. Labels are lazy strings, translated when a page shows them;
data (names, addresses) is shown as written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_skeleton
from flask import Flask, Response, has_request_context, request
from flask_babel import Babel, format_decimal, get_locale

TRANSLATIONS = "translations"  # registry/translations/<lang>/LC_MESSAGES/messages.mo
DEFAULT = "en"
LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ru", "zh", "ar")
RIGHT_TO_LEFT = frozenset({"ar"})
# Each language by its own name: a reader finds theirs whatever the page's language.
NAMES = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ru": "Русский",
    "zh": "中文",
    "ar": "العربية",
}
PARAMETER = "lang"
COOKIE = "registry_lang"
REMEMBERED_FOR = dt.timedelta(days=365)


def init_i18n(app: Flask) -> None:
    """Babel for the app, with the language of each request, its cookie and the templates' helpers."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", TRANSLATIONS)
    Babel(app, locale_selector=page_language)
    # A {% trans %} block's white space is collapsed, as `pybabel extract` (babel.cfg) reads it.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(
        page_language=page_language,
        page_direction=page_direction,
        language_links=language_links,
    )
    app.jinja_env.filters.update(number=format_number, date=format_day, datetime=format_moment)
    app.after_request(remember_language)


def known(value: str | None) -> str | None:
    """The language ``value`` names (``fr``, ``FR``, ``fr-CA``: ``fr``); None when none of the six."""
    if not value:
        return None
    primary = value.strip().lower().replace("_", "-").partition("-")[0]
    return primary if primary in LANGUAGES else None


def _speaks_pages() -> bool:
    from registry.web.site import serves_pages  # the pages' module builds on the vocabulary, not the reverse

    return has_request_context() and serves_pages()


def page_language() -> str:
    """The language of this request's page (English outside a page: the API, the command line)."""
    if not _speaks_pages():
        return DEFAULT
    chosen = known(request.args.get(PARAMETER)) or known(request.cookies.get(COOKIE))
    return chosen or request.accept_languages.best_match(LANGUAGES) or DEFAULT


def current_language() -> str:
    """The language Babel speaks now (the request's, or English without one)."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT


def page_direction() -> str:
    """``rtl`` for a language written right to left (Arabic), else ``ltr``."""
    return "rtl" if current_language() in RIGHT_TO_LEFT else "ltr"


def remember_language(response: Response) -> Response:
    """Keep a page's ``?lang=`` in a cookie (so the next page speaks it too); pages vary by language."""
    if not _speaks_pages():
        return response
    response.vary.update(("Accept-Language", "Cookie"))
    chosen = known(request.args.get(PARAMETER))
    if chosen and chosen != request.cookies.get(COOKIE):
        response.set_cookie(
            COOKIE,
            chosen,
            max_age=int(REMEMBERED_FOR.total_seconds()),
            samesite="Lax",
            httponly=True,
            secure=request.is_secure,
        )
    return response


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switcher: this page (and its query) in another language."""

    code: str
    name: str
    url: str
    current: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.code in RIGHT_TO_LEFT else "ltr"


def language_links() -> list[LanguageLink]:
    """This page in each of the six languages: its path and query, with ``lang`` set."""
    here = current_language()
    query = [(k, v) for k, v in request.args.items(multi=True) if k != PARAMETER]
    path = request.script_root + request.path
    return [
        LanguageLink(code, NAMES[code], f"{path}?{urlencode([*query, (PARAMETER, code)])}", code == here)
        for code in LANGUAGES
    ]


def format_number(value: Any) -> str:
    """A whole or decimal number written the page's language's way (``12,345``, ``12 345``)."""
    return str(format_decimal(value))


def format_day(value: dt.date | None) -> str:
    """A day written the page's language's way (``Nov 27, 2026``, ``27 nov. 2026``, ``2026年11月27日``)."""
    return str(format_skeleton("yMMMd", value, locale=get_locale())) if value is not None else ""


def format_moment(value: dt.datetime | None) -> str:
    """A moment, in UTC (the pages say so), to the minute, written the page's language's way
    (``Nov 27, 2026, 02:00``, ``27 nov. 2026, 02:00``, ``2026年11月27日 02:00``)."""
    if value is None:
        return ""
    locale = get_locale()
    day = format_skeleton("yMMMd", value, tzinfo=dt.UTC, locale=locale)
    time = format_skeleton("Hm", value, tzinfo=dt.UTC, locale=locale)
    # CLDR joins a date and a time with the locale's own pattern ("{1}, {0}"), as babel's format_datetime.
    pattern = str(locale.datetime_formats["medium"]).replace("'", "")
    return pattern.replace("{0}", time).replace("{1}", day)
