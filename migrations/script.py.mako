"""${message} (${create_date.strftime("%Y-%m-%d")})."""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text

import registry.db
${imports if imports else ""}

revision: str = ${repr(up_revision)}
down_revision: str | None = ${repr(down_revision)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
