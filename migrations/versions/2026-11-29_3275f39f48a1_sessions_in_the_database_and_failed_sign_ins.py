"""Sessions of the web pages kept in the database (sign-out ends them), and failed sign-ins counted there

Written 2026-11-29.
"""

import sqlalchemy as sa
from alembic import op

import registry.db

revision: str = "3275f39f48a1"
down_revision: str | None = "c5224e9a104a"


def upgrade() -> None:
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("address_key", sa.String(length=32), nullable=False),
        sa.Column("client_key", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.create_index("ix_sign_in_failures_address_key_at", ["address_key", "at"], unique=False)
        batch_op.create_index("ix_sign_in_failures_at", ["at"], unique=False)
        batch_op.create_index("ix_sign_in_failures_client_key_at", ["client_key", "at"], unique=False)

    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("last_seen_at >= created_at", name=op.f("ck_user_sessions_seen_after_start")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_user_sessions_secret_hash")),
    )
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_user_sessions_last_seen_at", ["last_seen_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_user_sessions_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_sessions_user_id"))
        batch_op.drop_index("ix_user_sessions_last_seen_at")

    op.drop_table("user_sessions")
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_sign_in_failures_client_key_at")
        batch_op.drop_index("ix_sign_in_failures_at")
        batch_op.drop_index("ix_sign_in_failures_address_key_at")

    op.drop_table("sign_in_failures")
