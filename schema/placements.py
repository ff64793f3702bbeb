"""Counts of "rapprocher l'offre et la demande" for the manager's dashboard: open opportunities
by channel, positionings and hires (retenu) of the month and of the year, insertion hours of the
clauses filled by hires. One SQL statement whatever the volume.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from schema.enums import Channel, OpportunityStatus, PositioningStatus
from schema.opportunities import Opportunity, Positioning


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
    positioning was marked "retenu" (``Positioning.status_on``)."""
    month_start = today.replace(day=1)
    year_start = today.replace(month=1, day=1)
    retained = Positioning.status == PositioningStatus.RETENU
    in_month = Positioning.status_on.between(month_start, today)
    in_year = Positioning.status_on.between(year_start, today)
    clause = Opportunity.channel == Channel.CLAUSE
    hours = func.coalesce(Positioning.insertion_hours, 0)

    def count_if(condition) -> object:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    def hours_if(condition) -> object:
        return func.coalesce(func.sum(case((condition, hours), else_=0)), 0)

    # Each part reads only its own index range (count(*): from the index alone): the positionings
    # proposed this month, the hires of this year (ix_positioning_status_status_on).
    proposed = (
        select(func.count())
        .select_from(Positioning)
        .where(Positioning.proposed_on.between(month_start, today))
        .scalar_subquery()
        .label("proposed")
    )
    hires = (
        select(
            count_if(in_month).label("hires_month"),
            func.count().label("hires_year"),
            hours_if(and_(clause, in_month)).label("hours_month"),
            hours_if(clause).label("hours_year"),
        )
        .select_from(Positioning)
        .outerjoin(Opportunity, Opportunity.id == Positioning.opportunity_id)
        .where(retained, in_year, Positioning.proposed_on <= today)
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
    row = session.execute(select(*open_counts, proposed, *hires.c)).one()._mapping
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
