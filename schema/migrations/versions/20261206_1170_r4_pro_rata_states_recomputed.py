"""R4 pro rata (issue 14): the stored rule states and counsellor counts are recomputed

The physical-meetings rule now requires 2 meetings a month pro rata of the active days (in the
file, not paused) instead of exempting any month touched by a pause: the stored ``r4`` states
and the counsellors' ``r4_late`` / ``r4_soon`` counts change meaning (and the day a pause
resumes is no longer "suspendu" for R3 and R4). No column changes; the
stored rows are marked as of an old day, so the first page that reads them (or
``ensemble rules refresh``, to run after an upgrade) recomputes them with the new rule.

Revision ID: 1170
Revises: 1161
Create Date: 2026-12-06 12:30:00.000000
"""

from alembic import op


revision = '1170'
down_revision = '1161'
branch_labels = None
depends_on = None

STALE = "'1970-01-01'"


def _mark_stale() -> None:
    op.execute(f"UPDATE rule_states SET computed_on = {STALE}")
    op.execute(f"UPDATE counsellor_counts SET computed_on = {STALE}")


def upgrade() -> None:
    _mark_stale()


def downgrade() -> None:
    # The previous rule recomputes them the same way.
    _mark_stale()
