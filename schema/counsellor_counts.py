"""Per counsellor, the figures of the programme dashboard, stored: its read model.

The dashboard shows, for a page of counsellors and for the whole programme, the active file,
the people to contact and in pause, the entries and exits of the month and the alerts of each
rule. Counted from the accompaniments and the stored rule states, the programme's totals read
every open accompaniment (a cost that follows the size of the département); summed from this
table, one row per counsellor. ``schema.rules.counsellor_counts`` recomputes the rows of the
counsellors whose accompaniments a write touched, in the same transaction, and every row when
the rule states are recomputed for a new day. A cache, never a source.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer
from sqlalchemy.orm import Mapped, mapped_column

from schema.base import Base

# The row of the accompaniments without a counsellor ("Non attribué").
UNASSIGNED_KEY = 0


class CounsellorCounts(Base):
    """Figures on ``computed_on`` of one counsellor's accompaniments (``counsellor_key``: the
    counsellor's id, or ``UNASSIGNED_KEY``). ``rN_late`` / ``rN_soon``: open accompaniments
    whose rule N is late / soon due (columns named by the rules' codes)."""

    __tablename__ = "counsellor_counts"

    counsellor_key: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    computed_on: Mapped[date] = mapped_column(Date, index=True)
    active_file: Mapped[int] = mapped_column(Integer)
    to_contact: Mapped[int] = mapped_column(Integer)
    paused: Mapped[int] = mapped_column(Integer)
    entries_month: Mapped[int] = mapped_column(Integer)
    exits_month: Mapped[int] = mapped_column(Integer)
    r1_late: Mapped[int] = mapped_column(Integer)
    r1_soon: Mapped[int] = mapped_column(Integer)
    r2_late: Mapped[int] = mapped_column(Integer)
    r2_soon: Mapped[int] = mapped_column(Integer)
    r3_late: Mapped[int] = mapped_column(Integer)
    r3_soon: Mapped[int] = mapped_column(Integer)
    r4_late: Mapped[int] = mapped_column(Integer)
    r4_soon: Mapped[int] = mapped_column(Integer)
    r5_late: Mapped[int] = mapped_column(Integer)
    r5_soon: Mapped[int] = mapped_column(Integer)
    r6_late: Mapped[int] = mapped_column(Integer)
    r6_soon: Mapped[int] = mapped_column(Integer)
    r8_late: Mapped[int] = mapped_column(Integer)
    r8_soon: Mapped[int] = mapped_column(Integer)
