"""The OpenAPI 3 document at /api/v1/openapi.json: valid, complete, and honest about errors and auth."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from registry.errors import PROBLEM

WRITES = {
    ("/api/v1/contacts", "post"),
    ("/api/v1/contacts/{contact_id}", "patch"),
    ("/api/v1/designations", "post"),
    ("/api/v1/designations/{designation_id}", "patch"),
    ("/api/v1/designations/{designation_id}", "delete"),
}
READS = {
    ("/api/v1/parties", "get"),
    ("/api/v1/parties/{code}", "get"),
    ("/api/v1/parties/{code}/designations", "get"),
    ("/api/v1/contacts", "get"),
    ("/api/v1/contacts/{contact_id}", "get"),
    ("/api/v1/designations", "get"),
    ("/api/v1/designations/{designation_id}", "get"),
    ("/api/v1/coverage", "get"),
}
# Reads of the history are not published data: they need a token too.
TOKEN_READS = {
    ("/api/v1/contacts/{contact_id}/history", "get"),
    ("/api/v1/designations/{designation_id}/history", "get"),
    ("/api/v1/sync/runs", "get"),
    ("/api/v1/sync/runs/{run_id}", "get"),
    ("/api/v1/discrepancies", "get"),
    ("/api/v1/discrepancies/{discrepancy_id}", "get"),
    ("/api/v1/users", "get"),
    ("/api/v1/users/{user_id}", "get"),
    ("/api/v1/account-events", "get"),
}
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.get_json()
    return body


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (path, method): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


def _response(document: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in response:
        found: dict[str, Any] = document["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
        return found
    return response


def _parameters(document: dict[str, Any], path: str, method: str) -> dict[str, dict[str, Any]]:
    item = document["paths"][path]
    return {p["name"]: p for p in [*item.get("parameters", []), *item[method].get("parameters", [])]}


def test_openapi_document_is_valid_openapi_3(document: dict[str, Any]) -> None:
    validate(document)
    assert document["openapi"].startswith("3.")


def test_openapi_lists_every_operation(document: dict[str, Any]) -> None:
    assert set(_operations(document)) >= READS | WRITES


def test_openapi_covers_every_api_route_of_the_app(app: Flask, document: dict[str, Any]) -> None:
    documented = set(_operations(document))
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule == "/api/v1/openapi.json":
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented


def test_openapi_gives_each_operation_a_summary(document: dict[str, Any]) -> None:
    assert all(op["summary"] for op in _operations(document).values())


def test_openapi_gives_each_registry_operation_an_id(document: dict[str, Any]) -> None:
    operations = _operations(document)
    assert len({operations[op]["operationId"] for op in READS | WRITES}) == len(READS | WRITES)


def test_openapi_every_write_and_no_published_read_needs_a_token(document: dict[str, Any]) -> None:
    for (path, method), operation in _operations(document).items():
        needs = method != "get" or (path, method) in TOKEN_READS
        assert operation.get("security") == ([{"bearerAuth": []}] if needs else None)


def test_openapi_declares_the_bearer_scheme(document: dict[str, Any]) -> None:
    assert document["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}


@pytest.mark.parametrize(("path", "method"), sorted(WRITES))
def test_openapi_writes_need_the_bearer_token(document: dict[str, Any], path: str, method: str) -> None:
    operation = document["paths"][path][method]
    assert operation["security"] == [{"bearerAuth": []}]
    assert {"401", "403"} <= set(operation["responses"])
    unauthorized = _response(document, operation["responses"]["401"])
    assert "WWW-Authenticate" in unauthorized["headers"]


@pytest.mark.parametrize(("path", "method"), sorted(READS))
def test_openapi_reads_need_no_token(document: dict[str, Any], path: str, method: str) -> None:
    assert "security" not in document["paths"][path][method]
    assert "security" not in document


def test_openapi_documents_errors_as_problem_json(document: dict[str, Any]) -> None:
    for operation in _operations(document).values():
        _assert_problem_responses(document, operation["responses"])


def _assert_problem_responses(document: dict[str, Any], responses: dict[str, Any]) -> None:
    errors = {status: r for status, r in responses.items() if status == "default" or int(status) >= 400}
    assert "default" in errors
    for response in errors.values():
        content = _response(document, response)["content"]
        assert list(content) == [PROBLEM]
        assert content[PROBLEM]["schema"] == {"$ref": "#/components/schemas/Problem"}


def test_openapi_problem_schema_has_the_rfc_9457_members(document: dict[str, Any]) -> None:
    properties = document["components"]["schemas"]["Problem"]["properties"]
    assert {"type", "title", "status", "detail", "errors"} <= set(properties)


@pytest.mark.parametrize(("path", "method"), sorted(op for op in WRITES if op[1] != "delete"))
def test_openapi_json_bodies_document_400_415_and_422(
    document: dict[str, Any], path: str, method: str
) -> None:
    operation = document["paths"][path][method]
    assert list(operation["requestBody"]["content"]) == ["application/json"]
    assert {"400", "415", "422"} <= set(operation["responses"])


@pytest.mark.parametrize(("path", "method"), sorted(op for op in WRITES if "{" in op[0]))
def test_openapi_conditional_writes_document_if_match(
    document: dict[str, Any], path: str, method: str
) -> None:
    assert _parameters(document, path, method)["If-Match"]["required"] is True
    assert {"404", "412", "428"} <= set(document["paths"][path][method]["responses"])


def test_openapi_resolution_documents_an_optional_if_match_and_409(document: dict[str, Any]) -> None:
    path = "/api/v1/discrepancies/{discrepancy_id}/resolution"
    assert _parameters(document, path, "post")["If-Match"]["required"] is False
    assert {"401", "403", "404", "409", "412", "422"} <= set(document["paths"][path]["post"]["responses"])


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/parties/{code}",
        "/api/v1/contacts/{contact_id}",
        "/api/v1/designations/{designation_id}",
        "/api/v1/discrepancies/{discrepancy_id}",
    ],
)
def test_openapi_single_resources_document_etag_and_304(document: dict[str, Any], path: str) -> None:
    responses = document["paths"][path]["get"]["responses"]
    assert "ETag" in responses["200"]["headers"]
    assert "304" in responses
    assert "404" in responses


@pytest.mark.parametrize(
    ("path", "filters"),
    [
        ("/api/v1/parties", {"q", "convention"}),
        ("/api/v1/contacts", {"party", "q"}),
        ("/api/v1/designations", {"party", "convention", "role", "scope", "q", "as_of"}),
        ("/api/v1/discrepancies", {"party", "convention", "kind", "status"}),
    ],
)
def test_openapi_lists_document_filters_and_paging(
    document: dict[str, Any], path: str, filters: set[str]
) -> None:
    parameters = _parameters(document, path, "get")
    assert set(parameters) == filters | {"limit", "cursor"}
    assert parameters["limit"]["schema"]["maximum"] == 500
    page = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    name = page["$ref"].rsplit("/", 1)[-1]
    assert set(document["components"]["schemas"][name]["properties"]) == {"items", "total", "next"}


def test_openapi_party_designations_take_no_paging_parameters(document: dict[str, Any]) -> None:
    # The filters of its items (issue 16: "every list takes the filters its items have"), but no paging.
    parameters = set(_parameters(document, "/api/v1/parties/{code}/designations", "get"))
    assert parameters == {"code", "as_of", "convention", "role", "scope", "q"}
    assert "PaginationMetadata" not in document["components"]["schemas"]


def test_openapi_describes_contact_and_designation_fields(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    contact = {"id", "party", "title", "given_name", "family_name", "position", "department", "organization"}
    contact |= {"address", "emails", "phones", "faxes", "website", "updated_at", "designations"}
    designation = {"id", "convention", "role", "party", "scope", "is_transit", "contact_id", "contact"}
    designation |= {"starts_on", "ends_on", "updated_at"}
    assert contact <= set(schemas["Contact"]["properties"])
    assert designation <= set(schemas["Designation"]["properties"])
    assert schemas["ContactCreate"]["required"] == ["party"]


ACCOUNT_WRITES = {
    ("/api/v1/users", "post"),
    ("/api/v1/users/{user_id}", "delete"),
    ("/api/v1/users/{user_id}/invitation", "post"),
}


@pytest.mark.parametrize(("path", "method"), sorted(ACCOUNT_WRITES))
def test_openapi_account_writes_need_the_bearer_token(
    document: dict[str, Any], path: str, method: str
) -> None:
    operation = document["paths"][path][method]
    assert operation["security"] == [{"bearerAuth": []}]
    assert {"401", "403"} <= set(operation["responses"])


def test_openapi_invitation_documents_its_body_and_answers(document: dict[str, Any]) -> None:
    operation = document["paths"]["/api/v1/users"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Invite"}
    assert {"201", "400", "415", "422"} <= set(operation["responses"])
    invited = document["components"]["schemas"]["InvitedUser"]["properties"]
    assert {"id", "email", "role", "party", "convention", "status", "last_sign_in_at", "invitation"} <= set(
        invited
    )
