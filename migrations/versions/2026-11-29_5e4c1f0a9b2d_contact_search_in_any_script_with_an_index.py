"""Contact search in any script, with an index: search keys recomputed, SQLite FTS5 trigram, PostgreSQL pg_trgm

contacts.search_text was folded by an older fold; it now holds each form a query may take (folded, in Latin
letters, CJK characters joined: registry.contacts.search.index_text), recomputed here for every contact. The
index that narrows a search: on SQLite an FTS5 table (trigram tokenizer) over search_text, kept by triggers;
on PostgreSQL a GIN index with pg_trgm's operator class (pg_trgm ships with PostgreSQL, "trusted" since 13:
the database's owner may create it).

A later migration that rebuilds the contacts table on SQLite (batch mode copies it) must create the triggers
again (see _sqlite_index).

Written 2026-11-29.
"""

import sqlalchemy as sa
from alembic import op

from registry.contacts.search import FTS_TABLE, TRIGRAM_INDEX, index_text

revision: str = "5e4c1f0a9b2d"
down_revision: str | None = "14f067b445df"

_TRIGGERS = ("contacts_fts_insert", "contacts_fts_delete", "contacts_fts_update")
_DELETE = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
)
_INSERT = f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _sqlite_index()
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(f"CREATE INDEX {TRIGRAM_INDEX} ON contacts USING gin (search_text gin_trgm_ops)")
    _recompute(bind, index_text)


def _sqlite_index() -> None:
    op.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_text, content='contacts', content_rowid='id', "
        "tokenize='trigram')"
    )
    op.execute(f"CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN {_INSERT} END")
    op.execute(f"CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN {_DELETE} END")
    op.execute(
        f"CREATE TRIGGER contacts_fts_update AFTER UPDATE OF search_text ON contacts BEGIN {_DELETE} {_INSERT} END"
    )
    op.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def _recompute(bind: sa.Connection, key: object) -> None:
    contacts = sa.table(
        "contacts",
        sa.column("id", sa.Integer),
        sa.column("given_name", sa.String),
        sa.column("family_name", sa.String),
        sa.column("organization", sa.String),
        sa.column("department", sa.String),
        sa.column("emails", sa.JSON),
        sa.column("search_text", sa.Text),
    )
    rows = bind.execute(
        sa.select(contacts.c.id, contacts.c.given_name, contacts.c.family_name, contacts.c.organization,
                  contacts.c.department, contacts.c.emails)
    ).all()  # fmt: skip
    values = [{"key_id": r[0], "text": key([r[1], r[2], r[3], r[4], *(r[5] or [])])} for r in rows]  # type: ignore[operator]
    if values:
        update = contacts.update().where(contacts.c.id == sa.bindparam("key_id"))
        bind.execute(update.values(search_text=sa.bindparam("text")), values)


def _old_key(parts: list[object]) -> str:
    from registry.text import fold

    return fold(" ".join(str(p) for p in parts if p))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    else:
        op.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
    _recompute(bind, _old_key)
