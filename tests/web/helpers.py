"""What the page tests share: users to sign in as, a page's CSRF token, signing in with the test client."""

from __future__ import annotations

import itertools
import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from registry.auth.models import User
from registry.auth.users import create_user

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_user(session: Session, role: str = "party", **scope: Any) -> User:
    """A user of this role (``party="KEN"``, ``convention="basel"``) with the password :data:`PASSWORD`."""
    number = next(_numbers)
    email = f"{role}{number}.{scope.get('party') or scope.get('convention') or 'all'}@example.org"
    return create_user(session, email=email, password=PASSWORD, role=role, **scope)


def csrf_token(client: FlaskClient, path: str = "/sign-in") -> str:
    """The CSRF token of the client's session, read from a page's form."""
    found = _TOKEN.search(client.get(path).get_data(as_text=True))
    assert found, f"no form with a CSRF token at {path}"
    return found.group(1)


def sign_in(client: FlaskClient, user: User, password: str = PASSWORD) -> TestResponse:
    return client.post(
        "/sign-in", data={"email": user.email, "password": password, "csrf_token": csrf_token(client)}
    )


def post(client: FlaskClient, path: str, data: dict[str, Any], token_from: str | None = None) -> TestResponse:
    """POST a page's form, with the CSRF token the page carries."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, token_from or path)})


def text(response: TestResponse) -> str:
    return response.get_data(as_text=True)
