"""The bearer token of a request, as the actor it stands for."""

from __future__ import annotations

from flask import Response, g, request

from registry.audit.actor import Actor
from registry.auth.services import authenticate, mark_used, token_actor, use_is_due
from registry.db import db


def token_actor_of_request() -> Actor:
    """The actor of this request's bearer token (Unauthorized without a valid one); the token's last use
    is recorded (at most once a minute)."""
    # Its own key in ``g``: the web pages keep the signed-in user's actor under another one.
    if "token_actor" not in g:
        session = db.session()
        token = authenticate(session, request.headers.get("Authorization"))
        g.token_actor = token_actor(token)
        if use_is_due(token):
            # Its own short transaction, before the request's work begins: the read ends before the write
            # (SQLite takes its write lock at the write's first statement), and a refused write later in
            # the request does not undo it.
            session.commit()
            mark_used(session, token.id)
            session.commit()
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
