"""privacy: login failure window, anonymisation date, versioned reference lists

Revision ID: 0701
Revises: 0001
Create Date: 2026-11-28 20:27:32.531277
"""

from alembic import op
import sqlalchemy as sa


revision = '0701'
down_revision = "0601"
branch_labels = None
depends_on = None

# Reference lists become optimistic-locked like every other editable table.
VERSIONED_REFERENCE_TABLES = (
    'barrier_family',
    'contract_type',
    'education_level',
    'exit_reason',
    'housing_situation',
    'orientation_path',
    'rome_code',
    'training_scheme',
    'workshop',
)


def upgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_failed_at', sa.DateTime(), nullable=True))

    for table in VERSIONED_REFERENCE_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('version', sa.Integer(), server_default='1', nullable=False)
            )

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(), nullable=True))
        batch_op.create_index(
            batch_op.f('ix_person_anonymised_at'), ['anonymised_at'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_anonymised_at'))
        batch_op.drop_column('anonymised_at')

    for table in reversed(VERSIONED_REFERENCE_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('first_failed_at')
