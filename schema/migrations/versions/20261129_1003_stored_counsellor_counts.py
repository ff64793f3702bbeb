"""stored counsellor counts: the read model of the programme dashboard

Created empty: the first page that reads the stored rule states (or `ensemble rules refresh`,
to run after an upgrade) fills it for the day.

Revision ID: 1003
Revises: 1002
Create Date: 2026-11-29 01:53:22.636971
"""

from alembic import op
import sqlalchemy as sa


revision = '1003'
down_revision = '1002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('counsellor_counts',
    sa.Column('counsellor_key', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('computed_on', sa.Date(), nullable=False),
    sa.Column('active_file', sa.Integer(), nullable=False),
    sa.Column('to_contact', sa.Integer(), nullable=False),
    sa.Column('paused', sa.Integer(), nullable=False),
    sa.Column('entries_month', sa.Integer(), nullable=False),
    sa.Column('exits_month', sa.Integer(), nullable=False),
    sa.Column('r1_late', sa.Integer(), nullable=False),
    sa.Column('r1_soon', sa.Integer(), nullable=False),
    sa.Column('r2_late', sa.Integer(), nullable=False),
    sa.Column('r2_soon', sa.Integer(), nullable=False),
    sa.Column('r3_late', sa.Integer(), nullable=False),
    sa.Column('r3_soon', sa.Integer(), nullable=False),
    sa.Column('r4_late', sa.Integer(), nullable=False),
    sa.Column('r4_soon', sa.Integer(), nullable=False),
    sa.Column('r5_late', sa.Integer(), nullable=False),
    sa.Column('r5_soon', sa.Integer(), nullable=False),
    sa.Column('r6_late', sa.Integer(), nullable=False),
    sa.Column('r6_soon', sa.Integer(), nullable=False),
    sa.Column('r8_late', sa.Integer(), nullable=False),
    sa.Column('r8_soon', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('counsellor_key', name=op.f('pk_counsellor_counts'))
    )
    with op.batch_alter_table('counsellor_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_counsellor_counts_computed_on'), ['computed_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('counsellor_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_counsellor_counts_computed_on'))

    op.drop_table('counsellor_counts')
