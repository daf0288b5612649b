"""Pages anyone may read: the home page's search, the search results, the parties and one party's contacts."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.wrappers import Response

from registry.contacts.models import Contact
from registry.contacts.services import search_contacts
from registry.conventions import CONVENTIONS, ROLES
from registry.db import count, db
from registry.designations.models import Designation
from registry.designations.services import current_designations
from registry.errors import NotFound
from registry.parties.models import Party, PartyAlias, PartyStatus
from registry.parties.schemas import PARTY_CODE
from registry.parties.services import get_party
from registry.text import fold, key
from registry.web import bp
from registry.web.auth import may_add_contact
from registry.web.cards import ALL_ROLES, Filters, person_cards, roles_side_by_side

MAX_QUERY = 200
CONTACT_RESULTS = 50
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
    parties = matching_parties(session, q)
    contacts, total = matching_contacts(session, q)
    codes = {c.party_code for c in contacts}
    names = dict(session.execute(select(Party.code, Party.name).where(Party.code.in_(codes))).all())
    return render_template(
        "search.html", q=q, parties=parties, contacts=contacts, total=total, party_names=names
    )


def matching_parties(session: Session, q: str) -> list[Party]:
    """Parties whose code, alpha-2 code, name or any name variant matches ``q`` (case, accents and
    punctuation ignored: "cote d'ivoire", "Turkey"), by name."""
    words = key(q)
    if not words:
        return []
    # A name matches from the start of one of its words ("kingdom" finds "United Kingdom", "sa" no "Brunei
    # Darussalam").
    named = select(PartyAlias.party_code).where(
        or_(
            PartyAlias.key.startswith(words, autoescape=True),
            PartyAlias.key.contains(f" {words}", autoescape=True),
        )
    )
    code = q.strip().upper()
    stmt = (
        select(Party)
        .where(or_(Party.code.in_(named), Party.code == code, Party.alpha2 == code))
        .order_by(Party.name)
        .limit(PARTY_RESULTS)
    )
    return list(session.scalars(stmt))


def matching_contacts(session: Session, q: str) -> tuple[list[Contact], int]:
    """The first contacts matching every word of ``q`` (accents ignored), and how many match in all."""
    if not fold(q).split():
        return [], 0
    stmt = search_contacts(q=q)
    total = count(session, stmt)
    page = stmt.options(selectinload(Contact.designations)).order_by(
        func.lower(Contact.family_name), Contact.id
    )
    return list(session.scalars(page.limit(CONTACT_RESULTS))), total


@bp.get("/parties")
def parties() -> str:
    session = db.session()
    members = select(PartyStatus.party_code).where(PartyStatus.status == "party")
    rows = list(session.scalars(select(Party).where(Party.code.in_(members)).order_by(Party.name)))
    return render_template("parties.html", parties=rows)


@bp.get("/parties/<code>")
def party(code: str) -> str | Response:
    """A party's status and its current contacts across the three conventions, one card per person."""
    if not PARTY_CODE.fullmatch(code):
        raise NotFound(f"There is no party with code {code!r}.")
    session = db.session()
    found = get_party(session, code)
    filters = Filters.read(request.args)
    if code != found.code:  # the page's own filters go along; any other query parameter is dropped
        query: dict[str, Any] = filters.link()
        return redirect(url_for("web.party", code=found.code, **query), 301)
    designations = list(session.scalars(current_designations(party=found.code)).unique())
    return render_template(
        "party.html",
        party=found,
        filters=filters,
        cards=person_cards([d for d in designations if filters.keeps(d)]),
        side_by_side=roles_side_by_side(designations),
        others=_without_role(session, found.code) if may_add_contact(found.code) else [],
        roles=ROLES,
        all_roles=ALL_ROLES,
        exports=EXPORTS,
        conventions=CONVENTIONS,
    )


def _without_role(session: Session, party_code: str) -> list[Contact]:
    """The party's contacts that hold no current role (shown to those who may edit them)."""
    current = select(Designation.contact_id).where(Designation.ends_on.is_(None))
    stmt = (
        select(Contact)
        .where(Contact.party_code == party_code, Contact.id.not_in(current))
        .order_by(Contact.id.desc())
    )
    return list(session.scalars(stmt))
