"""The registry's Alembic migrations, shipped inside the distribution so that an installed wheel migrates."""
