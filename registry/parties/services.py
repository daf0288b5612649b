"""Find parties by any name, code or alias (for the lists, the API and the pages); read them; import their
status under each convention."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass, field

from flask_babel import gettext
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from registry.conventions import CONVENTIONS
from registry.errors import NotFound
from registry.parties.models import Party, PartyAlias, PartyStatus
from registry.text import key

IMPORT_COLUMNS = ("code", "alpha2", "name", *CONVENTIONS)
_BOOLEANS = {"true": True, "false": False}


class PartyResolver:
    """Resolves what a list writes for a country (a name variant, alpha-2 or alpha-3, any case) to a party
    code.

    Loads the parties and aliases once, so that resolving a whole list costs two queries.
    """

    def __init__(self, session: Session) -> None:
        self.by_alpha3: dict[str, str] = {}
        self.by_alpha2: dict[str, str] = {}
        for code, alpha2 in session.execute(select(Party.code, Party.alpha2)):
            self.by_alpha3[code] = code
            self.by_alpha2[alpha2] = code
        aliases = session.execute(select(PartyAlias.key, PartyAlias.party_code)).all()
        self.by_key: dict[str, str] = dict(aliases)

    def resolve(self, value: str | None) -> str | None:
        """The party code, or ``None`` when nothing matches."""
        if not value:
            return None
        text = value.strip().upper()
        if len(text) == 3 and text in self.by_alpha3:
            return text
        if len(text) == 2 and text in self.by_alpha2:
            return self.by_alpha2[text]
        return self.by_key.get(key(value))


def get_party(session: Session, code: str) -> Party:
    """The party with this code (any case), or NotFound."""
    party = session.get(Party, code.upper())
    if party is None:
        raise NotFound(no_such_party(session, code))
    return party


def find_party(session: Session, text: str) -> Party | None:
    """The party a code, alpha-2 code or name variant stands for."""
    code = PartyResolver(session).resolve(text)
    return session.get(Party, code) if code else None


def search_parties(session: Session, q: str | None = None, convention: str | None = None) -> Select[Party]:
    """The query for the API's list of parties: with ``q``, the party it names (a code, alpha-2 code or name
    variant), else those whose name contains it; with ``convention``, only parties to that convention."""
    stmt = select(Party)
    if q:
        code = PartyResolver(session).resolve(q)
        named = Party.code == code if code else Party.name.icontains(key(q), autoescape=True)
        stmt = stmt.where(named)
    if convention:
        stmt = stmt.join(PartyStatus).where(
            PartyStatus.convention == convention, PartyStatus.status == "party"
        )
    return stmt


def parties_named(session: Session, q: str, limit: int) -> list[Party]:
    """The first ``limit`` parties, by name, whose code, alpha-2 code, name or any name variant matches ``q``
    (case, accents and punctuation ignored: "cote d'ivoire", "Turkey"); a name matches from the start of one
    of its words ("kingdom" finds "United Kingdom", "sa" no "Brunei Darussalam")."""
    words = key(q)
    if not words:
        return []
    named = select(PartyAlias.party_code).where(
        or_(
            PartyAlias.key.startswith(words, autoescape=True),
            PartyAlias.key.contains(f" {words}", autoescape=True),
        )
    )
    code = q.strip().upper()
    stmt = select(Party).where(or_(Party.code.in_(named), Party.code == code, Party.alpha2 == code))
    return list(session.scalars(stmt.order_by(Party.name).limit(limit)))


def nearest_parties(session: Session, text: str, limit: int = 3) -> list[Party]:
    """The parties ``text`` most likely meant: the one its alpha-2 code or a name variant stands for; else,
    best first, those with a name starting so, then the codes one letter away ("KEM": KEN...); at most
    ``limit``."""
    resolved = PartyResolver(session).resolve(text)
    if resolved:  # "KE", "Kenya": the one party it names
        return [get_party(session, resolved)]
    found: dict[str, None] = {}
    found.update(dict.fromkeys(p.code for p in parties_named(session, text, limit)))
    code = text.strip().upper()
    if len(code) == 3 and code.isalpha():
        near = [c for c in session.scalars(select(Party.code).order_by(Party.code)) if _one_apart(c, code)]
        found.update(dict.fromkeys(near))
    codes = list(found)[:limit]
    named = {p.code: p for p in session.scalars(select(Party).where(Party.code.in_(codes)))}
    return [named[c] for c in codes if c in named]


def _one_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def no_such_party(session: Session, text: str) -> str:
    """Why ``text`` names no party, and the parties it may have meant ("Did you mean KEN (Kenya)?")."""
    message = gettext("There is no party with code %(code)s.", code=repr(text))
    near = nearest_parties(session, "".join(ch for ch in text if ch.isprintable()))
    if near:
        named = gettext(" or ").join(f"{p.code} ({p.name})" for p in near)
        return str(message + " " + gettext("Did you mean %(parties)s?", parties=named))
    return str(message + " " + gettext("Party codes are ISO 3166-1 alpha-3 (EUU: the European Union)."))


def member_parties(session: Session) -> list[Party]:
    """The parties to at least one of the conventions, by name."""
    members = select(PartyStatus.party_code).where(PartyStatus.status == "party")
    return list(session.scalars(select(Party).where(Party.code.in_(members)).order_by(Party.name)))


def party_names(session: Session, codes: Collection[str]) -> dict[str, str]:
    """The name of each party of ``codes``, by code."""
    rows = session.execute(select(Party.code, Party.name).where(Party.code.in_(codes)))
    return dict(rows.all())


@dataclass
class ImportResult:
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _PartyRow:
    line: int
    code: str
    alpha2: str
    name: str
    status: dict[str, bool]


def import_parties(session: Session, content: str) -> ImportResult:
    """Load parties' names and status from CSV text; all or nothing.

    Returns the counts, or (with nothing changed) every bad row as ``(line, reason)``.
    """
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    unknown = [c for c in header if c not in IMPORT_COLUMNS]
    if missing or unknown:
        problems = ([f"missing columns: {', '.join(missing)}"] if missing else []) + (
            [f"unknown columns: {', '.join(unknown)}"] if unknown else []
        )
        return ImportResult(errors=[(1, "; ".join(problems))])
    known = {p.code: p for p in session.scalars(select(Party))}
    rows, errors = [], []
    for line, raw in enumerate(reader, start=2):
        row, error = _read_row(line, {k.strip(): (v or "").strip() for k, v in raw.items() if k}, known)
        if error:
            errors.append((line, error))
        elif row:
            rows.append(row)
    seen: dict[str, int] = {}
    for row in rows:
        if row.code in seen:
            errors.append((row.line, f"party {row.code} appears again (first on line {seen[row.code]})"))
        seen.setdefault(row.code, row.line)
    if errors:
        return ImportResult(errors=sorted(errors))
    return _apply_rows(session, rows, known)


def _read_row(line: int, raw: dict[str, str], known: dict[str, Party]) -> tuple[_PartyRow | None, str | None]:
    code, alpha2, name = raw["code"].upper(), raw["alpha2"].upper(), raw["name"]
    if not any(raw.values()):
        return None, None
    if code not in known:
        return None, f"unknown party code {raw['code']!r} (ISO 3166-1 alpha-3, or EUU for the European Union)"
    if alpha2 != known[code].alpha2:
        return None, f"alpha2 {raw['alpha2']!r} does not match {code} (expected {known[code].alpha2})"
    if not name:
        return None, "name is empty"
    status = {}
    for convention in CONVENTIONS:
        value = _BOOLEANS.get(raw[convention].lower())
        if value is None:
            return None, f"{convention} must be true or false, not {raw[convention]!r}"
        status[convention] = value
    return _PartyRow(line, code, alpha2, name, status), None


def _apply_rows(session: Session, rows: list[_PartyRow], known: dict[str, Party]) -> ImportResult:
    result = ImportResult()
    aliases = set(session.scalars(select(PartyAlias.key)))
    for row in rows:
        party = known[row.code]
        changed = party.name != row.name
        party.name = row.name
        if key(row.name) not in aliases:
            session.add(PartyAlias(party_code=row.code, alias=row.name, key=key(row.name)))
            aliases.add(key(row.name))
        for convention, is_party in row.status.items():
            changed |= _set_status(party, convention, "party" if is_party else "non_party")
        if changed:
            result.updated += 1
        else:
            result.unchanged += 1
    session.flush()
    return result


def _set_status(party: Party, convention: str, status: str) -> bool:
    for existing in party.statuses:
        if existing.convention == convention:
            if existing.status == status:
                return False
            existing.status = status
            return True
    party.statuses.append(PartyStatus(convention=convention, status=status))
    return True
