"""Party statuses lose signed_on and joined_on, which nothing ever wrote (2026-11-29)."""

import sqlalchemy as sa
from alembic import op

revision: str = "ba485874a141"
down_revision: str | None = "7277c3ee69d5"


def upgrade() -> None:
    with op.batch_alter_table("party_statuses", schema=None) as batch_op:
        batch_op.drop_column("joined_on")
        batch_op.drop_column("signed_on")


def downgrade() -> None:
    with op.batch_alter_table("party_statuses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("joined_on", sa.Date(), nullable=True))
