"""Who makes a change: a token, a signed-in user, a sync run or an operator at the command line."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Actor:
    """The author of a change, as the history and the provenance of each field record it.

    ``kind`` is ``token``, ``user``, ``sync`` or ``cli``; ``role`` is the token's or user's role (``admin``,
    ``secretariat``, ``party``); a sync actor carries its ``run_id`` and ``convention``.
    """

    kind: str
    name: str
    role: str | None = None
    party: str | None = None
    convention: str | None = None
    run_id: str | None = None
    token_id: int | None = None
    user_id: int | None = None

    @property
    def is_list(self) -> bool:
        """True for a sync run: the value came from a convention's list rather than from a person."""
        return self.kind == "sync"

    @property
    def label(self) -> str:
        if self.kind == "sync":
            return f"{self.convention} list (run {self.run_id})"
        return f"{self.kind} {self.name}" + (f" ({self.role})" if self.role else "")

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


class Scoped(Protocol):
    """A token or a user: a role, and the party or the convention it is limited to."""

    @property
    def role(self) -> str: ...

    @property
    def party_code(self) -> str | None: ...

    @property
    def convention(self) -> str | None: ...


def scoped_actor(
    holder: Scoped, kind: str, name: str, *, token_id: int | None = None, user_id: int | None = None
) -> Actor:
    """An actor with the role and the scope of ``holder`` (a token's or a user's)."""
    return Actor(
        kind=kind,
        name=name,
        role=holder.role,
        party=holder.party_code,
        convention=holder.convention,
        token_id=token_id,
        user_id=user_id,
    )


def cli_actor(name: str = "command line") -> Actor:
    return Actor(kind="cli", name=name, role="admin")


def sync_actor(run_id: str, convention: str) -> Actor:
    return Actor(kind="sync", name=f"sync {convention}", convention=convention, run_id=run_id)


def public_author(actor: dict[str, Any]) -> dict[str, Any]:
    """What anyone may know of a recorded author: its kind and role (and, for a sync run, the list it read),
    never who it was (no token name, user e-mail, token or user id)."""
    keys = ("kind", "role", "convention", "run_id") if actor.get("kind") == "sync" else ("kind", "role")
    return {key: actor[key] for key in keys if actor.get(key) is not None}
