"""PostgreSQL-only indexes of the search (pg_trgm trigram indexes), created by migration 0901.

They are not in the models (SQLite has no trigram index; there a prefix search uses the B-tree
indexes): Alembic's autogenerate leaves these names alone (schema/migrations/env.py).
"""

from __future__ import annotations

# name -> (table, column)
TRIGRAM_INDEXES: dict[str, tuple[str, str]] = {
    "ix_person_search_key_trgm": ("person", "search_key"),
    "ix_person_caf_number_trgm": ("person", "caf_number"),
    "ix_person_ps_id_trgm": ("person", "ps_id"),
}
