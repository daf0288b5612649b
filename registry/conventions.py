"""The conventions, the roles each defines, a DNA's scopes and a party's status: the one vocabulary that
models (and their check constraints), schemas (and their enums), forms, reports, pages and the sync read.

Each is a ``StrEnum`` (its members are the strings stored and sent) whose members carry a ``label``, the words
a person reads, translated into the page's language (``lazy_gettext``, evaluated when shown).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import ClassVar

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry their label, written in the class as ``__labels__`` by value (indico's
    RichEnum and its ``__titles__``)."""

    __labels__: ClassVar[dict[str, LazyString]]

    @property
    def label(self) -> LazyString:
        """The words a person reads for this member, in the page's language."""
        return type(self).__labels__[str(self)]


class Convention(LabelledEnum):
    __labels__ = {"basel": _l("Basel"), "rotterdam": _l("Rotterdam"), "stockholm": _l("Stockholm")}

    BASEL = "basel"
    ROTTERDAM = "rotterdam"
    STOCKHOLM = "stockholm"

    @property
    def roles(self) -> tuple[Role, ...]:
        """The roles this convention defines, in the order its list and the pages show them."""
        return ROLES[self]


class Role(LabelledEnum):
    __labels__ = {
        "FP": _l("Focal Point"),
        "CA": _l("Competent Authority"),
        "DNA": _l("Designated National Authority"),
        "OCP": _l("Official Contact Point"),
        "NFP": _l("National Focal Point"),
    }

    FP = "FP"
    CA = "CA"
    DNA = "DNA"
    OCP = "OCP"
    NFP = "NFP"

    @property
    def single_holder(self) -> bool:
        """Whether a party holds this role once at a time (DNA and CA it may hold several times)."""
        return self in SINGLE_HOLDER_ROLES


class DnaScope(LabelledEnum):
    """What a Rotterdam DNA is designated for."""

    __labels__ = {
        "P": _l("pesticides"),
        "C": _l("industrial chemicals"),
        "CP": _l("pesticides and industrial chemicals"),
    }

    P = "P"
    C = "C"
    CP = "CP"

    @property
    def found_by(self) -> tuple[DnaScope, ...]:
        """The scopes a search for this one finds: a DNA for both (``CP``) is a DNA for each."""
        return (self,) if self is DnaScope.CP else (self, DnaScope.CP)


class PartyStatus(LabelledEnum):
    """A country's (or the EU's) standing under one convention."""

    __labels__ = {"party": _l("party"), "non_party": _l("not a party"), "signatory": _l("signatory")}

    PARTY = "party"
    NON_PARTY = "non_party"
    SIGNATORY = "signatory"


# Keyed by the convention's value: a plain string from a form or a row finds its roles too.
ROLES: dict[str, tuple[Role, ...]] = {
    Convention.BASEL: (Role.FP, Role.CA),
    Convention.ROTTERDAM: (Role.DNA, Role.OCP),
    Convention.STOCKHOLM: (Role.OCP, Role.NFP),
}
SINGLE_HOLDER_ROLES: tuple[Role, ...] = (Role.FP, Role.OCP, Role.NFP)

# The values as plain strings, for the places that want strings (click's choices match an enum by its
# member name, not its value; SQL; messages).
CONVENTIONS: tuple[str, ...] = tuple(c.value for c in Convention)
ROLE_CODES: tuple[str, ...] = tuple(r.value for r in Role)
DNA_SCOPES: tuple[str, ...] = tuple(s.value for s in DnaScope)
PARTY_STATUSES: tuple[str, ...] = tuple(s.value for s in PartyStatus)


def role_label(role: str) -> str:
    """A role's name as a person reads it ("Designated National Authority"); an unknown code as given."""
    return str(Role(role).label) if role in ROLE_CODES else role


def scope_label(scope: str | None) -> str:
    """A DNA scope as a person reads it ("pesticides"); a competent authority's free-text scope as written."""
    return str(DnaScope(scope).label) if scope in DNA_SCOPES else scope or ""


def convention_label(convention: str) -> str:
    return str(Convention(convention).label) if convention in CONVENTIONS else convention


def sql_in(values: Iterable[str]) -> str:
    """``('a', 'b')`` as SQL text, for check constraints and partial index predicates."""
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def role_pairs_sql() -> str:
    """The check that a role belongs to its convention."""
    return " OR ".join(f"(convention = '{c}' AND role IN {sql_in(roles)})" for c, roles in ROLES.items())
