"""Read queries of the attendance pages: each is one bounded statement, whatever the row count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from schema.audit import AuditLog
from schema.contacts import Contact
from schema.pathway import OPEN_STATUSES, Accompaniment
from schema.people import Person
from schema.text import fold
from schema.workshops import Attendance, Workshop, WorkshopSession

MARK_ACTIONS = ("attendance_mark", "attendance_register")


@dataclass(frozen=True)
class SessionRow:
    session: WorkshopSession
    taken: int

    @property
    def free(self) -> int:
        return max(self.session.capacity - self.taken, 0)


def sessions_overview(session: Session, since: datetime) -> list[SessionRow]:
    """Séances from ``since`` on, each with its places taken: one statement with an aggregate."""
    taken = func.count(Attendance.id)
    query = (
        select(WorkshopSession, taken)
        .join(WorkshopSession.workshop)
        .outerjoin(Attendance, Attendance.session_id == WorkshopSession.id)
        .options(contains_eager(WorkshopSession.workshop))
        .where(WorkshopSession.starts_at >= since)
        .group_by(WorkshopSession.id, Workshop.id)
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
    )
    return [SessionRow(ws, count) for ws, count in session.execute(query).unique().all()]


def session_with_workshop(session: Session, session_id: int) -> WorkshopSession | None:
    return session.scalar(
        select(WorkshopSession)
        .options(joinedload(WorkshopSession.workshop))
        .where(WorkshopSession.id == session_id)
    )


def registration_candidates(session_id: int, term: str) -> Select:
    """Open accompaniments whose person's name or CAF number starts with ``term``, not yet
    registered on the séance (the caller applies the user's scope)."""
    key = fold(term)
    registered = select(Attendance.person_id).where(Attendance.session_id == session_id)
    return (
        select(Accompaniment)
        .join(Accompaniment.person)
        .outerjoin(Accompaniment.counsellor)
        .options(contains_eager(Accompaniment.person), contains_eager(Accompaniment.counsellor))
        .where(
            Accompaniment.status.in_([s.value for s in OPEN_STATUSES]),
            Accompaniment.person_id.not_in(registered),
            or_(
                Person.search_key.like(f"{key}%"),
                Person.search_key.like(f"% {key}%"),
                Person.caf_number.like(f"{term.strip()}%"),
            ),
        )
        .order_by(Person.search_key, Person.id)
        .limit(20)
    )


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime  # UTC
    user_label: str | None
    person_name: str
    detail: str | None


def sheet_history(
    session: Session, session_id: int, within: ColumnElement[bool] | None = None
) -> list[HistoryEntry]:
    """The marks and re-marks of a sheet, newest first, from the audit trail (one statement);
    ``within`` limits them to the lines the user may see."""
    attendance_ids = select(Attendance.id).where(Attendance.session_id == session_id)
    if within is not None:
        attendance_ids = attendance_ids.where(within)
    rows = session.execute(
        select(AuditLog, Person)
        .outerjoin(Person, Person.id == AuditLog.person_id)
        .where(
            AuditLog.action.in_(MARK_ACTIONS),
            AuditLog.entity == "Attendance",
            AuditLog.entity_id.in_(attendance_ids),
        )
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(200)
    ).all()
    return [
        HistoryEntry(log.at, log.user_label, person.full_name if person else "—", log.detail)
        for log, person in rows
    ]


def day_interviews(day: date) -> Select:
    """Individual appointments planned on ``day`` (the caller applies the user's scope)."""
    start = datetime.combine(day, datetime.min.time())
    return (
        select(Contact)
        .join(Contact.accompaniment)
        .join(Accompaniment.person)
        .outerjoin(Accompaniment.counsellor)
        .options(
            contains_eager(Contact.accompaniment).contains_eager(Accompaniment.person),
            contains_eager(Contact.accompaniment).contains_eager(Accompaniment.counsellor),
        )
        .where(Contact.planned_at >= start, Contact.planned_at < start + timedelta(days=1))
        .order_by(Contact.planned_at, Person.search_key, Contact.id)
    )


def person_attendances(person_id: int) -> Select:
    """A person's workshop registrations, newest séance first."""
    return (
        select(Attendance)
        .join(Attendance.session)
        .options(
            contains_eager(Attendance.session).joinedload(WorkshopSession.workshop),
        )
        .where(Attendance.person_id == person_id)
        .order_by(WorkshopSession.starts_at.desc(), Attendance.id.desc())
    )


def person_interviews(person_id: int) -> Select:
    """A person's individual contacts over all their accompaniments, newest first."""
    return (
        select(Contact)
        .join(Contact.accompaniment)
        .outerjoin(Accompaniment.counsellor)
        .options(
            contains_eager(Contact.accompaniment).contains_eager(Accompaniment.counsellor),
        )
        .where(Accompaniment.person_id == person_id)
        .order_by(Contact.planned_at.desc(), Contact.id.desc())
    )
