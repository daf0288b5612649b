"""Initial schema: parties, contacts, designations, tokens, the change log and the sync's own tables

Written 2026-11-27.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import registry.db

#: JSON, stored as JSONB on PostgreSQL.
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")

revision: str = "01a7db40b55a"
down_revision: str | None = None


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column(
            "seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("resource", sa.String(length=12), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("party_code", sa.String(length=3), nullable=False),
        sa.Column("fields", JSON, nullable=False),
        sa.Column("state", JSON, nullable=False),
        sa.Column("actor", JSON, nullable=False),
        sa.CheckConstraint("kind IN ('created', 'updated', 'ended')", name=op.f("ck_changes_kind")),
        sa.CheckConstraint("resource IN ('contact', 'designation')", name=op.f("ck_changes_resource")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_changes")),
    )
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index("ix_changes_party_at", ["party_code", "at"], unique=False)
        batch_op.create_index("ix_changes_resource", ["resource", "resource_id", "seq"], unique=False)

    op.create_table(
        "parties",
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("alpha2", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=5), nullable=False),
        sa.CheckConstraint("kind IN ('state', 'reio')", name=op.f("ck_parties_kind")),
        sa.CheckConstraint(
            "length(alpha2) = 2 AND alpha2 = upper(alpha2)", name=op.f("ck_parties_alpha2_format")
        ),
        sa.CheckConstraint("length(code) = 3 AND code = upper(code)", name=op.f("ck_parties_code_alpha3")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_parties")),
        sa.UniqueConstraint("alpha2", name=op.f("uq_parties_alpha2")),
    )
    op.create_table(
        "source_states",
        sa.Column("convention", sa.String(length=10), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("etag", sa.String(length=300), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("fetched_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "convention IN ('basel', 'rotterdam', 'stockholm')", name=op.f("ck_source_states_convention")
        ),
        sa.PrimaryKeyConstraint("convention", name=op.f("pk_source_states")),
    )
    op.create_table(
        "sync_locks",
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("acquired_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sync_locks")),
    )
    op.create_table(
        "sync_runs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("started_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", registry.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("report", JSON, nullable=False),
        sa.CheckConstraint("mode IN ('dry-run', 'apply')", name=op.f("ck_sync_runs_mode")),
        sa.CheckConstraint(
            "status IN ('running', 'ok', 'partial', 'failed')", name=op.f("ck_sync_runs_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_runs")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("party_code", sa.String(length=3), nullable=True),
        sa.Column("convention", sa.String(length=10), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("created_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", registry.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", registry.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(role = 'party' AND party_code IS NOT NULL AND convention IS NULL) OR (role = 'secretariat' AND party_code IS NULL) OR (role = 'admin' AND party_code IS NULL AND convention IS NULL)",
            name=op.f("ck_api_tokens_scope_of_role"),
        ),
        sa.CheckConstraint(
            "convention IS NULL OR convention IN ('basel', 'rotterdam', 'stockholm')",
            name=op.f("ck_api_tokens_convention"),
        ),
        sa.CheckConstraint("role IN ('admin', 'secretariat', 'party')", name=op.f("ck_api_tokens_role")),
        sa.ForeignKeyConstraint(
            ["party_code"], ["parties.code"], name=op.f("fk_api_tokens_party_code_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_code", sa.String(length=3), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=True),
        sa.Column("given_name", sa.String(length=300), nullable=True),
        sa.Column("family_name", sa.String(length=300), nullable=True),
        sa.Column("position", sa.String(length=300), nullable=True),
        sa.Column("department", sa.String(length=300), nullable=True),
        sa.Column("organization", sa.String(length=300), nullable=True),
        sa.Column("street", sa.Text(), nullable=True),
        sa.Column("city", sa.String(length=300), nullable=True),
        sa.Column("postal_code", sa.String(length=40), nullable=True),
        sa.Column("emails", JSON, nullable=False),
        sa.Column("phones", JSON, nullable=False),
        sa.Column("faxes", JSON, nullable=False),
        sa.Column("unparsed_phones", JSON, nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("created_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_code"], ["parties.code"], name=op.f("fk_contacts_party_code_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        sa.UniqueConstraint("id", "party_code", name=op.f("uq_contacts_id_party_code")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_party_code"), ["party_code"], unique=False)

    op.create_table(
        "party_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_code", sa.String(length=3), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_code"],
            ["parties.code"],
            name=op.f("fk_party_aliases_party_code_parties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_aliases")),
        sa.UniqueConstraint("key", name=op.f("uq_party_aliases_key")),
    )
    with op.batch_alter_table("party_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_aliases_party_code"), ["party_code"], unique=False)

    op.create_table(
        "party_statuses",
        sa.Column("party_code", sa.String(length=3), nullable=False),
        sa.Column("convention", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "convention IN ('basel', 'rotterdam', 'stockholm')", name=op.f("ck_party_statuses_convention")
        ),
        sa.CheckConstraint(
            "status IN ('party', 'non_party', 'signatory')", name=op.f("ck_party_statuses_status")
        ),
        sa.ForeignKeyConstraint(
            ["party_code"],
            ["parties.code"],
            name=op.f("fk_party_statuses_party_code_parties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("party_code", "convention", name=op.f("pk_party_statuses")),
    )
    op.create_table(
        "designations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("convention", sa.String(length=10), nullable=False),
        sa.Column("role", sa.String(length=3), nullable=False),
        sa.Column("party_code", sa.String(length=3), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=True),
        sa.Column("is_transit", sa.Boolean(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("source_key", sa.String(length=100), nullable=True),
        sa.Column("created_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", registry.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(convention = 'basel' AND role IN ('FP', 'CA')) OR (convention = 'rotterdam' AND role IN ('DNA', 'OCP')) OR (convention = 'stockholm' AND role IN ('OCP', 'NFP'))",
            name=op.f("ck_designations_role_of_convention"),
        ),
        sa.CheckConstraint(
            "(role = 'DNA' AND coalesce(scope, '') IN ('P', 'C', 'CP')) OR role = 'CA' OR (role NOT IN ('DNA', 'CA') AND scope IS NULL)",
            name=op.f("ck_designations_scope_of_role"),
        ),
        sa.CheckConstraint("NOT is_transit OR role = 'CA'", name=op.f("ck_designations_transit_only_ca")),
        sa.CheckConstraint(
            "convention IN ('basel', 'rotterdam', 'stockholm')", name=op.f("ck_designations_convention")
        ),
        sa.CheckConstraint(
            "source IN ('api', 'web', 'cli', 'basel', 'rotterdam', 'stockholm')",
            name=op.f("ck_designations_source"),
        ),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_designations_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id", "party_code"],
            ["contacts.id", "contacts.party_code"],
            name=op.f("fk_designations_contact_id_party_code_contacts"),
        ),
        sa.ForeignKeyConstraint(
            ["party_code"], ["parties.code"], name=op.f("fk_designations_party_code_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designations")),
    )
    with op.batch_alter_table("designations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_designations_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index("ix_designations_party_convention", ["party_code", "convention"], unique=False)
        batch_op.create_index(
            "uq_designations_contact_role",
            ["contact_id", "convention", "role"],
            unique=True,
            sqlite_where=sa.text("ends_on IS NULL"),
            postgresql_where=sa.text("ends_on IS NULL"),
        )
        batch_op.create_index(
            "uq_designations_single_holder",
            ["party_code", "convention", "role"],
            unique=True,
            sqlite_where=sa.text("ends_on IS NULL AND role IN ('FP', 'OCP', 'NFP')"),
            postgresql_where=sa.text("ends_on IS NULL AND role IN ('FP', 'OCP', 'NFP')"),
        )
        batch_op.create_index(
            "uq_designations_source_key",
            ["convention", "source_key"],
            unique=True,
            sqlite_where=sa.text("ends_on IS NULL AND source_key IS NOT NULL"),
            postgresql_where=sa.text("ends_on IS NULL AND source_key IS NOT NULL"),
        )

    op.create_table(
        "list_baselines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("convention", sa.String(length=10), nullable=False),
        sa.Column("party_code", sa.String(length=3), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("record", JSON, nullable=False),
        sa.Column("registry_record", JSON, nullable=False),
        sa.CheckConstraint(
            "convention IN ('basel', 'rotterdam', 'stockholm')", name=op.f("ck_list_baselines_convention")
        ),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_list_baselines_designation_id_designations"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["sync_runs.id"], name=op.f("fk_list_baselines_run_id_sync_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_baselines")),
        sa.UniqueConstraint("designation_id", name=op.f("uq_list_baselines_designation_id")),
    )
    with op.batch_alter_table("list_baselines", schema=None) as batch_op:
        batch_op.create_index(
            "ix_list_baselines_convention_party", ["convention", "party_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("list_baselines", schema=None) as batch_op:
        batch_op.drop_index("ix_list_baselines_convention_party")

    op.drop_table("list_baselines")
    with op.batch_alter_table("designations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_designations_source_key",
            sqlite_where=sa.text("ends_on IS NULL AND source_key IS NOT NULL"),
            postgresql_where=sa.text("ends_on IS NULL AND source_key IS NOT NULL"),
        )
        batch_op.drop_index(
            "uq_designations_single_holder",
            sqlite_where=sa.text("ends_on IS NULL AND role IN ('FP', 'OCP', 'NFP')"),
            postgresql_where=sa.text("ends_on IS NULL AND role IN ('FP', 'OCP', 'NFP')"),
        )
        batch_op.drop_index(
            "uq_designations_contact_role",
            sqlite_where=sa.text("ends_on IS NULL"),
            postgresql_where=sa.text("ends_on IS NULL"),
        )
        batch_op.drop_index("ix_designations_party_convention")
        batch_op.drop_index(batch_op.f("ix_designations_contact_id"))

    op.drop_table("designations")
    op.drop_table("party_statuses")
    with op.batch_alter_table("party_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_aliases_party_code"))

    op.drop_table("party_aliases")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_party_code"))

    op.drop_table("contacts")
    op.drop_table("api_tokens")
    op.drop_table("sync_runs")
    op.drop_table("sync_locks")
    op.drop_table("source_states")
    op.drop_table("parties")
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.drop_index("ix_changes_resource")
        batch_op.drop_index("ix_changes_party_at")

    op.drop_table("changes")
