"""calendar feed links: a counsellor's secret iCalendar URL (token stored as a digest)

Revision ID: 1160
Revises: 1120
Create Date: 2026-12-06 11:54:29.676390
"""

from alembic import op
import sqlalchemy as sa


revision = '1160'
down_revision = '1120'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_feed',
    sa.Column('counsellor_id', sa.Integer(), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['counsellor_id'], ['counsellor.id'], name=op.f('fk_calendar_feed_counsellor_id_counsellor'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_calendar_feed_token_digest'))
    )
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.create_index('ix_calendar_feed_counsellor_revoked', ['counsellor_id', 'revoked_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.drop_index('ix_calendar_feed_counsellor_revoked')

    op.drop_table('calendar_feed')
