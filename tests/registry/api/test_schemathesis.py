"""Property-based tests of every operation against the OpenAPI document (schemathesis, in-process, WSGI).

Every generated request, valid or not, must get an answer the document describes: never a 5xx, only
documented status codes, content types and headers, bodies that match their schemas, and no invalid request
accepted. schemathesis' pytest plugin does not run under pytest 9, so each operation is driven here through
its hypothesis strategy, with a fixed seed (``derandomize``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from registry.designations.models import Designation
from tests.conftest import Tokens
from tests.factories import finding, make_contact, make_designation, make_discrepancies

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
OPERATIONS = [
    ("GET", "/api/v1/parties"),
    ("GET", "/api/v1/parties/{code}"),
    ("GET", "/api/v1/parties/{code}/designations"),
    ("GET", "/api/v1/contacts"),
    ("POST", "/api/v1/contacts"),
    ("GET", "/api/v1/contacts/{contact_id}"),
    ("PATCH", "/api/v1/contacts/{contact_id}"),
    ("GET", "/api/v1/designations"),
    ("POST", "/api/v1/designations"),
    ("GET", "/api/v1/designations/{designation_id}"),
    ("PATCH", "/api/v1/designations/{designation_id}"),
    ("DELETE", "/api/v1/designations/{designation_id}"),
    ("GET", "/api/v1/sync/runs"),
    ("GET", "/api/v1/sync/runs/{run_id}"),
    ("GET", "/api/v1/changes"),
    ("GET", "/api/v1/contacts/{contact_id}/history"),
    ("GET", "/api/v1/designations/{designation_id}/history"),
    ("GET", "/api/v1/coverage"),
    ("GET", "/api/v1/discrepancies"),
    ("GET", "/api/v1/discrepancies/{discrepancy_id}"),
    ("POST", "/api/v1/discrepancies/{discrepancy_id}/resolution"),
    ("GET", "/api/v1/users"),
    ("POST", "/api/v1/users"),
    ("GET", "/api/v1/users/{user_id}"),
    ("DELETE", "/api/v1/users/{user_id}"),
    ("POST", "/api/v1/users/{user_id}/invitation"),
    ("GET", "/api/v1/account-events"),
]
# 30 x 2 modes x every operation: over 1,000 requests in `make test`; `make fuzz` runs many more, unseeded.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
DERANDOMIZE = os.environ.get("FUZZ_RANDOM") != "1"


@dataclass(frozen=True)
class Rows:
    """Real rows, for positive cases to aim at: (contact id, its party), designation and discrepancy ids."""

    contacts: list[tuple[int, str]]
    designations: list[int]
    discrepancies: list[int]


@pytest.fixture
def rows(session: Session) -> Rows:
    contacts, designations = [], []
    for party, convention, role, scope in (("KEN", "basel", "CA", "North"), ("UGA", "rotterdam", "DNA", "P")):
        for _ in range(3):
            contact = make_contact(session, party)
            contacts.append((contact.id, party))
            designations.append(make_designation(session, contact, convention, role, scope=scope).id)
    found = [finding(session.get_one(Designation, designation)) for designation in designations[:3]]
    discrepancies = [d.id for d in make_discrepancies(session, found)]
    session.commit()
    return Rows(contacts, designations, discrepancies)


def _aim(case: schemathesis.Case, data: st.DataObject, rows: Rows, app: Flask) -> None:
    """Point a valid case at real rows (a known party, an existing contact, the current ETag) half the time,
    so that the paths behind the validation (services, database) see generated data too."""
    if not data.draw(st.booleans()):
        return
    contact_id, party = data.draw(st.sampled_from(rows.contacts))
    parameters = case.path_parameters or {}
    for name, value in (
        ("code", party),
        ("contact_id", contact_id),
        ("designation_id", data.draw(st.sampled_from(rows.designations))),
        ("discrepancy_id", data.draw(st.sampled_from(rows.discrepancies))),
    ):
        if name in parameters:
            parameters[name] = value
    if isinstance(case.body, dict):
        if "contact_id" in case.body:
            case.body["contact_id"] = contact_id
        if case.body.get("party") is not None:
            case.body["party"] = party
    if case.headers and "If-Match" in case.headers:
        case.headers["If-Match"] = app.test_client().get(case.formatted_path).headers.get("ETag", "")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_api_answers_as_documented(
    app: Flask, rows: Rows, tokens: Tokens, method: str, path: str, mode: GenerationMode
) -> None:
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method]
    admin = tokens.header("admin")

    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    @settings(
        max_examples=EXAMPLES,
        derandomize=DERANDOMIZE,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case: schemathesis.Case, data: st.DataObject) -> None:
        if mode.is_positive:
            _aim(case, data, rows, app)
        # A negative case may leave out the Authorization header on purpose: the admin's token would put it
        # back, and the case, now valid, would pass for invalid data accepted.
        sent = admin if mode.is_positive or "Authorization" in (case.headers or {}) else {}
        case.call_and_validate(headers=sent, checks=CHECKS)

    try:
        check()
    except Unsatisfiable:
        # Nothing to make invalid: the operation's only input is a path segment of free text.
        assert mode.is_negative
        assert not list(operation.body)
        assert all(
            p.definition["schema"] == {"type": "string", "minLength": 1} for p in operation.iter_parameters()
        )


def test_api_every_documented_operation_is_fuzzed(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    documented = {
        (method.upper(), path) for path, item in paths.items() for method in item if method != "parameters"
    }
    assert documented == set(OPERATIONS)
