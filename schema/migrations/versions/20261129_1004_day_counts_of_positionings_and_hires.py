"""day counts of positionings and hires: the dashboard's placement figures, filled from the
existing rows

Revision ID: 1004
Revises: 1003
Create Date: 2026-11-29 02:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '1004'
down_revision = '1003'
branch_labels = None
depends_on = None

COLUMNS = ('positionings', 'hires', 'clause_hours')
# The data as of this revision (schema.rules.daily_counts computes the same from then on).
COUNTED = """
    SELECT proposed_on AS day, 1 AS p, 0 AS h, 0 AS c FROM positioning
    UNION ALL
    SELECT ps.status_on, 0, 1,
           CASE WHEN o.channel = 'clause' THEN coalesce(ps.insertion_hours, 0) ELSE 0 END
    FROM positioning ps LEFT JOIN opportunity o ON o.id = ps.opportunity_id
    WHERE ps.status = 'retenu' AND ps.status_on IS NOT NULL
"""


def upgrade() -> None:
    with op.batch_alter_table('daily_counts', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default='0'))
    # The days already stored get their figures; the days with positionings only get a row.
    op.execute(f"""
        CREATE TEMPORARY TABLE placement_days AS
        SELECT day, sum(p) AS p, sum(h) AS h, sum(c) AS c FROM ({COUNTED}) AS counted
        GROUP BY day
    """)
    op.execute("""
        UPDATE daily_counts SET
            positionings = (SELECT p FROM placement_days WHERE placement_days.day = daily_counts.day),
            hires = (SELECT h FROM placement_days WHERE placement_days.day = daily_counts.day),
            clause_hours = (SELECT c FROM placement_days WHERE placement_days.day = daily_counts.day)
        WHERE day IN (SELECT day FROM placement_days)
    """)
    op.execute("""
        INSERT INTO daily_counts (day, contacts_physical, contacts_other, entries, exits,
                                  positionings, hires, clause_hours)
        SELECT day, 0, 0, 0, 0, p, h, c FROM placement_days
        WHERE day NOT IN (SELECT day FROM daily_counts)
    """)
    op.execute("DROP TABLE placement_days")
    with op.batch_alter_table('daily_counts', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.alter_column(name, server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('daily_counts', schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
