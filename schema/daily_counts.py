"""Day-by-day counts of the programme, stored: the read model of the dashboard's plots.

The plots span months (the active file over 52 weeks, held contacts over 26 weeks, delays to
the first appointment over 12 months). Counted from the source rows, they read hundreds of
thousands of contacts at département scale; summed from these tables, a few hundred rows.
``schema.rules.daily_counts`` recomputes the days each write touches, in the same transaction;
``ensemble rules refresh`` rebuilds the tables from the data. A cache, never a source.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer
from sqlalchemy.orm import Mapped, mapped_column

from schema.base import Base


class DailyCounts(Base):
    """Per day: held contacts (physical modes / others), entries and exits of accompaniments,
    positionings proposed, hires (positionings marked "retenu" that day) and the insertion
    hours of the clauses those hires fill."""

    __tablename__ = "daily_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    contacts_physical: Mapped[int] = mapped_column(Integer)
    contacts_other: Mapped[int] = mapped_column(Integer)
    entries: Mapped[int] = mapped_column(Integer)
    exits: Mapped[int] = mapped_column(Integer)
    positionings: Mapped[int] = mapped_column(Integer)
    hires: Mapped[int] = mapped_column(Integer)
    clause_hours: Mapped[int] = mapped_column(Integer)


class EntryDelays(Base):
    """Per day of entry (first appointment) and delay in days from the orientation decision
    (R1): how many accompaniments."""

    __tablename__ = "entry_delays"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    delay_days: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    accompaniments: Mapped[int] = mapped_column(Integer)
