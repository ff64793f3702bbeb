"""Keeping the stored day-by-day counts (``schema.daily_counts``) current.

Every ORM flush that adds, changes or deletes a contact, an accompaniment, an orientation, a
positioning or an opportunity's channel recomputes, from the source rows, the days it touched
(a contact's day before and after the change, an accompaniment's entry and exit days, a
positioning's proposal and status days): four statements reading one day of rows each.
On PostgreSQL each day is locked (an advisory lock until the transaction ends) so that two
transactions recomputing the same day run one after the other, the second one seeing the
first's rows. :func:`rebuild` recomputes everything (``ensemble rules refresh``, demo data).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    and_,
    case,
    event,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from schema.contacts import Contact
from schema.daily_counts import DailyCounts, EntryDelays
from schema.enums import PHYSICAL_MODES, Channel, ContactStatus, PositioningStatus
from schema.opportunities import Opportunity, Positioning
from schema.pathway import Accompaniment, Orientation
from schema.rules.flushed import changed, flushed, values
from schema.rules.sql import as_date, epoch_days, flag

DAYS = DailyCounts.__table__
DELAYS = EntryDelays.__table__
# Days per statement when a write touches many (an import of a year of orientations).
CHUNK = 200
# Namespace of the PostgreSQL advisory locks on days (the second key is the day's number).
DAY_LOCKS = 0x44415953


def _day_range(day: date) -> Any:
    start = datetime.combine(day, time.min)
    return and_(Contact.held_at >= start, Contact.held_at < start + timedelta(days=1))


COUNTED = ("physical", "other", "entries", "exits", "positionings", "hires", "clause_hours")
DAY_COLUMNS = [
    "day",
    "contacts_physical",
    "contacts_other",
    "entries",
    "exits",
    "positionings",
    "hires",
    "clause_hours",
]


def _row(day: Any, **counted: Any) -> list[Any]:
    """The columns of one counted source row: its day, ``counted`` and zeros."""
    return [day.label("day"), *[counted.get(name, literal(0)).label(name) for name in COUNTED]]


def _counts_select(days: list[date] | None) -> Select:
    """Per day: held contacts (physical / other), entries, exits, positionings, hires and clause
    hours; of ``days`` or of all days."""
    physical = Contact.mode.in_([m.value for m in PHYSICAL_MODES])
    contacts = select(
        *_row(as_date(Contact.held_at), physical=flag(physical), other=flag(~physical))
    ).where(Contact.status == ContactStatus.HONORE, Contact.held_at.is_not(None))
    entries = select(*_row(Accompaniment.entry_date, entries=literal(1))).where(
        Accompaniment.entry_date.is_not(None)
    )
    exits = select(*_row(Accompaniment.exit_date, exits=literal(1))).where(
        Accompaniment.entry_date.is_not(None), Accompaniment.exit_date.is_not(None)
    )
    proposed = select(*_row(Positioning.proposed_on, positionings=literal(1)))
    clause = Opportunity.channel == Channel.CLAUSE
    hours = case((clause, func.coalesce(Positioning.insertion_hours, 0)), else_=0)
    hires = (
        select(*_row(Positioning.status_on, hires=literal(1), clause_hours=hours))
        .outerjoin(Opportunity, Opportunity.id == Positioning.opportunity_id)
        .where(Positioning.status == PositioningStatus.RETENU, Positioning.status_on.is_not(None))
    )
    if days is not None:
        contacts = contacts.where(or_(*[_day_range(day) for day in days]))
        entries = entries.where(Accompaniment.entry_date.in_(days))
        exits = exits.where(Accompaniment.exit_date.in_(days))
        proposed = proposed.where(Positioning.proposed_on.in_(days))
        hires = hires.where(Positioning.status_on.in_(days))
    rows = union_all(contacts, entries, exits, proposed, hires).subquery("rows")
    return select(rows.c.day, *[func.sum(rows.c[name]) for name in COUNTED]).group_by(rows.c.day)


def _delays_select(days: list[date] | None) -> Select:
    delay = epoch_days(Accompaniment.entry_date) - epoch_days(Orientation.decision_date)
    query = (
        select(Accompaniment.entry_date, delay, func.count(Accompaniment.id))
        .join(Orientation, Orientation.id == Accompaniment.orientation_id)
        .where(Accompaniment.entry_date.is_not(None))
        .group_by(Accompaniment.entry_date, delay)
    )
    if days is not None:
        query = query.where(Accompaniment.entry_date.in_(days))
    return query


def _write(connection: Connection, days: list[date] | None) -> None:
    delay_columns = ["day", "delay_days", "accompaniments"]
    if days is None:
        connection.execute(DAYS.delete())
        connection.execute(DELAYS.delete())
    else:
        connection.execute(DAYS.delete().where(DAYS.c.day.in_(days)))
        connection.execute(DELAYS.delete().where(DELAYS.c.day.in_(days)))
    connection.execute(DAYS.insert().from_select(DAY_COLUMNS, _counts_select(days)))
    connection.execute(DELAYS.insert().from_select(delay_columns, _delays_select(days)))


def recompute_days(session: Session, days: Iterable[date]) -> None:
    """Recompute the stored counts of these days (locked one by one on PostgreSQL)."""
    days = sorted(set(days))
    connection = session.connection()
    for start in range(0, len(days), CHUNK):
        chunk = days[start : start + CHUNK]
        if connection.dialect.name == "postgresql":
            locks = [func.pg_advisory_xact_lock(DAY_LOCKS, day.toordinal()) for day in chunk]
            connection.execute(select(*locks))
        _write(connection, chunk)


def rebuild(session: Session) -> int:
    """Recompute every day from the data (the daily command, demo data). Returns the days."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(DAY_LOCKS, 0)))
    _write(connection, None)
    return session.scalar(select(func.count()).select_from(DAYS)) or 0


# --- Tracking writes -----------------------------------------------------------------------------


def _days(values: Iterable[Any]) -> set[date]:
    days = set()
    for value in values:
        if isinstance(value, datetime):
            days.add(value.date())
        elif isinstance(value, date):
            days.add(value)
    return days


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    days: set[date] = set()
    orientations: set[int] = set()
    opportunities: set[int] = set()
    for obj in flushed(session):
        if isinstance(obj, Contact):
            days |= _days(values(obj, "held_at"))
        elif isinstance(obj, Accompaniment):
            days |= _days(values(obj, "entry_date") | values(obj, "exit_date"))
        elif isinstance(obj, Positioning):
            days |= _days(values(obj, "proposed_on") | values(obj, "status_on"))
        elif isinstance(obj, Orientation) and obj not in session.new:
            orientations.add(obj.id)
        elif isinstance(obj, Opportunity) and obj not in session.new and changed(obj, "channel"):
            opportunities.add(obj.id)
    if orientations:
        days |= set(
            session.connection().scalars(
                select(Accompaniment.entry_date).where(
                    Accompaniment.orientation_id.in_(orientations),
                    Accompaniment.entry_date.is_not(None),
                )
            )
        )
    if opportunities:  # the clause hours of its hires count or no longer count
        days |= set(
            session.connection().scalars(
                select(Positioning.status_on).where(
                    Positioning.opportunity_id.in_(opportunities),
                    Positioning.status == PositioningStatus.RETENU,
                    Positioning.status_on.is_not(None),
                )
            )
        )
    if days:
        recompute_days(session, days)
