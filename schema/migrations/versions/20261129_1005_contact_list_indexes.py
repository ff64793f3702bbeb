"""contact list indexes: the mode filter in list order, an accompaniment's contacts in list
order from the index alone

Revision ID: 1005
Revises: 1004
Create Date: 2026-11-29 02:50:00.000000
"""

from alembic import op


revision = '1005'
down_revision = '1004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_contact_mode', table_name='contact')
    op.create_index('ix_contact_mode_planned', 'contact', ['mode', 'planned_at'], unique=False)
    op.drop_index('ix_contact_accompaniment_held', table_name='contact')
    op.create_index(
        'ix_contact_accompaniment_held',
        'contact',
        ['accompaniment_id', 'held_at', 'planned_at'],
        unique=False,
        postgresql_include=['id'],
    )


def downgrade() -> None:
    op.drop_index('ix_contact_accompaniment_held', table_name='contact')
    op.create_index(
        'ix_contact_accompaniment_held', 'contact', ['accompaniment_id', 'held_at'], unique=False
    )
    op.drop_index('ix_contact_mode_planned', table_name='contact')
    op.create_index('ix_contact_mode', 'contact', ['mode'], unique=False)
