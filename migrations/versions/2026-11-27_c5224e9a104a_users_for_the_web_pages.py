"""Users for the web pages: party officials, secretariat staff and admins who sign in (2026-11-27)."""

import sqlalchemy as sa
from alembic import op

import registry.db

revision: str = "c5224e9a104a"
down_revision: str | None = "01a7db40b55a"


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("party_code", sa.String(length=3), nullable=True),
        sa.Column("convention", sa.String(length=10), nullable=True),
        sa.Column("created_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", registry.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(role = 'party' AND party_code IS NOT NULL AND convention IS NULL) OR (role = 'secretariat' AND party_code IS NULL) OR (role = 'admin' AND party_code IS NULL AND convention IS NULL)",
            name=op.f("ck_users_scope_of_role"),
        ),
        sa.CheckConstraint(
            "convention IS NULL OR convention IN ('basel', 'rotterdam', 'stockholm')",
            name=op.f("ck_users_convention"),
        ),
        sa.CheckConstraint("role IN ('admin', 'secretariat', 'party')", name=op.f("ck_users_role")),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_users_email_lower_case")),
        sa.ForeignKeyConstraint(["party_code"], ["parties.code"], name=op.f("fk_users_party_code_parties")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )


def downgrade() -> None:
    op.drop_table("users")
