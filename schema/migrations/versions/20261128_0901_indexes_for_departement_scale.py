"""indexes for département scale: list filters, rules' look-ups, trigram search on PostgreSQL

Revision ID: 0901
Revises: 0701
Create Date: 2026-11-28 21:22:11.537852
"""

from alembic import op


revision = '0901'
down_revision = "0801"
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_accompaniment_status_entry', 'accompaniment', ['status', 'entry_date']),
    ('ix_pathway_action_accompaniment_kind', 'pathway_action', ['accompaniment_id', 'kind']),
    ('ix_person_commune_search', 'person', ['commune', 'search_key']),
)

# PostgreSQL only (schema/search_indexes.py): search anywhere in a name, by prefix in an id.
TRIGRAM_INDEXES = (
    ('ix_person_search_key_trgm', 'person', 'search_key'),
    ('ix_person_caf_number_trgm', 'person', 'caf_number'),
    ('ix_person_ps_id_trgm', 'person', 'ps_id'),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        # The extension lives in one schema per database: name its operator class fully.
        where = op.get_bind().exec_driver_sql(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
        ).scalar_one()
        for name, table, column in TRIGRAM_INDEXES:
            op.execute(f'CREATE INDEX {name} ON {table} USING gin ({column} {where}.gin_trgm_ops)')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for name, _table, _column in TRIGRAM_INDEXES:
            op.execute(f'DROP INDEX IF EXISTS {name}')
        # The extension stays: other databases objects may use it.
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
