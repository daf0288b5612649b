"""Discrepancies: what a sync run found that a person settles (conflicts) or that a list must catch up with
(registry ahead); one open discrepancy of a kind per designation and convention. Changes indexed by time (the
feed's since, the recent changes page)

Written 2026-11-29.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import registry.db

revision: str = "f3e97495f323"
down_revision: str | None = "ba485874a141"

# The vocabulary as it stands in this revision, written out so that the migration keeps its meaning.
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
OPEN = sa.text("status = 'open'")


def upgrade() -> None:
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index("ix_changes_at", ["at"], unique=False)
    op.create_table(
        "discrepancies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=14), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("convention", sa.String(length=10), nullable=False),
        sa.Column("party_code", sa.String(length=3), nullable=False),
        sa.Column("role", sa.String(length=3), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("contact", JSON, nullable=False),
        sa.Column("fields", JSON, nullable=False),
        sa.Column("settlement", JSON, nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=True),
        sa.Column("first_run_id", sa.String(length=36), nullable=False),
        sa.Column("first_seen_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_run_id", sa.String(length=36), nullable=False),
        sa.Column("last_seen_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("keep", sa.String(length=8), nullable=True),
        sa.Column("resolved_by", JSON, nullable=True),
        sa.Column("resolved_at", registry.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(status = 'open' AND keep IS NULL AND resolved_at IS NULL)"
            " OR (status = 'resolved' AND keep IS NOT NULL AND resolved_at IS NOT NULL)",
            name=op.f("ck_discrepancies_resolution"),
        ),
        sa.CheckConstraint(
            "convention IN ('basel', 'rotterdam', 'stockholm')", name=op.f("ck_discrepancies_convention")
        ),
        sa.CheckConstraint(
            "keep IS NULL OR keep IN ('list', 'registry')", name=op.f("ck_discrepancies_keep")
        ),
        sa.CheckConstraint("kind IN ('conflict', 'registry_ahead')", name=op.f("ck_discrepancies_kind")),
        sa.CheckConstraint("status IN ('open', 'resolved')", name=op.f("ck_discrepancies_status")),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_discrepancies_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["designation_id"], ["designations.id"], name=op.f("fk_discrepancies_designation_id_designations")
        ),
        sa.ForeignKeyConstraint(
            ["first_run_id"], ["sync_runs.id"], name=op.f("fk_discrepancies_first_run_id_sync_runs")
        ),
        sa.ForeignKeyConstraint(
            ["last_run_id"], ["sync_runs.id"], name=op.f("fk_discrepancies_last_run_id_sync_runs")
        ),
        sa.ForeignKeyConstraint(
            ["party_code"], ["parties.code"], name=op.f("fk_discrepancies_party_code_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discrepancies")),
    )
    with op.batch_alter_table("discrepancies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_discrepancies_convention_status_kind", ["convention", "status", "kind"], unique=False
        )
        batch_op.create_index("ix_discrepancies_designation_id", ["designation_id"], unique=False)
        batch_op.create_index("ix_discrepancies_party_code", ["party_code"], unique=False)
        batch_op.create_index(
            "uq_discrepancies_open",
            ["designation_id", "convention", "kind"],
            unique=True,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        )


def downgrade() -> None:
    with op.batch_alter_table("discrepancies", schema=None) as batch_op:
        batch_op.drop_index("uq_discrepancies_open", sqlite_where=OPEN, postgresql_where=OPEN)
        batch_op.drop_index("ix_discrepancies_party_code")
        batch_op.drop_index("ix_discrepancies_designation_id")
        batch_op.drop_index("ix_discrepancies_convention_status_kind")

    op.drop_table("discrepancies")
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.drop_index("ix_changes_at")
