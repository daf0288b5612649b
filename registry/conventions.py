"""The conventions, the roles each defines, a DNA's scopes and a party's status: the one vocabulary that
models (and their check constraints), schemas (and their enums), forms, reports, pages and the sync read.

Each is a ``StrEnum`` (its members are the strings stored and sent) whose members carry a ``label``, the words
a person reads, translated into the page's language (``lazy_gettext``, evaluated when shown).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Self

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry their label, each written once as ``NAME = "value", _l("Label")``
    (indico's RichEnum keeps its titles beside the members; here they stand on the member's own line)."""

    _label: LazyString

    # ``label`` is there for the type checker's sake too: ``Role("FP")`` (a lookup by value) reads this
    # signature; every member of a class below gives its label.
    def __new__(cls, value: str, label: LazyString | None = None) -> Self:
        if label is None:
            raise TypeError(f"{cls.__name__} member {value!r} has no label")
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> LazyString:
        """The words a person reads for this member, in the page's language."""
        return self._label


class Convention(LabelledEnum):
    BASEL = "basel", _l("Basel")
    ROTTERDAM = "rotterdam", _l("Rotterdam")
    STOCKHOLM = "stockholm", _l("Stockholm")

    @property
    def roles(self) -> tuple[Role, ...]:
        """The roles this convention defines, in the order its list and the pages show them."""
        return ROLES[self]


class Role(LabelledEnum):
    FP = "FP", _l("Focal Point")
    CA = "CA", _l("Competent Authority")
    DNA = "DNA", _l("Designated National Authority")
    OCP = "OCP", _l("Official Contact Point")
    NFP = "NFP", _l("National Focal Point")

    @property
    def single_holder(self) -> bool:
        """Whether a party holds this role once at a time (DNA and CA it may hold several times)."""
        return self in SINGLE_HOLDER_ROLES


class DnaScope(LabelledEnum):
    """What a Rotterdam DNA is designated for."""

    P = "P", _l("pesticides")
    C = "C", _l("industrial chemicals")
    CP = "CP", _l("pesticides and industrial chemicals")

    @property
    def found_by(self) -> tuple[DnaScope, ...]:
        """The scopes a search for this one finds: a DNA for both (``CP``) is a DNA for each."""
        return (self,) if self is DnaScope.CP else (self, DnaScope.CP)


class PartyStatus(LabelledEnum):
    """A country's (or the EU's) standing under one convention."""

    PARTY = "party", _l("party")
    NON_PARTY = "non_party", _l("not a party")
    SIGNATORY = "signatory", _l("signatory")


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
