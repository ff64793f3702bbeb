"""stored day counts: the read model of the dashboard's plots, filled from the existing rows;
an index for the hires of a period

Revision ID: 1002
Revises: 1001
Create Date: 2026-11-28 23:10:25.901710
"""

from alembic import op
import sqlalchemy as sa


revision = '1002'
down_revision = '1001'
branch_labels = None
depends_on = None

# The data as of this revision (schema.rules.daily_counts computes the same from then on).
PHYSICAL = "('physique', 'accompagnement')"
DAY = {'postgresql': 'CAST(held_at AS DATE)', 'sqlite': 'date(held_at)'}
DELAY = {
    'postgresql': 'a.entry_date - o.decision_date',
    'sqlite': 'CAST(julianday(a.entry_date) - julianday(o.decision_date) AS INTEGER)',
}


def upgrade() -> None:
    op.create_table('daily_counts',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('contacts_physical', sa.Integer(), nullable=False),
    sa.Column('contacts_other', sa.Integer(), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.Column('exits', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_daily_counts'))
    )
    op.create_table('entry_delays',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('delay_days', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('accompaniments', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'delay_days', name=op.f('pk_entry_delays'))
    )
    op.create_index(
        'ix_positioning_status_status_on',
        'positioning',
        ['status', 'status_on', 'proposed_on', 'insertion_hours', 'opportunity_id'],
        unique=False,
    )
    dialect = op.get_bind().dialect.name
    op.execute(f"""
        INSERT INTO daily_counts (day, contacts_physical, contacts_other, entries, exits)
        SELECT day, sum(p), sum(o), sum(e), sum(x) FROM (
            SELECT {DAY[dialect]} AS day,
                   CASE WHEN mode IN {PHYSICAL} THEN 1 ELSE 0 END AS p,
                   CASE WHEN mode IN {PHYSICAL} THEN 0 ELSE 1 END AS o, 0 AS e, 0 AS x
            FROM contact WHERE status = 'honore' AND held_at IS NOT NULL
            UNION ALL
            SELECT entry_date, 0, 0, 1, 0 FROM accompaniment WHERE entry_date IS NOT NULL
            UNION ALL
            SELECT exit_date, 0, 0, 0, 1 FROM accompaniment
            WHERE entry_date IS NOT NULL AND exit_date IS NOT NULL
        ) AS counted GROUP BY day
    """)
    op.execute(f"""
        INSERT INTO entry_delays (day, delay_days, accompaniments)
        SELECT a.entry_date, {DELAY[dialect]}, count(*)
        FROM accompaniment a JOIN orientation o ON o.id = a.orientation_id
        WHERE a.entry_date IS NOT NULL
        GROUP BY a.entry_date, {DELAY[dialect]}
    """)


def downgrade() -> None:
    op.drop_index('ix_positioning_status_status_on', table_name='positioning')
    op.drop_table('entry_delays')
    op.drop_table('daily_counts')
