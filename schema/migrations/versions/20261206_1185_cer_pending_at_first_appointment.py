"""accompaniment: the first appointment may be held with the CER still to sign (reason, note)

Issue 14: the CER is sometimes signed days after the first appointment. The accompaniment keeps
why it is still to sign (``cer_pending_reason``: documents manquants, délai de réflexion, autre)
and a note (required for "autre") until the first CER is signed.

SQLite adds a CHECK constraint to an existing table only by rebuilding it, which fails as soon
as a row points at an accompaniment (ON DELETE RESTRICT, foreign keys on). A constraint written
in the column definition of ``ALTER TABLE ADD COLUMN`` is checked all the same, and goes with the
column when it is dropped: each constraint is attached to the column added last among those it
reads. PostgreSQL adds the columns, then the named constraints.

Revision ID: 1185
Revises: 1170
Create Date: 2026-12-06 13:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '1185'
down_revision = '1170'
branch_labels = None
depends_on = None

REASON_VALID = (
    'ck_accompaniment_cer_pending_reason_valid',
    "cer_pending_reason IN ('documents_manquants', 'delai_reflexion', 'autre')",
)
AFTER_ENTRY = (
    'ck_accompaniment_cer_pending_after_entry',
    'cer_pending_reason IS NULL OR entry_date IS NOT NULL',
)
OTHER_HAS_NOTE = (
    'ck_accompaniment_cer_pending_other_has_note',
    "cer_pending_reason IS NULL OR cer_pending_reason <> 'autre' OR cer_pending_note IS NOT NULL",
)


def _checks(*checks: tuple[str, str]) -> str:
    return ' '.join(f'CONSTRAINT {name} CHECK ({sql})' for name, sql in checks)


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(
            'ALTER TABLE accompaniment ADD COLUMN cer_pending_reason VARCHAR(19) '
            + _checks(REASON_VALID, AFTER_ENTRY)
        )
        op.execute(
            'ALTER TABLE accompaniment ADD COLUMN cer_pending_note VARCHAR(500) '
            + _checks(OTHER_HAS_NOTE)
        )
        return
    op.add_column('accompaniment', sa.Column('cer_pending_reason', sa.String(length=19), nullable=True))
    op.add_column('accompaniment', sa.Column('cer_pending_note', sa.String(length=500), nullable=True))
    for name, sql in (REASON_VALID, AFTER_ENTRY, OTHER_HAS_NOTE):
        op.create_check_constraint(op.f(name), 'accompaniment', sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        # The note first: its constraint reads the reason.
        op.execute('ALTER TABLE accompaniment DROP COLUMN cer_pending_note')
        op.execute('ALTER TABLE accompaniment DROP COLUMN cer_pending_reason')
        return
    for name, _sql in (OTHER_HAS_NOTE, AFTER_ENTRY, REASON_VALID):
        op.drop_constraint(op.f(name), 'accompaniment', type_='check')
    op.drop_column('accompaniment', 'cer_pending_note')
    op.drop_column('accompaniment', 'cer_pending_reason')
