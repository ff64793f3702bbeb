"""stored rule states: the read model of the programme dashboard and the alert filters

The table starts empty; the first read (or ``ensemble rules refresh``) fills it.

Revision ID: 1001
Revises: 0901
Create Date: 2026-11-28 23:06:50.786463
"""

from alembic import op
import sqlalchemy as sa


revision = '1001'
down_revision = '0901'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rule_states',
    sa.Column('accompaniment_id', sa.Integer(), nullable=False),
    sa.Column('computed_on', sa.Date(), nullable=False),
    sa.Column('counsellor_id', sa.Integer(), nullable=True),
    sa.Column('r1', sa.String(length=10), nullable=False),
    sa.Column('r2', sa.String(length=10), nullable=False),
    sa.Column('r3', sa.String(length=10), nullable=False),
    sa.Column('r4', sa.String(length=10), nullable=False),
    sa.Column('r5', sa.String(length=10), nullable=False),
    sa.Column('r6', sa.String(length=10), nullable=False),
    sa.Column('r8', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['accompaniment_id'], ['accompaniment.id'], name=op.f('fk_rule_states_accompaniment_id_accompaniment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('accompaniment_id', name=op.f('pk_rule_states'))
    )
    with op.batch_alter_table('rule_states', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rule_states_computed_on'), ['computed_on'], unique=False)
        batch_op.create_index('ix_rule_states_counsellor', ['counsellor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rule_states_r1'), ['r1'], unique=False)
        batch_op.create_index(batch_op.f('ix_rule_states_r2'), ['r2'], unique=False)
        batch_op.create_index(batch_op.f('ix_rule_states_r3'), ['r3'], unique=False)
        batch_op.create_index(batch_op.f('ix_rule_states_r4'), ['r4'], unique=False)
        batch_op.create_index(batch_op.f('ix_rule_states_r5'), ['r5'], unique=False)
        batch_op.create_index(batch_op.f('ix_rule_states_r6'), ['r6'], unique=False)
        batch_op.create_index(batch_op.f('ix_rule_states_r8'), ['r8'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('rule_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rule_states_r8'))
        batch_op.drop_index(batch_op.f('ix_rule_states_r6'))
        batch_op.drop_index(batch_op.f('ix_rule_states_r5'))
        batch_op.drop_index(batch_op.f('ix_rule_states_r4'))
        batch_op.drop_index(batch_op.f('ix_rule_states_r3'))
        batch_op.drop_index(batch_op.f('ix_rule_states_r2'))
        batch_op.drop_index(batch_op.f('ix_rule_states_r1'))
        batch_op.drop_index('ix_rule_states_counsellor')
        batch_op.drop_index(batch_op.f('ix_rule_states_computed_on'))

    op.drop_table('rule_states')
