"""The search migration recomputes every contact's search key and builds the index, on either database."""

from __future__ import annotations

from sqlalchemy import Engine, text

from tests.registry.test_migrations import _migrate, empty_database  # noqa: F401 (the fixture)

BEFORE = "ba485874a141"


def _contact_before_the_search_migration(engine: Engine) -> None:
    _migrate(engine, "upgrade", BEFORE)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO parties (code, alpha2, name, kind) VALUES ('AZE', 'AZ', 'Azerbaijan', 'state')")
        )
        connection.execute(
            text(
                "INSERT INTO contacts (id, party_code, family_name, emails, phones, faxes, "
                "unparsed_phones, sources, search_text, created_at, updated_at, version) VALUES (1, 'AZE', "
                "'Əfəndiyeva', '[]', '[]', '[]', '[]', '{}', 'əfəndiyeva', '2026-01-01 00:00:00', "
                "'2026-01-01 00:00:00', 1)"
            )
        )


def test_search_migration_gives_each_contact_its_latin_forms(empty_database: Engine) -> None:  # noqa: F811
    _contact_before_the_search_migration(empty_database)
    _migrate(empty_database, "upgrade", "head")
    with empty_database.connect() as connection:
        assert connection.scalar(text("SELECT search_text FROM contacts")) == "əfəndiyeva efendiyeva"


def test_search_migration_indexes_the_keys_it_computed(empty_database: Engine) -> None:  # noqa: F811
    _contact_before_the_search_migration(empty_database)
    _migrate(empty_database, "upgrade", "head")
    if empty_database.dialect.name == "sqlite":
        found = "SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH '\"efendiyeva\"'"
    else:  # the trigram index, used for the search's LIKE
        found = "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_contacts_search_text_trgm'"
    with empty_database.connect() as connection:
        assert connection.scalars(text(found)).all() == [1]


def test_search_migration_down_gives_back_the_folded_keys(empty_database: Engine) -> None:  # noqa: F811
    _contact_before_the_search_migration(empty_database)
    _migrate(empty_database, "upgrade", "head")
    _migrate(empty_database, "downgrade", BEFORE)
    with empty_database.connect() as connection:
        assert connection.scalar(text("SELECT search_text FROM contacts")) == "əfəndiyeva"
