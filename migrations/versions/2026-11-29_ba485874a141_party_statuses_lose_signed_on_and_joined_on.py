"""Party statuses lose signed_on and joined_on, which nothing ever wrote

Revision ID: ba485874a141
Revises: 7277c3ee69d5
Create Date: 2026-11-29 20:54:46.878736
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ba485874a141"
down_revision: str | None = "7277c3ee69d5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("party_statuses", schema=None) as batch_op:
        batch_op.drop_column("joined_on")
        batch_op.drop_column("signed_on")


def downgrade() -> None:
    with op.batch_alter_table("party_statuses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("joined_on", sa.Date(), nullable=True))
