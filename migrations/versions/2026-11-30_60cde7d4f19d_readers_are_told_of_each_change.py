"""Readers are told of each change: on PostgreSQL, a transaction that writes the change log or the parties
NOTIFYs `registry_changed` when it commits, with its transaction id (2026-11-30).

The web workers keep the registry's version in memory and LISTEN for this (registry/readcache/listen.py), so
that a cached read needs no round trip to the database. SQLite has no notifications: there a read asks for the
version each time, in the process, at no network cost.
"""

from alembic import op

revision: str = "60cde7d4f19d"
down_revision: str | None = "5e4c1f0a9b2d"

# The tables whose rows a cached answer shows beyond the contacts and designations (whose every write adds a
# change): the change log itself, and the parties' names and statuses (the party list's import).
TABLES = ("changes", "parties", "party_statuses")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # One notification per transaction: PostgreSQL folds those of one transaction with the same payload.
    op.execute(
        "CREATE FUNCTION registry_notify_changed() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN PERFORM pg_notify('registry_changed', txid_current()::text); RETURN NULL; END $$"
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_notify_readers AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION registry_notify_changed()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_notify_readers ON {table}")
    op.execute("DROP FUNCTION registry_notify_changed()")
