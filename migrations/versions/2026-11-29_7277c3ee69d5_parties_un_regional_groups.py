"""Parties: their UN regional group (set by the party seed from registry/data/regions.csv) (2026-11-29)."""

import sqlalchemy as sa
from alembic import op

revision: str = "7277c3ee69d5"
down_revision: str | None = "3275f39f48a1"

# The five groups as they stand in this revision (registry.parties.regions.REGIONS); written out, so that
# the migration keeps meaning what it meant if the vocabulary moves.
REGIONS = (
    "African",
    "Asia-Pacific",
    "Eastern European",
    "Latin American and Caribbean",
    "Western European and others",
)


def upgrade() -> None:
    # Empty until `registry db upgrade` seeds the parties, which sets every region from the data file.
    allowed = ", ".join(f"'{region}'" for region in REGIONS)
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=40), nullable=True))
        batch_op.create_check_constraint(op.f("ck_parties_region"), f"region IN ({allowed})")


def downgrade() -> None:
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_parties_region"), type_="check")
        batch_op.drop_column("region")
