"""The three conventions and the roles each one defines: the vocabulary every other module uses."""

from __future__ import annotations

CONVENTIONS: tuple[str, ...] = ("basel", "rotterdam", "stockholm")

ROLES: dict[str, tuple[str, ...]] = {
    "basel": ("FP", "CA"),
    "rotterdam": ("DNA", "OCP"),
    "stockholm": ("OCP", "NFP"),
}

ROLE_NAMES: dict[tuple[str, str], str] = {
    ("basel", "FP"): "Focal Point",
    ("basel", "CA"): "Competent Authority",
    ("rotterdam", "DNA"): "Designated National Authority",
    ("rotterdam", "OCP"): "Official Contact Point",
    ("stockholm", "OCP"): "Official Contact Point",
    ("stockholm", "NFP"): "National Focal Point",
}

# Roles a party holds once at a time (the others, DNA and CA, a party may hold several times).
SINGLE_HOLDER_ROLES: tuple[str, ...] = ("FP", "OCP", "NFP")

DNA_SCOPES: tuple[str, ...] = ("P", "C", "CP")
DNA_SCOPE_NAMES = {
    "P": "pesticides",
    "C": "industrial chemicals",
    "CP": "pesticides and industrial chemicals",
}

PARTY_STATUSES: tuple[str, ...] = ("party", "non_party", "signatory")


def sql_in(values: tuple[str, ...]) -> str:
    """``('a', 'b')`` as SQL text, for check constraints and partial index predicates."""
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def role_pairs_sql() -> str:
    """The check that a role belongs to its convention."""
    return " OR ".join(f"(convention = '{c}' AND role IN {sql_in(roles)})" for c, roles in ROLES.items())
