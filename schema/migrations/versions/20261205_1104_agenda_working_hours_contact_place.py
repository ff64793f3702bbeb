"""agenda: counsellors' working hours; a contact's place and the contact it was moved from

Revision ID: 1104
Revises: 1006
Create Date: 2026-12-05 19:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '1104'
down_revision = '1006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'counsellor_working_hours',
        sa.Column('counsellor_id', sa.Integer(), nullable=False),
        sa.Column('weekday', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.Time(), nullable=False),
        sa.Column('ends_at', sa.Time(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.CheckConstraint('weekday >= 0 AND weekday <= 5', name=op.f('ck_counsellor_working_hours_weekday_valid')),
        sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_counsellor_working_hours_ends_after_start')),
        sa.ForeignKeyConstraint(['counsellor_id'], ['counsellor.id'], name=op.f('fk_counsellor_working_hours_counsellor_id_counsellor'), ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_counsellor_working_hours')),
    )
    op.create_index('ix_counsellor_working_hours_counsellor_day', 'counsellor_working_hours', ['counsellor_id', 'weekday'], unique=False)
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('rescheduled_from_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_contact_rescheduled_from_id'), ['rescheduled_from_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_contact_rescheduled_from_id_contact'), 'contact', ['rescheduled_from_id'], ['id'], ondelete='RESTRICT')


def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contact_rescheduled_from_id_contact'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_contact_rescheduled_from_id'))
        batch_op.drop_column('rescheduled_from_id')
        batch_op.drop_column('place')
    op.drop_index('ix_counsellor_working_hours_counsellor_day', table_name='counsellor_working_hours')
    op.drop_table('counsellor_working_hours')
