"""The Blueprint every feature's API uses: the registry's request body parser, and the problem responses and
token of each operation documented."""

from __future__ import annotations

import http
from collections.abc import Callable
from functools import wraps
from typing import Any

import flask_smorest
from flask import Request
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from registry.api.bearer import token_actor_of_request
from registry.api.etags import ETAG_HEADER
from registry.api.openapi import BEARER


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

    def etag_read(self, schema: Any, *statuses: int) -> Callable[..., Any]:
        """A read answered with ``schema`` and an ETag, or a 304 when If-None-Match holds it; documents these
        answers (plus the problems ``statuses``)."""

        def decorator(func: Any) -> Any:
            func = self.problems(*statuses)(func)
            func = self.alt_response(304, description="Not modified (If-None-Match)")(func)
            return self.response(200, schema, headers=ETAG_HEADER)(func)

        return decorator

    def writes(self, *statuses: int) -> Callable[..., Any]:
        """A write: checks the bearer token before anything else is read (401 comes before 422), and
        documents the scheme and the 401 and 403 answers (plus ``statuses``)."""

        def decorator(func: Any) -> Any:
            @wraps(func)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                token_actor_of_request()
                return func(*args, **kwargs)

            documented = self.doc(security=[BEARER])(wrapper)
            return self.problems(401, 403, *statuses)(documented)

        return decorator
