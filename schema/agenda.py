"""A counsellor's agenda: working hours, busy periods (planned contacts of their caseload and
the workshop sessions they facilitate) and free slots. Each read is one bounded statement.

A session belongs to a counsellor's agenda when its facilitator ("animation", free text) is the
counsellor's display name (case and surrounding spaces ignored).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from schema.accounts import Counsellor
from schema.contacts import Contact
from schema.enums import ContactStatus
from schema.pathway import Accompaniment
from schema.working_hours import DEFAULT_HOURS, CounsellorWorkingHours
from schema.workshops import WorkshopSession

# A planned contact without a duration occupies this long in the agenda.
DEFAULT_DURATION_MINUTES = 60
MAX_DURATION_MINUTES = 8 * 60
SLOT_STEP_MINUTES = 30
WEEK_DAYS = 6  # Monday to Saturday
DAY_START, DAY_END = time(8, 0), time(19, 0)


@dataclass(frozen=True)
class Period:
    weekday: int
    starts_at: time
    ends_at: time


@dataclass(frozen=True)
class Busy:
    """A period the counsellor is taken: a planned contact or a session they facilitate."""

    starts_at: datetime
    ends_at: datetime
    label: str
    contact: Contact | None = None
    workshop_session: WorkshopSession | None = None


def contact_end(contact: Contact) -> datetime:
    minutes = contact.duration_minutes or DEFAULT_DURATION_MINUTES
    return contact.planned_at + timedelta(minutes=minutes)


def working_hours(session: Session, counsellor_id: int) -> list[Period]:
    """The counsellor's working periods, or the defaults (Mon–Fri 9:00–12:30, 13:30–17:00)."""
    rows = session.execute(
        select(
            CounsellorWorkingHours.weekday,
            CounsellorWorkingHours.starts_at,
            CounsellorWorkingHours.ends_at,
        )
        .where(CounsellorWorkingHours.counsellor_id == counsellor_id)
        .order_by(CounsellorWorkingHours.weekday, CounsellorWorkingHours.starts_at)
    ).all()
    return [Period(*row) for row in rows] or [Period(*row) for row in DEFAULT_HOURS]


def within_hours(periods: Iterable[Period], starts_at: datetime, ends_at: datetime) -> bool:
    """The appointment lies within one working period of its day."""
    if ends_at.date() != starts_at.date():
        return False
    return any(
        p.weekday == starts_at.weekday()
        and p.starts_at <= starts_at.time()
        and ends_at.time() <= p.ends_at
        for p in periods
    )


def planned_contacts(
    session: Session, counsellor_id: int, start: datetime, end: datetime
) -> list[Contact]:
    """Planned contacts of the counsellor's caseload overlapping [start, end), with the person
    loaded (one statement)."""
    return list(
        session.scalars(
            select(Contact)
            .join(Contact.accompaniment)
            .join(Accompaniment.person)
            .options(contains_eager(Contact.accompaniment).contains_eager(Accompaniment.person))
            .where(
                Accompaniment.counsellor_id == counsellor_id,
                Contact.status == ContactStatus.PREVU,
                Contact.planned_at >= start - timedelta(minutes=MAX_DURATION_MINUTES),
                Contact.planned_at < end,
            )
            .order_by(Contact.planned_at, Contact.id)
        )
    )


def facilitated_sessions(
    session: Session, counsellor: Counsellor, start: datetime, end: datetime
) -> list[WorkshopSession]:
    """Workshop sessions the counsellor facilitates overlapping [start, end) (one statement)."""
    rows = session.scalars(
        select(WorkshopSession)
        .join(WorkshopSession.workshop)
        .options(contains_eager(WorkshopSession.workshop))
        .where(
            WorkshopSession.starts_at < end,
            WorkshopSession.ends_at > start,
            WorkshopSession.facilitator.is_not(None),
        )
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
    )
    return [ws for ws in rows if ws.is_facilitated_by(counsellor.display_name)]


def busy_periods(
    session: Session,
    counsellor: Counsellor,
    start: datetime,
    end: datetime,
    *,
    excluding_contact_id: int | None = None,
) -> list[Busy]:
    """What occupies the counsellor between ``start`` and ``end`` (two statements)."""
    busy = [
        Busy(c.planned_at, contact_end(c), c.accompaniment.person.full_name, contact=c)
        for c in planned_contacts(session, counsellor.id, start, end)
        if c.id != excluding_contact_id and contact_end(c) > start
    ]
    busy += [
        Busy(ws.starts_at, ws.ends_at, ws.workshop.label, workshop_session=ws)
        for ws in facilitated_sessions(session, counsellor, start, end)
    ]
    return sorted(busy, key=lambda b: (b.starts_at, b.ends_at))


def overlapping(busy: Iterable[Busy], starts_at: datetime, ends_at: datetime) -> list[Busy]:
    return [b for b in busy if b.starts_at < ends_at and b.ends_at > starts_at]


def free_slots(
    session: Session,
    counsellor: Counsellor,
    *,
    since: datetime,
    until: date,
    duration_minutes: int = DEFAULT_DURATION_MINUTES,
    limit: int = 8,
) -> list[datetime]:
    """The first free starts (every 30 minutes within working hours, minus appointments and
    sessions) from ``since`` to the end of ``until``: three statements whatever the range."""
    if until < since.date():
        return []
    end = datetime.combine(until + timedelta(days=1), time.min)
    periods = working_hours(session, counsellor.id)
    busy = busy_periods(session, counsellor, since, end)
    length = timedelta(minutes=duration_minutes)
    step = timedelta(minutes=SLOT_STEP_MINUTES)
    slots: list[datetime] = []
    day = since.date()
    while day <= until and len(slots) < limit:
        for period in (p for p in periods if p.weekday == day.weekday()):
            start = datetime.combine(day, period.starts_at)
            period_end = datetime.combine(day, period.ends_at)
            while start + length <= period_end and len(slots) < limit:
                if start >= since and not overlapping(busy, start, start + length):
                    slots.append(start)
                start += step
        day += timedelta(days=1)
    return slots
