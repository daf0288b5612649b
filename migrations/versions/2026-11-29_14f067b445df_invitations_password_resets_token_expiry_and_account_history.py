"""Invitations and password resets (one-time links, reset requests counted), tokens that expire and belong to
their maker, users without a password yet and their last sign-in, and the history of accounts

Written 2026-11-29.
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import registry.db

revision: str = "14f067b445df"
down_revision: str | None = "f3e97495f323"

LIVE = "used_at IS NULL AND voided_at IS NULL"
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
# A token made before tokens expired gets a year from the upgrade: none stops working the day it happens.
EXISTING_TOKENS_LAST = dt.timedelta(days=365)


def upgrade() -> None:
    op.create_table(
        "password_reset_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("address_key", sa.String(length=32), nullable=False),
        sa.Column("client_key", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset_requests")),
    )
    with op.batch_alter_table("password_reset_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_password_reset_requests_address_key_at", ["address_key", "at"], unique=False
        )
        batch_op.create_index("ix_password_reset_requests_at", ["at"], unique=False)
        batch_op.create_index("ix_password_reset_requests_client_key_at", ["client_key", "at"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_sign_in_at", registry.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.alter_column("password_hash", existing_type=sa.VARCHAR(length=300), nullable=True)

    _account_links()
    _tokens_expire_and_have_owners()
    _account_events()


def _account_links() -> None:
    op.create_table(
        "account_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", registry.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("voided_at", registry.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "purpose IN ('invitation', 'password_reset')", name=op.f("ck_account_links_purpose")
        ),
        sa.CheckConstraint("expires_at > created_at", name=op.f("ck_account_links_expires_after_creation")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_account_links_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_links")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_account_links_secret_hash")),
    )
    with op.batch_alter_table("account_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_links_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_account_links_live",
            ["user_id", "purpose"],
            unique=True,
            sqlite_where=sa.text(LIVE),
            postgresql_where=sa.text(LIVE),
        )


def _tokens_expire_and_have_owners() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", registry.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_api_tokens_user_id_users"), "users", ["user_id"], ["id"])
    tokens = sa.table("api_tokens", sa.column("expires_at", registry.db.UTCDateTime(timezone=True)))
    op.execute(tokens.update().values(expires_at=dt.datetime.now(dt.UTC) + EXISTING_TOKENS_LAST))
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.alter_column(
            "expires_at", existing_type=registry.db.UTCDateTime(timezone=True), nullable=False
        )
        batch_op.create_check_constraint("expires_after_creation", "expires_at > created_at")


def _account_events() -> None:
    op.create_table(
        "account_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor", JSON, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("token_id", sa.Integer(), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.CheckConstraint(
            "kind IN ('user_created', 'invited', 'invitation_undelivered', 'invitation_accepted', "
            "'password_reset_requested', 'password_reset', 'user_disabled', 'token_created', 'token_revoked')",
            name=op.f("ck_account_events_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["token_id"], ["api_tokens.id"], name=op.f("fk_account_events_token_id_api_tokens")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_account_events_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_events")),
    )
    with op.batch_alter_table("account_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_events_token_id"), ["token_id"], unique=False)
        batch_op.create_index("ix_account_events_user_id_id", ["user_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("account_events", schema=None) as batch_op:
        batch_op.drop_index("ix_account_events_user_id_id")
        batch_op.drop_index(batch_op.f("ix_account_events_token_id"))
    op.drop_table("account_events")

    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_api_tokens_expires_after_creation"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_api_tokens_user_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))
        batch_op.drop_column("user_id")
        batch_op.drop_column("expires_at")

    with op.batch_alter_table("account_links", schema=None) as batch_op:
        batch_op.drop_index("uq_account_links_live")
        batch_op.drop_index(batch_op.f("ix_account_links_user_id"))
    op.drop_table("account_links")

    # An invited person who has not chosen a password yet keeps an account that no password opens ("!" is
    # no hash werkzeug accepts): the older schema wants a hash in every row.
    op.execute("UPDATE users SET password_hash = '!' WHERE password_hash IS NULL")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("password_hash", existing_type=sa.VARCHAR(length=300), nullable=False)
        batch_op.drop_column("last_sign_in_at")

    with op.batch_alter_table("password_reset_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_password_reset_requests_client_key_at")
        batch_op.drop_index("ix_password_reset_requests_at")
        batch_op.drop_index("ix_password_reset_requests_address_key_at")
    op.drop_table("password_reset_requests")
