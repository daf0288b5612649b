"""Pages anyone may read: the home page's search, the search results, the parties and one party's contacts."""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from registry.auth.policy import may_add_contact
from registry.contacts.reads import contacts_found, contacts_without_role
from registry.conventions import CONVENTIONS, ROLES
from registry.db import db
from registry.designations.services import party_designations
from registry.errors import NotFound
from registry.parties.schemas import PARTY_CODE
from registry.parties.services import get_party, member_parties, no_such_party, parties_named, party_names
from registry.readcache import LAST_CHANGE, Stamp, cached_read
from registry.web import bp
from registry.web.auth import signed_in
from registry.web.cards import ALL_ROLES, Filters, person_cards, roles_side_by_side

MAX_QUERY = 200
CONTACT_RESULTS = 50  # a page of the search's contacts
MAX_PAGE = 10_000
PARTY_RESULTS = 20
EXPORTS = {"basel": "xlsx", "rotterdam": "csv", "stockholm": "json"}


@bp.get("/")
def home() -> str:
    return render_template("home.html", exports=EXPORTS)


@bp.get("/search")
def search() -> str | Response:
    # Control characters are no words (and PostgreSQL text cannot even hold a NUL).
    q = "".join(ch for ch in request.args.get("q") or "" if ch.isprintable()).strip()[:MAX_QUERY]
    if not q:
        return redirect(url_for("web.home"))
    session = db.session()
    number = max(1, min(request.args.get("page", 1, type=int) or 1, MAX_PAGE))
    parties = parties_named(session, q, PARTY_RESULTS) if number == 1 else []
    contacts = contacts_found(session, q, number, CONTACT_RESULTS)
    names = party_names(session, {c.party_code for c in contacts.items})
    return render_template(
        "search.html",
        q=q,
        parties=parties,
        contacts=contacts.items,
        total=contacts.total,
        page=number,
        pages=-(-contacts.total // CONTACT_RESULTS),
        first=(number - 1) * CONTACT_RESULTS + 1,
        more=contacts.more,
        party_names=names,
    )


@bp.get("/parties")
def parties() -> str:
    return render_template("parties.html", parties=member_parties(db.session()))


# The request headers :func:`anonymous_page` reads.
ANONYMOUS_VARY = ("Cookie", "Accept-Language")


def anonymous_page() -> tuple[str, ...] | None:
    """What a page for someone not signed in depends on besides its address: what its language is chosen
    by (``?lang=`` is in the address; the cookie that remembers it, Accept-Language), as sent, so that no
    language need be worked out to find a kept page. None for a browser with a session (signed in, or
    holding a message or a form's token: its page is its own)."""
    if current_app.config["SESSION_COOKIE_NAME"] in request.cookies:
        return None
    headers = request.headers
    return (headers.get("Cookie", ""), headers.get("Accept-Language", ""))


def party_stamp(code: str) -> Stamp | None:
    """The version of a party's page: the last change, and the party's own row and statuses, which its page
    shows (an import of the party list changes them, not a change)."""
    if not PARTY_CODE.fullmatch(code):
        return None  # no party (its page is a 404, never kept)
    return Stamp(
        "SELECT c.seq, c.at, p.name, p.alpha2, p.kind, p.region, s.convention, s.status FROM parties p "
        f"LEFT JOIN party_statuses s ON s.party_code = p.code LEFT JOIN {LAST_CHANGE} c ON 1 = 1 "
        "WHERE p.code = {} ORDER BY s.convention",
        (code.upper(),),
    )


@bp.get("/parties/<code>")
@cached_read(db, None, anonymous_page, party_stamp, vary=ANONYMOUS_VARY)
def party(code: str) -> Response:
    """A party's status and its current contacts across the three conventions, one card per person."""
    if not PARTY_CODE.fullmatch(code):
        raise NotFound(no_such_party(db.session(), code))
    session = db.session()
    found = get_party(session, code)
    filters = Filters.read(request.args)
    if code != found.code:  # the page's own filters go along; any other query parameter is dropped
        query: dict[str, Any] = filters.link()
        return redirect(url_for("web.party", code=found.code, **query), 301)
    designations = party_designations(session, found.code)
    may_add = may_add_contact(signed_in(), found.code)
    page = render_template(
        "party.html",
        party=found,
        filters=filters,
        cards=person_cards([d for d in designations if filters.keeps(d)]),
        side_by_side=roles_side_by_side(designations),
        others=contacts_without_role(session, found.code) if may_add else [],
        roles=ROLES,
        all_roles=ALL_ROLES,
        exports=EXPORTS,
        conventions=CONVENTIONS,
    )
    return Response(page, mimetype="text/html")
