"""The flask-smorest Api: the OpenAPI document's settings, and every error response documented (and answered)
as problem+json."""

from __future__ import annotations

import http
from typing import Any

import marshmallow as ma
from flask import Flask, Response
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from registry.api.paths import PARTY_PATTERN, PartyCodeConverter, TextConverter
from registry.errors import PROBLEM, http_problem

# The security requirement of an operation that needs a token.
BEARER: dict[str, list[str]] = {"bearerAuth": []}


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
