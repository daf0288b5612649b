"""The bearer token of a request, as the actor it stands for."""

from __future__ import annotations

from flask import Response, g, request

from registry.audit.actor import Actor
from registry.auth.services import authenticate
from registry.db import db


def token_actor_of_request() -> Actor:
    """The actor of this request's bearer token (Unauthorized without a valid one)."""
    # Its own key in ``g``: the web pages keep the signed-in user's actor under another one.
    if "token_actor" not in g:
        g.token_actor = authenticate(db.session(), request.headers.get("Authorization"))
    actor: Actor = g.token_actor
    return actor


def optional_token_actor() -> Actor | None:
    """The actor of this request's bearer token, or None for an anonymous reader (a token that is sent
    must be valid)."""
    if not request.headers.get("Authorization"):
        return None
    return token_actor_of_request()


def private_to_token(response: Response) -> Response:
    """Mark an answer that differs with the token (authors shown to some callers only) for caches."""
    response.vary.add("Authorization")
    return response
