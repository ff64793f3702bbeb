"""rule states in list order: a copy of the entry date, each rule's index in the accompaniment
list's default order

Revision ID: 1006
Revises: 1005
Create Date: 2026-11-29 02:45:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '1006'
down_revision = '1005'
branch_labels = None
depends_on = None

CODES = ('r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r8')


def upgrade() -> None:
    with op.batch_alter_table('rule_states', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entry_date', sa.Date(), nullable=True))
    op.execute("""
        UPDATE rule_states SET entry_date = (
            SELECT accompaniment.entry_date FROM accompaniment
            WHERE accompaniment.id = rule_states.accompaniment_id
        )
    """)
    for code in CODES:
        op.drop_index(f'ix_rule_states_{code}', table_name='rule_states')
        op.create_index(
            f'ix_rule_states_{code}', 'rule_states', [code, 'entry_date', 'accompaniment_id']
        )


def downgrade() -> None:
    for code in CODES:
        op.drop_index(f'ix_rule_states_{code}', table_name='rule_states')
        op.create_index(f'ix_rule_states_{code}', 'rule_states', [code])
    with op.batch_alter_table('rule_states', schema=None) as batch_op:
        batch_op.drop_column('entry_date')
