"""Counts of "rapprocher l'offre et la demande" for the manager's dashboard: open opportunities
by channel, positionings and hires (retenu) of the month and of the year, insertion hours of the
clauses filled by hires. One SQL statement whatever the volume: the positionings and hires are
summed from the stored day counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from schema.daily_counts import DailyCounts
from schema.enums import Channel, OpportunityStatus
from schema.opportunities import Opportunity


@dataclass(frozen=True)
class PlacementCounts:
    month_start: date
    year_start: date
    open_by_channel: dict[str, int]  # every channel, in the enumeration's order
    positionings_month: int
    hires_month: int
    hires_year: int
    clause_hours_month: int
    clause_hours_year: int

    @property
    def open_total(self) -> int:
        return sum(self.open_by_channel.values())

    @property
    def channel_labels(self) -> dict[str, str]:
        return Channel.labels()


def placement_counts(session: Session, today: date) -> PlacementCounts:
    """Positionings count by their proposal date; hires and clause hours by the date the
    positioning was marked "retenu" (``Positioning.status_on``): sums of the stored day counts
    of the month and of the year (``schema.daily_counts``, at most 366 rows)."""
    month_start = today.replace(day=1)
    year_start = today.replace(month=1, day=1)
    days = DailyCounts.__table__.c
    in_month = days.day >= month_start

    def total(column: Any, criterion: Any = None) -> Any:
        value = column if criterion is None else case((criterion, column), else_=0)
        return func.coalesce(func.sum(value), 0)

    stored = (
        select(
            total(days.positionings, in_month).label("proposed"),
            total(days.hires, in_month).label("hires_month"),
            total(days.hires).label("hires_year"),
            total(days.clause_hours, in_month).label("hours_month"),
            total(days.clause_hours).label("hours_year"),
        )
        .where(days.day >= year_start, days.day <= today)
        .subquery()
    )
    open_counts = [
        select(func.count())
        .select_from(Opportunity)
        .where(Opportunity.status == OpportunityStatus.OUVERTE, Opportunity.channel == c.value)
        .scalar_subquery()
        .label(c.value)
        for c in Channel
    ]
    row = session.execute(select(*open_counts, *stored.c)).one()._mapping
    return PlacementCounts(
        month_start=month_start,
        year_start=year_start,
        open_by_channel={c.value: int(row[c.value]) for c in Channel},
        positionings_month=int(row["proposed"]),
        hires_month=int(row["hires_month"]),
        hires_year=int(row["hires_year"]),
        clause_hours_month=int(row["hours_month"]),
        clause_hours_year=int(row["hours_year"]),
    )
